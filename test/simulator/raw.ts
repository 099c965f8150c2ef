import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { IvsSimulator, SimCredentials } from '../../src/simulator/index.js';

export interface RawResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown> | undefined;
}

export interface RawSigning {
  credentials?: SimCredentials;
  date?: Date;
  region?: string;
  service?: string;
  /**
   * The `x-amz-content-sha256` header: the body's hash by default (what the JS SDK
   * sends), `false` to leave it out (what botocore sends for IVS), or a fixed value
   * that is also used as the payload hash in the signature (e.g. `UNSIGNED-PAYLOAD`).
   */
  contentSha256?: false | string;
}

/**
 * Sends one request by hand, signed (or not) the way a test wants, to see exactly
 * what the simulator answers where the SDK would hide it.
 */
export async function rawRequest(
  sim: IvsSimulator,
  opts: {
    method?: string;
    path: string;
    body?: string;
    sign?: false | RawSigning;
    /** Sent and, when signing, signed. */
    headers?: Record<string, string>;
    /** Added after signing, so not signed. */
    unsignedHeaders?: Record<string, string>;
    /** Change the body after signing. */
    tamperBody?: string;
    /** Replace the Authorization header after signing. */
    authorization?: string;
  },
): Promise<RawResponse> {
  const url = new URL(sim.endpoint);
  const method = opts.method ?? 'POST';
  const body = opts.body ?? (method === 'POST' ? '{}' : undefined);
  const [path, search] = opts.path.split('?') as [string, string | undefined];
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(search ?? '')) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  let headers: Record<string, string> = { host: url.host, 'content-type': 'application/json', ...opts.headers };
  if (opts.sign !== false) {
    const s = opts.sign ?? {};
    if (typeof s.contentSha256 === 'string') headers['x-amz-content-sha256'] = s.contentSha256;
    const signer = new SignatureV4({
      credentials: s.credentials ?? sim.credentials,
      region: s.region ?? sim.region,
      service: s.service ?? 'ivs',
      sha256: Sha256,
      applyChecksum: s.contentSha256 !== false,
    });
    const signed = await signer.sign(
      { method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path, query, headers, body },
      s.date ? { signingDate: s.date } : {},
    );
    headers = signed.headers as Record<string, string>;
  }
  if (opts.authorization !== undefined) headers.authorization = opts.authorization;
  const { host: _host, ...sendHeaders } = { ...headers, ...opts.unsignedHeaders };
  const res = await fetch(`${sim.endpoint}${opts.path}`, {
    method,
    headers: sendHeaders,
    body: opts.tamperBody ?? body,
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}
