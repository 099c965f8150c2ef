import { request, type IncomingMessage } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import {
  CreateChannelCommand,
  GetChannelCommand,
  IvsClient,
  ListChannelsCommand,
  PutMetadataCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-ivs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIvsSimulator } from '../../src/simulator/index.js';
import { expectServiceError, startTestSimulator, type TestSimulator } from './harness.js';
import { rawRequest } from './raw.js';

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/**
 * One request over a plain socket, so a test controls how much of the body is sent and
 * when. Resolves with the answer, or rejects with the socket error a client would see.
 */
function send(
  endpoint: string,
  opts: { path?: string; headers?: Record<string, string | number>; chunks?: Buffer[]; end?: boolean },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${endpoint}${opts.path ?? '/ListChannels'}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...opts.headers },
    });
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: JSON.parse(Buffer.concat(parts).toString('utf8') || '{}') as Record<string, unknown>,
        });
        req.destroy();
      });
    });
    req.on('error', reject);
    for (const chunk of opts.chunks ?? []) req.write(chunk);
    if (opts.end !== false) req.end();
  });
}

const MiB = 1024 * 1024;
const waitFor = async (check: () => boolean, ms = 2000) => {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
};

describe('HTTP edges: oversized requests get an answer, clients that leave are not errors', () => {
  let t: TestSimulator;
  const internalErrors: unknown[] = [];
  beforeAll(async () => {
    t = await startTestSimulator({ onInternalError: (err) => internalErrors.push(err) });
  });
  afterAll(() => t.stop());

  it('answers a body over 1 MiB with 413 and a JSON error, which the SDK does not retry', async () => {
    const { arn } = t.sim.control.ivs.createChannel({ name: 'big-body' });
    const client = new IvsClient({
      endpoint: t.sim.endpoint,
      region: t.sim.region,
      credentials: t.sim.credentials,
      maxAttempts: 3,
    });
    const before = t.sim.control.countRequests({ operation: 'PutMetadata' });
    await expectServiceError(
      client.send(new PutMetadataCommand({ channelArn: arn, metadata: 'x'.repeat(1.2 * MiB) })),
      'RequestEntityTooLargeException',
      413,
      /1048576 bytes/,
    );
    client.destroy();
    expect(t.sim.control.countRequests({ operation: 'PutMetadata' }) - before).toBe(1);
    expect(t.sim.control.requests({ operation: 'PutMetadata' }).at(-1)).toMatchObject({
      status: 413,
      errorName: 'RequestEntityTooLargeException',
    });
  });

  it('answers 413 as soon as Content-Length says too much, without waiting for the body', async () => {
    // 64 MiB declared, 256 KiB sent: the answer must come before the rest.
    const res = await send(t.sim.endpoint, {
      headers: { 'content-length': 64 * MiB },
      chunks: [Buffer.alloc(256 * 1024, 0x20)],
      end: false,
    });
    expect(res.status).toBe(413);
    expect(res.headers['x-amzn-errortype']).toBe('RequestEntityTooLargeException');
    expect(res.body.exceptionMessage).toMatch(/exceeds/);
  });

  it('answers 413 to a chunked body once it passes 1 MiB, and keeps the connection usable', async () => {
    const res = await send(t.sim.endpoint, { chunks: [Buffer.alloc(MiB, 0x20), Buffer.alloc(MiB, 0x20)] });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toBe('application/json');
    expect((await rawRequest(t.sim, { path: '/ListChannels' })).status).toBe(200);
  });

  it('answers a ~100 KB URL with 414 and a JSON error', async () => {
    const res = await fetch(`${t.sim.endpoint}/tags/${'a'.repeat(100_000)}`);
    expect(res.status).toBe(414);
    expect(res.headers.get('x-amzn-errortype')).toBe('RequestURITooLongException');
    expect(((await res.json()) as { exceptionMessage: string }).exceptionMessage).toMatch(/URI/);
    expect(t.sim.control.requests({ status: 414 })).toHaveLength(1);
  });

  it('answers a request line or headers too long even to parse (over 1 MiB) with 431 and a JSON error, and keeps serving', async () => {
    const line = await fetch(`${t.sim.endpoint}/tags/${'a'.repeat(2 * MiB)}`);
    expect(line.status).toBe(431);
    expect(line.headers.get('x-amzn-errortype')).toBe('RequestHeaderFieldsTooLargeException');
    expect(((await line.json()) as { exceptionMessage: string }).exceptionMessage).toMatch(
      /request line and headers exceed/,
    );
    const headers = await fetch(`${t.sim.endpoint}/ListChannels`, {
      method: 'POST',
      headers: { 'x-big': 'h'.repeat(2 * MiB) },
    });
    expect(headers.status).toBe(431);
    expect(headers.headers.get('x-amzn-errortype')).toBe('RequestHeaderFieldsTooLargeException');
    expect((await rawRequest(t.sim, { path: '/ListChannels' })).status).toBe(200);
  });

  it('serves the longest legitimate URL: UntagResource with 50 keys of 128 characters that all need encoding', async () => {
    const { arn } = t.sim.control.ivs.createChannel({ name: 'long-url' });
    const tagKeys = Array.from({ length: 50 }, (_, i) => `${String(i).padStart(2, '0')}${':/@'.repeat(42)}`);
    expect(tagKeys.every((k) => k.length === 128)).toBe(true);
    await t.ivs.send(
      new TagResourceCommand({ resourceArn: arn, tags: Object.fromEntries(tagKeys.map((k) => [k, 'v'])) }),
    );
    await t.ivs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys }));
    expect(t.sim.control.requests({ operation: 'UntagResource' }).at(-1)?.status).toBe(200);
  });

  it('a client that leaves mid-body (closed or reset) is not a 500, and the server keeps serving', async () => {
    internalErrors.length = 0;
    const before = t.sim.control.countRequests();
    for (const leave of ['destroy', 'reset'] as const) {
      const req = request(`${t.sim.endpoint}/CreateChannel`, {
        method: 'POST',
        headers: { 'content-length': 1000, 'content-type': 'application/json' },
      });
      req.on('error', () => {});
      req.write('{"name": "half');
      // Long enough for the server to have read the headers, so there is a request to record.
      await new Promise((r) => setTimeout(r, 200));
      if (leave === 'reset') req.socket?.resetAndDestroy();
      else req.destroy();
    }
    await waitFor(() => t.sim.control.countRequests() - before >= 2, 5000);
    expect(internalErrors).toEqual([]);
    expect(t.sim.control.countRequests({ status: 500 })).toBe(0);
    // Recorded as requests that got no answer.
    expect(
      t.sim.control
        .requests()
        .slice(before)
        .map((r) => [r.operation, r.status]),
    ).toEqual([
      ['CreateChannel', 0],
      ['CreateChannel', 0],
    ]);
    expect((await rawRequest(t.sim, { path: '/ListChannels' })).status).toBe(200);
  });
});

