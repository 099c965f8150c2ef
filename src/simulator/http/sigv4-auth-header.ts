import { SimError, type SimErrorName } from '../operations/errors.js';

/**
 * The common authentication errors every AWS JSON service answers with. The body carries
 * `message` as AWS's does (so SDKs show it as the error message) and `exceptionMessage`
 * like every other simulator error.
 */
export const authError = (
  name: Extract<
    SimErrorName,
    | 'MissingAuthenticationTokenException'
    | 'IncompleteSignatureException'
    | 'InvalidSignatureException'
    | 'UnrecognizedClientException'
  >,
  message: string,
) => new SimError(name, message, { message });

export interface ParsedAuthorization {
  keyId: string;
  scopeDate: string;
  scopeRegion: string;
  scopeService: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
}

/**
 * Splits `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`. Anything
 * missing or malformed is `IncompleteSignatureException` (400), with the wording AWS
 * uses, which names every missing part at once and quotes the header back.
 */
export function parseAuthorization(header: string, hasAmzDate: boolean): ParsedAuthorization {
  const incomplete = (message: string) => authError('IncompleteSignatureException', message);
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  const params = new Map<string, string>();
  if (algorithm === 'AWS4-HMAC-SHA256') {
    for (const part of (space < 0 ? '' : header.slice(space + 1)).split(',')) {
      const pair = part.trim();
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      if (eq < 0)
        throw incomplete(
          `'${pair}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`,
        );
      params.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  } else if (algorithm.startsWith('AWS4-')) {
    throw incomplete(`Unsupported AWS 'algorithm': '${algorithm}'.`);
  }
  const problems = ['Credential', 'Signature', 'SignedHeaders']
    .filter((p) => !params.get(p))
    .map((p) => `Authorization header requires '${p}' parameter.`);
  if (!hasAmzDate)
    problems.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (problems.length > 0) throw incomplete(`${problems.join(' ')} Authorization=${header}`);

  const credential = params.get('Credential') as string;
  const parts = credential.split('/');
  if (parts.length !== 5 || parts.some((p) => p === '')) {
    throw incomplete(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  const [keyId, scopeDate, scopeRegion, scopeService, terminator] = parts as [string, string, string, string, string];
  return {
    keyId,
    scopeDate,
    scopeRegion,
    scopeService,
    terminator,
    signedHeaders: (params.get('SignedHeaders') as string).split(';').map((h) => h.trim().toLowerCase()),
    signature: params.get('Signature') as string,
  };
}
