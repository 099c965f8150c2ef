import type { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Secret } from '../../src/index.js';
import { LagSamples } from '../../src/relay/server/lag.js';
import { Session, type Watch } from '../../src/relay/server/session.js';
import { TokenBucket } from '../../src/relay/server/rate.js';

/** A socket whose unwritten bytes the test sets. */
const fakeSocket = () => {
  const sent: Array<Record<string, unknown>> = [];
  const socket = {
    bufferedAmount: 0,
    send: (text: string, cb?: (err?: Error) => void) => {
      sent.push(JSON.parse(text) as Record<string, unknown>);
      cb?.();
    },
  };
  return { socket, sent, ws: socket as unknown as WebSocket };
};

const limits = {
  maxWatches: 10,
  maxMessageBytes: 1000,
  messagesPerSecond: 10,
  burst: 10,
  maxBufferedBytes: 100,
  resumeMs: 1000,
  helloTimeoutMs: 1000,
};

let changed: ReturnType<typeof vi.fn<() => void>>;
let s: Session;
const watch = (id: string, secrets = false): Watch => {
  const w: Watch = { id, query: id, secrets };
  s.watches.set(id, w);
  return w;
};

beforeEach(() => {
  vi.useFakeTimers();
  changed = vi.fn<() => void>();
  s = new Session({ user: 'ann' }, '{"user":"ann"}', { limits, lag: new LagSamples(), changed });
});
afterEach(() => {
  s.drop();
  vi.useRealTimers();
});

describe('a slow socket', () => {
  it('gets only the latest value of each watch once it drains, then how the watch ended', async () => {
    const { socket, sent, ws } = fakeSocket();
    s.attach(ws);
    const a = watch('a');
    const b = watch('b');
    s.value(a, { n: 1 });
    socket.bufferedAmount = 500;
    for (let n = 2; n <= 1000; n++) s.value(a, { n });
    s.value(b, { n: 'b1' });
    s.end('a');
    expect(sent).toHaveLength(1);
    expect(s.slow).toBe(true);
    // Still more than half the limit waiting: nothing yet.
    socket.bufferedAmount = 60;
    await vi.advanceTimersByTimeAsync(100);
    expect(sent).toHaveLength(1);
    socket.bufferedAmount = 10;
    await vi.advanceTimersByTimeAsync(30);
    expect(sent).toEqual([
      { v: 1, t: 'value', id: 'a', seq: 1, value: { n: 1 } },
      { v: 1, t: 'value', id: 'a', seq: 2, value: { n: 1000 } },
      { v: 1, t: 'complete', id: 'a', seq: 3 },
      { v: 1, t: 'value', id: 'b', seq: 4, value: { n: 'b1' } },
    ]);
    expect(s.slow).toBe(false);
    expect(changed).toHaveBeenCalled();
  });

  it('an unwatched watch owes nothing', async () => {
    const { socket, sent, ws } = fakeSocket();
    s.attach(ws);
    const a = watch('a');
    socket.bufferedAmount = 500;
    s.value(a, { n: 1 });
    s.forget('a');
    socket.bufferedAmount = 0;
    await vi.advanceTimersByTimeAsync(30);
    expect(sent).toEqual([]);
  });
});

describe('the ring and resume', () => {
  it('what a detached session emits is replayed from the seq the client had', () => {
    s = new Session({ user: 'ann' }, '{"user":"ann"}', {
      limits: { ...limits, maxBufferedBytes: 10_000 },
      lag: new LagSamples(),
      changed,
    });
    const first = fakeSocket();
    s.attach(first.ws);
    const a = watch('a');
    s.value(a, { n: 1 });
    s.value(a, { n: 2 });
    s.detach();
    s.value(a, { n: 3 });
    s.result('c1', true, '{"ok":1}');
    expect(s.covers(1)).toBe(true);
    expect(s.covers(3)).toBe(true);
    expect(s.covers(4)).toBe(false);
    const second = fakeSocket();
    s.attach(second.ws, 1);
    expect(second.sent).toEqual([
      { v: 1, t: 'value', id: 'a', seq: 2, value: { n: 2 } },
      { v: 1, t: 'value', id: 'a', seq: 3, value: { n: 3 } },
      { v: 1, t: 'result', id: 'c1', ok: true, value: { ok: 1 } },
    ]);
  });

  it('is bounded: a client too far behind cannot resume', () => {
    const a = watch('a');
    for (let n = 0; n < 50; n++) s.value(a, { pad: 'x'.repeat(20), n });
    // 100 bytes of ring: the oldest are gone.
    expect(s.covers(0)).toBe(false);
    expect(s.covers(49)).toBe(true);
    expect(s.covers(50)).toBe(true);
  });

  it('secrets go only to a watch whose policy allows them', () => {
    const { sent, ws } = fakeSocket();
    s.attach(ws);
    const key = { value: new Secret('sk_1'), at: new Date(5) };
    s.value(watch('open', true), key);
    s.value(watch('closed', false), key);
    expect(sent.map((m) => m.value)).toEqual([
      { value: { $ivsStore: 'secret', value: 'sk_1' }, at: { $ivsStore: 'date', value: 5 } },
      { at: { $ivsStore: 'date', value: 5 } },
    ]);
  });
});

describe('the rate', () => {
  it('allows a burst, then the sustained rate', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 3, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now = 500;
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
  });
});

describe('lag samples', () => {
  it('give p50 and p95 of the last minute, bounded in count', () => {
    const lag = new LagSamples(60_000, 100);
    expect(lag.percentiles(0)).toEqual({ p50: 0, p95: 0 });
    for (let i = 1; i <= 100; i++) lag.add(i, 1000);
    expect(lag.percentiles(1000)).toEqual({ p50: 51, p95: 96 });
    // Over the bound, the oldest go; over a minute old, they go too.
    for (let i = 0; i < 100; i++) lag.add(1000, 2000);
    expect(lag.percentiles(2000)).toEqual({ p50: 1000, p95: 1000 });
    lag.add(5, 70_000);
    expect(lag.percentiles(70_000)).toEqual({ p50: 5, p95: 5 });
  });
});
