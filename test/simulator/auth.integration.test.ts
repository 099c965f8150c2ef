import { IvsClient, ListChannelsCommand } from '@aws-sdk/client-ivs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, startTestSimulator, type TestSimulator } from './harness.js';
import { rawRequest } from './raw.js';

describe('SigV4: only requests signed with the simulator credentials get through', () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startTestSimulator();
  });
  afterAll(() => t.stop());

  it('accepts the real SDK client signed with the returned credentials', async () => {
    const out = await t.ivs.send(new ListChannelsCommand({}));
    expect(out.channels).toEqual([]);
    expect(t.sim.control.countRequests({ operation: 'ListChannels', status: 200 })).toBe(1);
  });

  it('generates random credentials per start unless fixed by option', async () => {
    const other = await startTestSimulator();
    expect(other.sim.credentials.accessKeyId).not.toBe(t.sim.credentials.accessKeyId);
    expect(other.sim.credentials.secretAccessKey).not.toBe(t.sim.credentials.secretAccessKey);
    await other.stop();
    const fixed = await startTestSimulator({
      credentials: { accessKeyId: 'AKIDFIXED', secretAccessKey: 'fixed-secret' },
    });
    expect(fixed.sim.credentials).toEqual({ accessKeyId: 'AKIDFIXED', secretAccessKey: 'fixed-secret' });
    const client = new IvsClient({
      endpoint: fixed.sim.endpoint,
      region: fixed.sim.region,
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIDFIXED', secretAccessKey: 'fixed-secret' },
    });
    expect((await client.send(new ListChannelsCommand({}))).channels).toEqual([]);
    client.destroy();
    await fixed.stop();
  });

  it('refuses a wrong secret with 403 InvalidSignatureException', async () => {
    const client = new IvsClient({
      endpoint: t.sim.endpoint,
      region: t.sim.region,
      maxAttempts: 1,
      credentials: { accessKeyId: t.sim.credentials.accessKeyId, secretAccessKey: 'not-the-secret' },
    });
    const err = await expectServiceError(
      client.send(new ListChannelsCommand({})),
      'InvalidSignatureException',
      403,
      /signature we calculated does not match/,
    );
    // The body carries `message` as AWS's does, so the SDK's error message is the real one.
    expect(err.message).toMatch(/^The request signature we calculated does not match/);
    expect(err.message).toMatch(/Canonical String for this request should have been\n'POST\n\/ListChannels\n/);
    client.destroy();
  });

  it('refuses an unknown access key id with 403 UnrecognizedClientException', async () => {
    const client = new IvsClient({
      endpoint: t.sim.endpoint,
      region: t.sim.region,
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIDSOMEONEELSE', secretAccessKey: t.sim.credentials.secretAccessKey },
    });
    await expectServiceError(
      client.send(new ListChannelsCommand({})),
      'UnrecognizedClientException',
      403,
      'The security token included in the request is invalid.',
    );
    client.destroy();
  });

  it('refuses an unsigned request with 403 MissingAuthenticationTokenException', async () => {
    const res = await rawRequest(t.sim, { path: '/ListChannels', sign: false });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(res.body).toEqual({
      message: 'Missing Authentication Token',
      exceptionMessage: 'Missing Authentication Token',
    });
  });

  it('refuses a malformed Authorization header with 400 IncompleteSignatureException, naming what is missing', async () => {
    const cases: Array<[string, RegExp]> = [
      [
        'Bearer abc',
        /requires 'Credential' parameter\. .*requires 'Signature' parameter\. .*requires 'SignedHeaders' parameter\..* Authorization=Bearer abc$/,
      ],
      [
        `AWS4-HMAC-SHA256 Credential=${t.sim.credentials.accessKeyId}/20250101/us-east-1/ivs/aws4_request, SignedHeaders=host`,
        /requires 'Signature' parameter\./,
      ],
      [
        `AWS4-HMAC-SHA256 Credential= ${t.sim.credentials.accessKeyId}, SignedHeaders=host, Signature=00`,
        /Credential must have exactly 5 slash-delimited elements/,
      ],
      [
        'AWS4-HMAC-SHA256 Credential=a/b/c/d/e SignedHeaders=host, Signature=00',
        /Signature=00' not a valid key=value pair|requires 'SignedHeaders'/,
      ],
      [
        'AWS4-HMAC-SHA256 junk, SignedHeaders=host, Signature=00',
        /'junk' not a valid key=value pair \(missing equal-sign\)/,
      ],
    ];
    for (const [authorization, message] of cases) {
      const res = await rawRequest(t.sim, { path: '/ListChannels', authorization });
      expect(res.status, authorization).toBe(400);
      expect(res.headers.get('x-amzn-errortype')).toBe('IncompleteSignatureException');
      expect(res.body?.message, authorization).toMatch(message);
    }
    const noDate = await rawRequest(t.sim, {
      path: '/ListChannels',
      sign: false,
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=${t.sim.credentials.accessKeyId}/20250101/us-east-1/ivs/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
      },
    });
    expect(noDate.status).toBe(400);
    expect(noDate.body?.message).toMatch(/requires existence of either a 'X-Amz-Date' or a 'Date' header/);
  });

  it('refuses a request whose SignedHeaders leave out host', async () => {
    const res = await rawRequest(t.sim, {
      path: '/ListChannels',
      authorization: `AWS4-HMAC-SHA256 Credential=${t.sim.credentials.accessKeyId}/${new Date().toISOString().slice(0, 10).replace(/-/g, '')}/us-east-1/ivs/aws4_request, SignedHeaders=x-amz-date, Signature=${'0'.repeat(64)}`,
    });
    expect(res.status).toBe(400);
    expect(res.body?.message).toMatch(/'Host' or ':authority' must be a 'SignedHeader'/);
  });

  it('refuses a scope date that is not the X-Amz-Date day, and a signature that is not hex, as InvalidSignatureException', async () => {
    const today = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    const auth = (day: string, signature: string) =>
      `AWS4-HMAC-SHA256 Credential=${t.sim.credentials.accessKeyId}/${day}/${t.sim.region}/ivs/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`;
    const day = await rawRequest(t.sim, { path: '/ListChannels', authorization: auth('20000101', '0'.repeat(64)) });
    expect(day.status).toBe(403);
    expect(day.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    expect(day.body?.message).toMatch(
      /^Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20000101' != '\d{8}'/,
    );
    // 64 characters, but not 64 bytes once encoded: still just a wrong signature.
    const odd = await rawRequest(t.sim, {
      path: '/ListChannels',
      authorization: auth(today, `\u00e9${'0'.repeat(63)}`),
    });
    expect(odd.status).toBe(403);
    expect(odd.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    expect(t.sim.control.countRequests({ status: 500 })).toBe(0);
  });

  it('refuses a signature date outside the clock-skew window with 403 InvalidSignatureException, worded as AWS does', async () => {
    const fresh = await rawRequest(t.sim, { path: '/ListChannels' });
    expect(fresh.status).toBe(200);
    const stale = await rawRequest(t.sim, {
      path: '/ListChannels',
      sign: { date: new Date(Date.now() - 20 * 60_000) },
    });
    expect(stale.status).toBe(403);
    expect(stale.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    expect(stale.body?.message).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
    );
    const future = await rawRequest(t.sim, {
      path: '/ListChannels',
      sign: { date: new Date(Date.now() + 20 * 60_000) },
    });
    expect(future.status).toBe(403);
    expect(future.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    expect(future.body?.message).toMatch(
      /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/,
    );
  });

  it('refuses a body changed after signing (the body hash is checked)', async () => {
    const res = await rawRequest(t.sim, { path: '/ListChannels', body: '{}', tamperBody: '{"maxResults":5}' });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    expect(res.body?.message).toMatch(/x-amz-content-sha256' header does not match/);
    // Without the header (botocore's way) the server's own body hash catches it as a signature mismatch.
    const bare = await rawRequest(t.sim, {
      path: '/ListChannels',
      body: '{}',
      tamperBody: '{"maxResults":5}',
      sign: { contentSha256: false },
    });
    expect(bare.status).toBe(403);
    expect(bare.body?.message).toMatch(/signature we calculated does not match/);
  });

  it('refuses a signature scoped to another region or service', async () => {
    const region = await rawRequest(t.sim, { path: '/ListChannels', sign: { region: 'eu-west-1' } });
    expect(region.status).toBe(403);
    expect(region.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    expect(region.body?.message).toBe("Credential should be scoped to a valid region, not 'eu-west-1'.");
    const service = await rawRequest(t.sim, { path: '/ListChannels', sign: { service: 's3' } });
    expect(service.status).toBe(403);
    expect(service.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    expect(service.body?.message).toBe("Credential should be scoped to correct service: 'ivs'.");
  });

  it('sends a Date header, so an SDK with a skewed clock corrects itself, as against AWS', async () => {
    const client = new IvsClient({
      endpoint: t.sim.endpoint,
      region: t.sim.region,
      credentials: t.sim.credentials,
      maxAttempts: 1,
      systemClockOffset: -30 * 60_000,
    });
    const before = t.sim.control.requests({ operation: 'ListChannels' }).length;
    await expectServiceError(
      client.send(new ListChannelsCommand({})),
      'InvalidSignatureException',
      403,
      /Signature expired/,
    );
    await expect(client.send(new ListChannelsCommand({}))).resolves.toBeDefined();
    expect(
      t.sim.control
        .requests({ operation: 'ListChannels' })
        .slice(before)
        .map((r) => r.status),
    ).toEqual([403, 200]);
    client.destroy();
  });

  // The SDK retries InvalidSignatureException only when its message says "Signature expired",
  // so the name and the body's `message` both matter here.
  it('an SDK with default retries treats "Signature expired" as clock skew: one call, corrected and retried', async () => {
    const client = new IvsClient({
      endpoint: t.sim.endpoint,
      region: t.sim.region,
      credentials: t.sim.credentials,
      systemClockOffset: -30 * 60_000,
    });
    const before = t.sim.control.requests({ operation: 'ListChannels' }).length;
    await expect(client.send(new ListChannelsCommand({}))).resolves.toBeDefined();
    const seen = t.sim.control.requests({ operation: 'ListChannels' }).slice(before);
    expect(seen.map((r) => [r.status, r.errorName])).toEqual([
      [403, 'InvalidSignatureException'],
      [200, undefined],
    ]);
    client.destroy();
  });

  it('accepts a request signed without x-amz-content-sha256, as botocore and the AWS CLI sign for IVS', async () => {
    const res = await rawRequest(t.sim, { path: '/ListChannels', sign: { contentSha256: false } });
    expect(res.status).toBe(200);
    const tagged = t.sim.control.ivs.createChannel({ name: 'botocore-style' });
    const del = await rawRequest(t.sim, {
      method: 'DELETE',
      path: `/tags/${encodeURIComponent(tagged.arn)}?tagKeys=a`,
      sign: { contentSha256: false },
    });
    expect(del.status).toBe(200);
  });

  it('verifies exactly the signed headers: unsigned extras are ignored, a signed one may not change', async () => {
    const extra = await rawRequest(t.sim, {
      path: '/ListChannels',
      headers: { 'x-team': 'a  b' },
      unsignedHeaders: { 'x-later': '1' },
    });
    expect(extra.status).toBe(200);
    const changed = await rawRequest(t.sim, {
      path: '/ListChannels',
      headers: { 'x-team': 'a' },
      unsignedHeaders: { 'x-team': 'b' },
    });
    expect(changed.status).toBe(403);
    expect(changed.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
  });

  it('refuses UNSIGNED-PAYLOAD: a captured DeleteChannel replayed with another body deletes nothing', async () => {
    const a = t.sim.control.ivs.createChannel({ name: 'signed-for' });
    const b = t.sim.control.ivs.createChannel({ name: 'replayed-at' });
    const before = t.sim.control.countRequests({ operation: 'DeleteChannel' });
    const replay = await rawRequest(t.sim, {
      path: '/DeleteChannel',
      body: JSON.stringify({ arn: a.arn }),
      tamperBody: JSON.stringify({ arn: b.arn }),
      sign: { contentSha256: 'UNSIGNED-PAYLOAD' },
    });
    expect(replay.status).toBe(403);
    expect(replay.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    expect(replay.body?.message).toMatch(/UNSIGNED-PAYLOAD is not supported/);
    const honest = await rawRequest(t.sim, {
      path: '/DeleteChannel',
      body: JSON.stringify({ arn: a.arn }),
      sign: { contentSha256: 'UNSIGNED-PAYLOAD' },
    });
    expect(honest.status).toBe(403);
    expect(t.sim.control.ivs.channelArns()).toEqual(expect.arrayContaining([a.arn, b.arn]));
    expect(t.sim.control.countRequests({ operation: 'DeleteChannel' }) - before).toBe(2);
    expect(t.sim.control.countRequests({ operation: 'DeleteChannel', status: 204 })).toBe(0);
  });

  it('verifies tag routes, whose ARN is percent-encoded in the path and keys are in the query', async () => {
    const { arn } = t.sim.control.ivs.createChannel({ name: 'signed-tags' });
    const path = `/tags/${encodeURIComponent(arn)}?tagKeys=a&tagKeys=b`;
    const ok = await rawRequest(t.sim, { method: 'DELETE', path });
    expect(ok.status).toBe(200);
    const bad = await rawRequest(t.sim, {
      method: 'DELETE',
      path,
      sign: { credentials: { accessKeyId: t.sim.credentials.accessKeyId, secretAccessKey: 'x' } },
    });
    expect(bad.status).toBe(403);
  });

  it('logs refused requests with their operation and status', () => {
    const refused = t.sim.control.requests({ status: 403 });
    expect(refused.length).toBeGreaterThanOrEqual(5);
    const names = new Set(refused.map((r) => r.errorName));
    expect([...names].sort()).toEqual([
      'InvalidSignatureException',
      'MissingAuthenticationTokenException',
      'UnrecognizedClientException',
    ]);
    expect(t.sim.control.countRequests({ status: 400 })).toBeGreaterThanOrEqual(6);
    expect(refused.some((r) => r.operation === 'ListChannels' && r.service === 'ivs')).toBe(true);
  });
});
