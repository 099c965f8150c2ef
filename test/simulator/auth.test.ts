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
    const fixed = await startTestSimulator({ credentials: { accessKeyId: 'AKIDFIXED', secretAccessKey: 'fixed-secret' } });
    expect(fixed.sim.credentials).toEqual({ accessKeyId: 'AKIDFIXED', secretAccessKey: 'fixed-secret' });
    const client = new IvsClient({ endpoint: fixed.sim.endpoint, region: fixed.sim.region, maxAttempts: 1, credentials: { accessKeyId: 'AKIDFIXED', secretAccessKey: 'fixed-secret' } });
    expect((await client.send(new ListChannelsCommand({}))).channels).toEqual([]);
    client.destroy();
    await fixed.stop();
  });

  it('refuses a wrong secret with 403 AccessDeniedException', async () => {
    const client = new IvsClient({
      endpoint: t.sim.endpoint,
      region: t.sim.region,
      maxAttempts: 1,
      credentials: { accessKeyId: t.sim.credentials.accessKeyId, secretAccessKey: 'not-the-secret' },
    });
    await expectServiceError(client.send(new ListChannelsCommand({})), 'AccessDeniedException', 403, /signature we calculated does not match/);
    client.destroy();
  });

  it('refuses an unknown access key id', async () => {
    const client = new IvsClient({
      endpoint: t.sim.endpoint,
      region: t.sim.region,
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIDSOMEONEELSE', secretAccessKey: t.sim.credentials.secretAccessKey },
    });
    await expectServiceError(client.send(new ListChannelsCommand({})), 'AccessDeniedException', 403, /unknown access key/);
    client.destroy();
  });

  it('refuses an unsigned request', async () => {
    const res = await rawRequest(t.sim, { path: '/ListChannels', sign: false });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect(res.body?.exceptionMessage).toMatch(/not signed/);
  });

  it('refuses a stale signature date (outside the clock-skew window)', async () => {
    const fresh = await rawRequest(t.sim, { path: '/ListChannels' });
    expect(fresh.status).toBe(200);
    const stale = await rawRequest(t.sim, { path: '/ListChannels', sign: { date: new Date(Date.now() - 20 * 60_000) } });
    expect(stale.status).toBe(403);
    expect(stale.body?.exceptionMessage).toMatch(/Signature expired/);
    const future = await rawRequest(t.sim, { path: '/ListChannels', sign: { date: new Date(Date.now() + 20 * 60_000) } });
    expect(future.status).toBe(403);
  });

  it('refuses a body changed after signing (the body hash is checked)', async () => {
    const res = await rawRequest(t.sim, { path: '/ListChannels', body: '{}', tamperBody: '{"maxResults":5}' });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
  });

  it('refuses a signature scoped to another region or service', async () => {
    const region = await rawRequest(t.sim, { path: '/ListChannels', sign: { region: 'eu-west-1' } });
    expect(region.status).toBe(403);
    expect(region.body?.exceptionMessage).toMatch(/region/);
    const service = await rawRequest(t.sim, { path: '/ListChannels', sign: { service: 's3' } });
    expect(service.status).toBe(403);
    expect(service.body?.exceptionMessage).toMatch(/service/);
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
    await expectServiceError(client.send(new ListChannelsCommand({})), 'AccessDeniedException', 403, /Signature expired/);
    await expect(client.send(new ListChannelsCommand({}))).resolves.toBeDefined();
    expect(t.sim.control.requests({ operation: 'ListChannels' }).slice(before).map((r) => r.status)).toEqual([403, 200]);
    client.destroy();
  });

  it('accepts a request signed without x-amz-content-sha256, as botocore and the AWS CLI sign for IVS', async () => {
    const res = await rawRequest(t.sim, { path: '/ListChannels', sign: { contentSha256: false } });
    expect(res.status).toBe(200);
    const tagged = t.sim.control.ivs.createChannel({ name: 'botocore-style' });
    const del = await rawRequest(t.sim, { method: 'DELETE', path: `/tags/${encodeURIComponent(tagged.arn)}?tagKeys=a`, sign: { contentSha256: false } });
    expect(del.status).toBe(200);
  });

  it('verifies exactly the signed headers: unsigned extras are ignored, a signed one may not change', async () => {
    const extra = await rawRequest(t.sim, { path: '/ListChannels', headers: { 'x-team': 'a  b' }, unsignedHeaders: { 'x-later': '1' } });
    expect(extra.status).toBe(200);
    const changed = await rawRequest(t.sim, { path: '/ListChannels', headers: { 'x-team': 'a' }, unsignedHeaders: { 'x-team': 'b' } });
    expect(changed.status).toBe(403);
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
    const honest = await rawRequest(t.sim, { path: '/DeleteChannel', body: JSON.stringify({ arn: a.arn }), sign: { contentSha256: 'UNSIGNED-PAYLOAD' } });
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
    const bad = await rawRequest(t.sim, { method: 'DELETE', path, sign: { credentials: { accessKeyId: t.sim.credentials.accessKeyId, secretAccessKey: 'x' } } });
    expect(bad.status).toBe(403);
  });

  it('logs refused requests with their operation and status', () => {
    const refused = t.sim.control.requests({ status: 403 });
    expect(refused.length).toBeGreaterThanOrEqual(5);
    expect(refused.every((r) => r.errorName === 'AccessDeniedException')).toBe(true);
    expect(refused.some((r) => r.operation === 'ListChannels' && r.service === 'ivs')).toBe(true);
  });
});