/** Listens on `host`, or resolves undefined when the machine cannot (no IPv6 loopback). */
function tryListen(host: string, port = 0): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, host, () => resolve(server));
  });
}
const closeServer = (s: Server) => new Promise<void>((resolve) => s.close(() => resolve()));

describe('listen addresses: both loopbacks, so `localhost` works whichever one it resolves to', () => {
  let haveIpv6 = false;
  beforeAll(async () => {
    const probe = await tryListen('::1');
    haveIpv6 = probe !== undefined;
    if (probe) await closeServer(probe);
  });

  it('serves http://localhost:<port> and http://[::1]:<port>; stop() closes both', async () => {
    const sim = await startIvsSimulator();
    const port = new URL(sim.endpoint).port;
    const hosts = ['127.0.0.1', 'localhost', ...(haveIpv6 ? ['[::1]'] : [])];
    for (const host of hosts) {
      const client = new IvsClient({
        endpoint: `http://${host}:${port}`,
        region: sim.region,
        credentials: sim.credentials,
        maxAttempts: 1,
      });
      const { channel } = await client.send(new CreateChannelCommand({ name: `via-${host.replace(/\W/g, '')}` }));
      expect((await client.send(new GetChannelCommand({ arn: channel!.arn }))).channel?.name).toBe(channel!.name);
      client.destroy();
    }
    expect(sim.control.countRequests({ operation: 'CreateChannel', status: 200 })).toBe(hosts.length);
    await sim.stop();
    for (const host of ['127.0.0.1', ...(haveIpv6 ? ['[::1]'] : [])]) {
      await expect(fetch(`http://${host}:${port}/ListChannels`, { method: 'POST' }), host).rejects.toThrow();
    }
  });

  it('with a fixed port, refuses to start when ::1 has that port taken, saying so', async (ctx) => {
    if (!haveIpv6) return ctx.skip();
    const squatter = (await tryListen('::1'))!;
    const port = (squatter.address() as AddressInfo).port;
    await expect(startIvsSimulator({ port })).rejects.toThrow(new RegExp(`port ${port} .*::1`));
    await closeServer(squatter);
    // The 127.0.0.1 side was released too: the same port now starts.
    const sim = await startIvsSimulator({ port });
    const client = new IvsClient({
      endpoint: `http://[::1]:${port}`,
      region: sim.region,
      credentials: sim.credentials,
      maxAttempts: 1,
    });
    await expect(client.send(new ListChannelsCommand({}))).resolves.toBeDefined();
    client.destroy();
    await sim.stop();
  });
});
