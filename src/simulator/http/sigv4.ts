import { timingSafeEqual } from 'node:crypto';
import { SimError } from '../errors.js';
import { canonicalHeaderValue, canonicalPath, canonicalQuery, hmac, sha256Hex } from './sigv4-canonical.js';

export interface SimCredentials {
  accessKeyId: string;
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

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

const denied = (message: string) => new SimError('AccessDeniedException', message);

/**
 * Checks a request's SigV4 signature the way AWS does for IVS: the key id must be ours,
 * the scope must name our region and the `ivs` service (both IVS and IVS RealTime sign
 * as `ivs`), the date must be within the skew window, and the signature recomputed over
 * exactly the headers the client listed in SignedHeaders must match.
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
    if (!header) throw denied('Missing Authentication Token: the request is not signed');
    const m = AUTH.exec(header);
    if (!m) throw denied('Authorization header is not a valid AWS4-HMAC-SHA256 signature');
    const [, keyId, scopeDate, scopeRegion, scopeService, signedHeaderList, signature] = m as unknown as [string, string, string, string, string, string, string];
    if (keyId !== this.credentials.accessKeyId) {
      throw denied('The security token included in the request is invalid: unknown access key id');
    }
    if (scopeRegion !== this.region) {
      throw denied(`Credential should be scoped to a valid region: expected '${this.region}', got '${scopeRegion}'`);
    }
    if (scopeService !== 'ivs') {
      throw denied(`Credential should be scoped to correct service: expected 'ivs', got '${scopeService}'`);
    }

    const amzDate = canonicalHeaderValue(req.rawHeaders, 'x-amz-date');
    const d = amzDate ? AMZ_DATE.exec(amzDate) : null;
    if (!amzDate || !d) throw denied('Missing or malformed X-Amz-Date header');
    const signingTime = Date.UTC(+d[1]!, +d[2]! - 1, +d[3]!, +d[4]!, +d[5]!, +d[6]!);
    if (amzDate.slice(0, 8) !== scopeDate) throw denied('Credential scope date does not match X-Amz-Date');
    const skew = Math.abs(this.now() - signingTime);
    if (skew > this.maxSkewMs) {
      throw denied(`Signature expired: ${amzDate} is more than ${Math.round(this.maxSkewMs / 1000)} s away from the server time ${toAmzDate(new Date(this.now()))}`);
    }

    const payloadHash = sha256Hex(req.body);
    const declared = canonicalHeaderValue(req.rawHeaders, 'x-amz-content-sha256');
    if (declared !== undefined && declared !== payloadHash) {
      throw denied(
        declared === 'UNSIGNED-PAYLOAD'
          ? 'x-amz-content-sha256 UNSIGNED-PAYLOAD is not accepted: sign the SHA-256 of the body'
          : 'The provided x-amz-content-sha256 header does not match what was computed',
      );
    }

    const names = signedHeaderList.split(';');
    if (!names.includes('host')) throw denied("SignedHeaders must include 'host'");
    const lines: string[] = [];
    for (const name of names) {
      const value = canonicalHeaderValue(req.rawHeaders, name);
      if (value === undefined) throw denied(`Signed header '${name}' is missing from the request`);
      lines.push(`${name}:${value}\n`);
    }
    const canonicalRequest = [req.method, canonicalPath(req.rawPath), canonicalQuery(req.query), lines.join(''), signedHeaderList, payloadHash].join('\n');
    const scope = `${scopeDate}/${scopeRegion}/ivs/aws4_request`;
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
    const expected = hmac(this.signingKey(scopeDate), stringToSign).toString('hex');
    if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
      throw denied('The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.');
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

function toAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
