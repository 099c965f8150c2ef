import { timingSafeEqual } from 'node:crypto';
import { authError, parseAuthorization } from './sigv4-auth-header.js';
import { canonicalHeaderValue, canonicalPath, canonicalQuery, hmac, sha256Hex } from './sigv4-canonical.js';

/** The credentials requests must be signed with (SigV4), as the SDK clients take them. */
export interface SimCredentials {
  /** The access key id. */
  accessKeyId: string;
  /** The secret access key. */
  secretAccessKey: string;
}

export interface SignedRequest {
  method: string;
  /** The path exactly as received (still percent-encoded), without the query. */
  rawPath: string;
  query: URLSearchParams;
  /** Header names and values as received, alternating (Node's `rawHeaders`). */
  rawHeaders: readonly string[];
  body: Buffer;
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

const invalid = (message: string) => authError('InvalidSignatureException', message);

/**
 * Checks a request's SigV4 signature the way AWS does for IVS: the key id must be ours,
 * the scope must name our region and the `ivs` service (both IVS and IVS RealTime sign
 * as `ivs`), the date must be within the skew window, and the signature recomputed over
 * exactly the headers the client listed in SignedHeaders must match.
 *
 * Failures use AWS's common codes. A date outside the window is `InvalidSignatureException`
 * ("Signature expired"), one of the codes the AWS SDKs treat as clock skew: with the
 * response's Date header they correct their clock and retry.
 *
 * The payload hash in the canonical request is always the SHA-256 of the body the
 * server received. `x-amz-content-sha256` is optional (botocore does not send it for
 * IVS); when sent it must be that hash. `UNSIGNED-PAYLOAD` is an S3 feature: accepting
 * it here would let a captured request be replayed with another body.
 */
export class SigV4Verifier {
  private readonly keys = new Map<string, Buffer>();

  constructor(
    private readonly credentials: SimCredentials,
    private readonly region: string,
    private readonly maxSkewMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(req: SignedRequest): Promise<void> {
    const header = canonicalHeaderValue(req.rawHeaders, 'authorization');
    if (!header) throw authError('MissingAuthenticationTokenException', 'Missing Authentication Token');
    const amzDate = canonicalHeaderValue(req.rawHeaders, 'x-amz-date') ?? '';
    const auth = parseAuthorization(header, amzDate !== '');
    if (auth.keyId !== this.credentials.accessKeyId) {
      throw authError('UnrecognizedClientException', 'The security token included in the request is invalid.');
    }
    if (auth.scopeRegion !== this.region)
      throw invalid(`Credential should be scoped to a valid region, not '${auth.scopeRegion}'.`);
    if (auth.scopeService !== 'ivs') throw invalid("Credential should be scoped to correct service: 'ivs'.");
    if (auth.terminator !== 'aws4_request')
      throw invalid(`Credential should be scoped with a valid terminator: 'aws4_request', not '${auth.terminator}'.`);

    const d = AMZ_DATE.exec(amzDate);
    if (!d)
      throw authError(
        'IncompleteSignatureException',
        `X-Amz-Date must be in the ISO8601 basic format yyyyMMdd'T'HHmmss'Z', got '${amzDate}'.`,
      );
    if (!amzDate.startsWith(auth.scopeDate)) {
      throw invalid(
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
      );
    }
    this.checkSkew(amzDate, Date.UTC(+d[1]!, +d[2]! - 1, +d[3]!, +d[4]!, +d[5]!, +d[6]!));
    if (!auth.signedHeaders.includes('host')) {
      throw authError(
        'IncompleteSignatureException',
        "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
      );
    }

    const payloadHash = sha256Hex(req.body);
    const declared = canonicalHeaderValue(req.rawHeaders, 'x-amz-content-sha256');
    if (declared !== undefined && declared !== payloadHash) {
      throw invalid(
        declared === 'UNSIGNED-PAYLOAD'
          ? "The provided 'x-amz-content-sha256' header must be the SHA-256 of the payload: UNSIGNED-PAYLOAD is not supported by this service."
          : "The provided 'x-amz-content-sha256' header does not match what was computed.",
      );
    }

    // A signed header the request lacks cannot match; AWS reports it as a mismatch too.
    const lines = auth.signedHeaders.map((name) => `${name}:${canonicalHeaderValue(req.rawHeaders, name) ?? ''}\n`);
    const signedList = auth.signedHeaders.join(';');
    const canonicalRequest = [
      req.method,
      canonicalPath(req.rawPath),
      canonicalQuery(req.query),
      lines.join(''),
      signedList,
      payloadHash,
    ].join('\n');
    const scope = `${auth.scopeDate}/${this.region}/ivs/aws4_request`;
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
    const expected = Buffer.from(hmac(this.signingKey(auth.scopeDate), stringToSign).toString('hex'));
    const given = Buffer.from(auth.signature);
    if (given.length !== expected.length || !timingSafeEqual(expected, given)) {
      // As AWS does, the message shows what the server signed, so a client can diff its own.
      throw invalid(
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.' +
          `\n\nThe Canonical String for this request should have been\n'${canonicalRequest}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`,
      );
    }
  }

  /** AWS's wording, with the window in minutes: "earlier than <now - window> (<now> - 5 min.)". */
  private checkSkew(amzDate: string, signingTime: number): void {
    const now = this.now();
    const window = `${+(this.maxSkewMs / 60_000).toFixed(3)} min.`;
    if (signingTime < now - this.maxSkewMs) {
      throw invalid(
        `Signature expired: ${amzDate} is now earlier than ${toAmzDate(now - this.maxSkewMs)} (${toAmzDate(now)} - ${window})`,
      );
    }
    if (signingTime > now + this.maxSkewMs) {
      throw invalid(
        `Signature not yet current: ${amzDate} is still later than ${toAmzDate(now + this.maxSkewMs)} (${toAmzDate(now)} + ${window})`,
      );
    }
  }

  /** The derived key depends only on the day; the handful of days a run spans are cached. */
  private signingKey(day: string): Buffer {
    let key = this.keys.get(day);
    if (!key) {
      key = hmac(hmac(hmac(hmac(`AWS4${this.credentials.secretAccessKey}`, day), this.region), 'ivs'), 'aws4_request');
      if (this.keys.size > 8) this.keys.clear();
      this.keys.set(day, key);
    }
    return key;
  }
}

function toAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
