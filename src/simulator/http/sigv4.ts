import { createHash, createHmac, timingSafeEqual, type BinaryLike } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { SimError } from '../errors.js';

export interface SimCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SignedRequest {
  method: string;
  /** The path exactly as received (still percent-encoded), without the query. */
  rawPath: string;
  query: Record<string, string | string[]>;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function toBinary(data: string | ArrayBuffer | ArrayBufferView): BinaryLike {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** Node's hash behind the `Checksum` interface the signer expects. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBinary(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBinary(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    throw new Error('NodeSha256.reset is not supported');
  }
}

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

const denied = (message: string) => new SimError('AccessDeniedException', message);

/**
 * Checks a request's SigV4 signature the way AWS does: the key id must be ours, the
 * scope must name our region and the `ivs` service (both IVS and IVS RealTime sign
 * as `ivs`), the date must be within the skew window, the declared body hash must be
 * the body's, and the signature recomputed over exactly the signed headers must match.
 * Re-signing uses `@smithy/signature-v4`, the same code the SDK signs with.
 */
export class SigV4Verifier {
  private readonly signer: SignatureV4;

  constructor(
    private readonly credentials: SimCredentials,
    private readonly region: string,
    private readonly maxSkewMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.signer = new SignatureV4({
      credentials,
      region,
      service: 'ivs',
      sha256: NodeSha256,
      uriEscapePath: true,
      applyChecksum: true,
    });
  }

  async verify(req: SignedRequest): Promise<void> {
    const header = req.headers.authorization;
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

    const amzDate = single(req.headers['x-amz-date']);
    const d = amzDate ? AMZ_DATE.exec(amzDate) : null;
    if (!amzDate || !d) throw denied('Missing or malformed X-Amz-Date header');
    const signingDate = new Date(Date.UTC(+d[1]!, +d[2]! - 1, +d[3]!, +d[4]!, +d[5]!, +d[6]!));
    if (amzDate.slice(0, 8) !== scopeDate) throw denied('Credential scope date does not match X-Amz-Date');
    const skew = Math.abs(this.now() - signingDate.getTime());
    if (skew > this.maxSkewMs) {
      throw denied(`Signature expired: ${amzDate} is more than ${Math.round(this.maxSkewMs / 1000)} s away from the server time ${toAmzDate(new Date(this.now()))}`);
    }

    const declaredHash = single(req.headers['x-amz-content-sha256']);
    if (declaredHash !== undefined && declaredHash !== 'UNSIGNED-PAYLOAD') {
      const actual = createHash('sha256').update(req.body).digest('hex');
      if (declaredHash !== actual) throw denied('The provided x-amz-content-sha256 header does not match what was computed');
    }

    const names = signedHeaderList.split(';');
    if (!names.includes('host')) throw denied("SignedHeaders must include 'host'");
    const headers: Record<string, string> = {};
    for (const name of names) {
      const value = req.headers[name];
      if (value === undefined) throw denied(`Signed header '${name}' is missing from the request`);
      headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const host = headers.host ?? '';
    const colon = host.lastIndexOf(':');
    const signed = await this.signer.sign(
      {
        method: req.method,
        protocol: 'http:',
        hostname: colon > 0 ? host.slice(0, colon) : host,
        ...(colon > 0 ? { port: Number(host.slice(colon + 1)) } : {}),
        path: req.rawPath,
        query: req.query,
        headers,
        body: req.body.length > 0 ? req.body : undefined,
      },
      { signingDate, signingRegion: this.region, signingService: 'ivs' },
    );
    const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? signed.headers.Authorization))?.[1];
    if (!expected || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
      throw denied('The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.');
    }
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function toAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
