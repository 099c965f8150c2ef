import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE } from '../../src/query/relay/protocol.js';
import { startRelay } from '../../src/relay/server/index.js';
import { sleep, until } from '../support/world.js';
import { Client, type RelayWorld, startRelayWorld } from './relay-world.js';

let w: RelayWorld;
let arn: string;
beforeAll(async () => {
  w = await startRelayWorld({
    limits: { helloTimeoutMs: 1000, maxMessageBytes: 2048, messagesPerSecond: 2, burst: 8 },
  });
  arn = w.sim.control.ivs.createChannel({ name: 'one' }).arn;
});
afterAll(() => w.stop());

/** Nothing reached IVS since `before`: the refused message caused no store call. */
const noCallsSince = async (before: number) => {
  await sleep(100);
  expect(w.sim.control.countRequests()).toBe(before);
};

describe('authentication', () => {
  it.each([
    ['no token', undefined],
    ['a bad token', 'secret-but-wrong-token'],
  ])('%s: closed 4401, and the reason does not repeat the token', async (_, token) => {
    const c = await Client.open(w.relay.url);
    c.send({ v: 1, t: 'hello', ...(token && { token }) });
    const closed = await c.closed;
    expect(closed).toEqual({ code: CLOSE.unauthenticated, reason: 'not authenticated' });
    expect(c.messages).toEqual([]);
  });

  it('authenticate throwing is a refusal too', async () => {
    const relay = await startRelay({
      ivs: w.ivs,
      authenticate: () => {
        throw new Error('token expired: eyJhbGciOi');
      },
    });
    try {
      const c = await Client.open(relay.url);
      c.send({ v: 1, t: 'hello', token: 'eyJhbGciOi' });
      expect(await c.closed).toEqual({ code: CLOSE.unauthenticated, reason: 'not authenticated' });
    } finally {
      await relay.stop();
    }
  });

  it('no hello in time: closed 4401', async () => {
    const c = await Client.open(w.relay.url);
    expect(await c.closed).toEqual({ code: CLOSE.unauthenticated, reason: 'no hello within 1000 ms' });
  });

  it('a watch before hello: closed 4400, nothing read', async () => {
    const before = w.sim.control.countRequests();
    const c = await Client.open(w.relay.url);
    c.watch('w1', 'channels', 'get$', [arn]);
    expect(await c.closed).toEqual({ code: CLOSE.malformed, reason: 'the first message must be hello' });
    await noCallsSince(before);
  });

  it('counts the refusals in metrics$', async () => {
    const m = await until(w.relay.metrics$, (x) => x.refused.unauthenticated >= 3 && x.refused.malformed >= 1);
    expect(m.connections).toBe(0);
  });
});

describe('malformed messages close the socket with the reason, and nothing else happens', () => {
  const watch = (extra: object) =>
    JSON.stringify({ v: 1, t: 'watch', id: 'w1', resource: 'channels', method: 'get$', args: [arn], ...extra });
  it.each([
    ['not JSON', `${watch({}).slice(0, -1)}`, 'not JSON'],
    ['a wrong version', watch({ v: 2 }), 'protocol version 2 (this relay speaks 1)'],
    ['an unknown type', watch({ t: 'subscribe' }), 'unknown message type "subscribe"'],
    ['a bad field', watch({ args: arn }), "watch: 'args' must be an array"],
    [
      'a Promise method watched',
      watch({ method: 'create' }),
      "watch: 'method' must be an Observable method (ending in $)",
    ],
    ['a second hello', JSON.stringify({ v: 1, t: 'hello', token: 'good' }), 'hello twice'],
    ['a long unknown type', watch({ t: 'x'.repeat(500) }), expect.stringMatching(/^unknown message type "x+…$/)],
  ])('%s', async (_, text, reason) => {
    const c = await Client.hello(w.relay.url);
    const before = w.sim.control.countRequests();
    c.send(text);
    expect(await c.closed).toEqual({ code: CLOSE.malformed, reason });
    await noCallsSince(before);
  });

  it('a binary frame', async () => {
    const c = await Client.hello(w.relay.url);
    const before = w.sim.control.countRequests();
    c.ws.send(Buffer.from(watch({})));
    expect(await c.closed).toEqual({ code: CLOSE.malformed, reason: 'binary frames are not accepted: JSON text only' });
    await noCallsSince(before);
  });

  it('an oversized message: ws closes it 1009', async () => {
    const c = await Client.hello(w.relay.url);
    const before = w.sim.control.countRequests();
    c.send(watch({ args: [arn, { pad: 'x'.repeat(4096) }] }));
    expect((await c.closed).code).toBe(1009);
    await noCallsSince(before);
  });

  it('more messages than the rate allows: closed 4429', async () => {
    const c = await Client.hello(w.relay.url);
    for (let i = 0; i < 12; i++) c.send({ v: 1, t: 'unwatch', id: `w${i}` });
    expect(await c.closed).toEqual({ code: CLOSE.rateLimited, reason: 'more than 2 messages a second' });
  });
});

describe('options are checked up front', () => {
  const one = (): number => 1;
  it.each<[object, RegExp]>([
    [{}, /authenticate must be a function/],
    [{ authenticate: one, limits: { maxWatches: 0 } }, /limits.maxWatches must be a positive number, got 0/],
    [{ authenticate: one, limits: { maxWatch: 3 } }, /limits.maxWatch is not a limit/],
    [{ authenticate: one, redis: 'localhost:6379' }, /redis must be a redis:\/\/ or rediss:\/\/ URL/],
    [{ authenticate: one, authorize: true }, /authorize must be a function/],
    [{ authenticate: one, store: { tabs: true } }, /store.tabs is not a store option here/],
    [{ authenticate: one, port: -1 }, /port must be an integer/],
  ])('%j', async (options, message) => {
    await expect(startRelay({ ivs: w.ivs, ...(options as { authenticate: () => number }) })).rejects.toThrow(message);
  });
});
