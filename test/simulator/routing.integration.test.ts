import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSimulator, type TestSimulator } from './harness.js';
import { rawRequest } from './raw.js';

describe('routing and the wire format', () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startTestSimulator();
  });
  afterAll(() => t.stop());

  it('answers an unknown operation with 404 UnknownOperationException', async () => {
    const res = await rawRequest(t.sim, { path: '/GetSomethingElse' });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });

  it('answers a body that is not a JSON object with 400 SerializationException', async () => {
    for (const body of ['{not json', '[1,2]', '"text"']) {
      const res = await rawRequest(t.sim, { path: '/ListChannels', body });
      expect(res.status).toBe(400);
      expect(res.headers.get('x-amzn-errortype')).toBe('SerializationException');
    }
  });

  it('reports errors as x-amzn-ErrorType plus exceptionMessage, like IVS', async () => {
    const res = await rawRequest(t.sim, { path: '/ListChannels', body: '{"maxResults":0}' });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(res.body?.exceptionMessage).toMatch(/'maxResults'.*greater than or equal to 1/);
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects a member of the wrong JSON type', async () => {
    const res = await rawRequest(t.sim, { path: '/ListChannels', body: '{"maxResults":"ten"}' });
    expect(res.status).toBe(400);
    expect(res.body?.exceptionMessage).toMatch(/'maxResults'.*integer/);
  });

  it('routes tag operations to the service that owns the ARN type', async () => {
    const channel = t.sim.control.ivs.createChannel({ name: 'routed', tags: { team: 'a' } }).arn;
    const stage = t.sim.control.realtime.createStage({ name: 'routed', tags: { team: 'b' } }).arn;
    const c = await rawRequest(t.sim, { method: 'GET', path: `/tags/${encodeURIComponent(channel)}` });
    const s = await rawRequest(t.sim, { method: 'GET', path: `/tags/${encodeURIComponent(stage)}` });
    expect(c.body).toEqual({ tags: { team: 'a' } });
    expect(s.body).toEqual({ tags: { team: 'b' } });
    const log = t.sim.control.requests({ operation: 'ListTagsForResource' });
    expect(log.map((e) => e.service)).toEqual(['ivs', 'realtime']);
    expect(log.map((e) => e.resource)).toEqual([channel, stage]);
  });
});
