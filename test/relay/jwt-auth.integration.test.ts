import { createSign, generateKeyPairSync } from 'node:crypto';
import { IvsClient } from '@aws-sdk/client-ivs';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startRelay, type Relay } from '../../src/relay/server/index.js';
import { startIvsSimulator, type IvsSimulator } from '../../src/simulator/index.js';

/**
 * The README's "Authentication with a Cognito or OIDC JWT", run: aws-jwt-verify's
 * JwtRsaVerifier checks RS256 tokens against a JWKS (cached here: no network), and the
 * relay refuses every token it rejects before any read is made.
 */
const ISSUER = 'https://issuer.example.com';
const AUDIENCE = 'ivs-dashboard';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function jwt(claims: Record<string, unknown>, key = keys.privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${b64({ iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 600, sub: 'ada', ...claims })}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(key).toString('base64url')}`;
}

interface Outcome {
  welcomed: boolean;
  close?: { code: number; reason: string };
}

/** A raw socket's hello with `token`: welcomed, or closed with a code and reason. */
function hello(url: string, token: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('open', () => ws.send(JSON.stringify({ v: 1, t: 'hello', token })));
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { t: string };
      if (m.t === 'welcome') {
        ws.close();
        resolve({ welcomed: true });
      }
    });
    ws.on('close', (code, reason) => resolve({ welcomed: false, close: { code, reason: String(reason) } }));
  });
}

describe('relay authentication with aws-jwt-verify', () => {
  let sim: IvsSimulator;
  let ivs: IvsClient;
  let relay: Relay;

  beforeAll(async () => {
    sim = await startIvsSimulator({});
    ivs = new IvsClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 });
    const verifier = JwtRsaVerifier.create({ issuer: ISSUER, audience: AUDIENCE, jwksUri: `${ISSUER}/jwks.json` });
    const { n, e } = keys.publicKey.export({ format: 'jwk' });
    verifier.cacheJwks({ keys: [{ kty: 'RSA', n: n!, e: e!, kid: 'k1', alg: 'RS256', use: 'sig' }] });
    relay = await startRelay({
      ivs,
      authenticate: async ({ token }) => (token ? await verifier.verify(token) : undefined),
    });
    sim.control.clearRequests();
  });

  afterAll(async () => {
    await relay?.stop();
    ivs?.destroy();
    await sim?.stop();
  });

  it('welcomes a token the verifier accepts', async () => {
    expect(await hello(relay.url, jwt({}))).toEqual({ welcomed: true });
  });

  it.each([
    ['expired', () => jwt({ exp: Math.floor(Date.now() / 1000) - 60 })],
    ['of another audience', () => jwt({ aud: 'someone-else' })],
    ['of another issuer', () => jwt({ iss: 'https://evil.example.com' })],
    ['signed by another key', () => jwt({}, other.privateKey)],
    ['not a JWT', () => 'not-a-jwt'],
  ])('closes the socket with 4401 for a token %s, and reads nothing', async (_name, token) => {
    const t = token();
    const outcome = await hello(relay.url, t);
    expect(outcome.welcomed).toBe(false);
    expect(outcome.close?.code).toBe(4401);
    // The reason says what, never the token itself.
    expect(outcome.close?.reason).not.toContain(t);
    expect(sim.control.requests()).toEqual([]);
  });
});
