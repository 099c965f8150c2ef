import { createHash, createHmac } from 'node:crypto';

/**
 * The pieces of a SigV4 canonical request, rebuilt from what arrived on the wire. The
 * server computes these itself rather than re-signing with an SDK signer, because a
 * signer decides which headers to sign and may add headers of its own; a verifier must
 * use exactly the headers the client listed and nothing else.
 */

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The canonical URI for services other than S3: dot segments and empty segments removed,
 * then the already percent-encoded path is encoded once more (so `%3A` becomes `%253A`),
 * which is what every AWS SDK signs.
 */
export function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  return `/${segments.map(uriEncode).join('/')}${trailing}`;
}

/** Decoded query pairs, each encoded, sorted by key then value, joined with `&`. */
export function canonicalQuery(query: URLSearchParams): string {
  const pairs: Array<[string, string]> = [];
  for (const [k, v] of query) pairs.push([uriEncode(k), uriEncode(v)]);
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** All values a header arrived with (`rawHeaders` keeps repeats), trimmed, inner runs of spaces collapsed, joined by `,`. */
export function canonicalHeaderValue(rawHeaders: readonly string[], name: string): string | undefined {
  const values: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if ((rawHeaders[i] as string).toLowerCase() === name)
      values.push((rawHeaders[i + 1] as string).trim().replace(/\s+/g, ' '));
  }
  return values.length > 0 ? values.join(',') : undefined;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}
