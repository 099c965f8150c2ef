import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSimulator, type TestSimulator } from './harness.js';
import { rawRequest } from './raw.js';

describe('CORS: browser pages on allowed origins can call the simulator', () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startTestSimulator();
  });
  afterAll(() => t.stop());

  const preflight = (origin: string, endpoint = t.sim.endpoint) =>
    fetch(`${endpoint}/ListChannels`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers':
          'authorization,content-type,x-amz-date,x-amz-user-agent,amz-sdk-request,amz-sdk-invocation-id,x-amz-content-sha256',
      },
    });

  it('answers a preflight from a localhost page', async () => {
    const res = await preflight('http://localhost:5173');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-methods')).toContain('DELETE');
    expect(res.headers.get('access-control-allow-headers')).toContain('x-amz-date');
    expect(res.headers.get('access-control-expose-headers')).toContain('x-amzn-ErrorType');
    expect((await preflight('http://127.0.0.1:8080')).status).toBe(204);
  });

  it('refuses a preflight from another origin, with no CORS headers', async () => {
    const res = await preflight('https://evil.example');
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('puts the allowed origin on actual responses, errors included', async () => {
    const ok = await rawRequest(t.sim, { path: '/ListChannels', headers: { origin: 'http://localhost:3000' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const err = await rawRequest(t.sim, {
      path: '/ListChannels',
      sign: false,
      headers: { origin: 'http://localhost:3000' },
    });
    expect(err.status).toBe(403);
    expect(err.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const other = await rawRequest(t.sim, { path: '/ListChannels', headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('takes configured origins instead of localhost', async () => {
    const custom = await startTestSimulator({ corsOrigins: ['https://dash.example.com'] });
    expect((await preflight('https://dash.example.com', custom.sim.endpoint)).status).toBe(204);
    expect((await preflight('http://localhost:5173', custom.sim.endpoint)).status).toBe(403);
    await custom.stop();
  });
});
