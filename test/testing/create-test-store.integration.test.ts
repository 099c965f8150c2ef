import { createIvsStore, isIvsStoreError } from '../../src/index.js';
import { IvsClient } from '@aws-sdk/client-ivs';
import { BehaviorSubject, NEVER, Subject, throwError } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createTestStore,
  firstSettled,
  pollNow,
  TEST_STORE_DEFAULTS,
  waitFor,
  type TestStore,
} from '../../src/testing/index.js';

/** Handles by kind (sockets, servers, timers), to compare before a test store and after its stop(). */
function handles(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) out[kind] = (out[kind] ?? 0) + 1;
  return out;
}

const WATCHED = ['TCPServerWrap', 'TCPSocketWrap', 'Timeout'];
const count = (h: Record<string, number>, kinds: string[]) => kinds.reduce((n, k) => n + (h[k] ?? 0), 0);

/** Handles once two looks 50 ms apart agree. */
async function stableHandles(): Promise<Record<string, number>> {
  let last = JSON.stringify(handles());
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const now = JSON.stringify(handles());
    if (now === last) break;
    last = now;
  }
  return JSON.parse(last) as Record<string, number>;
}

let t: TestStore | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await t?.stop();
  t = undefined;
});

describe('createTestStore', () => {
  it('gives a store over real SDK clients on a simulator: IVS and RealTime reads, one stop()', async () => {
    t = await createTestStore({ seed: 7 });
    const arn = t.control.ivs.createChannel({ name: 'lobby' }).arn;
    const stageArn = t.control.realtime.createStage({ name: 'green-room' }).arn;
    const channel = await firstSettled(t.store.channels.get$(arn));
    expect(channel.status === 'success' && channel.data.name).toBe('lobby');
    const stage = await firstSettled(t.store.stages.get$(stageArn));
    expect(stage.status === 'success' && stage.data.name).toBe('green-room');
    expect(t.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await t.ivs.config.maxAttempts()).toBe(1);
    expect(await t.realtime?.config.maxAttempts()).toBe(1);
    // The clients' calls are the simulator's log: one channel read, one stage read.
    expect(t.control.countRequests({ operation: 'GetChannel' })).toBe(1);
    expect(t.control.countRequests({ operation: 'GetStage' })).toBe(1);
  });

  it('without RealTime: no client, and RealTime resources say what is missing', async () => {
    t = await createTestStore({ realtime: false });
    expect(t.realtime).toBeUndefined();
    expect(() => t!.store.stages.get$('x')).toThrow(/realtime option/);
    await expect(createTestStore({ realtime: 'yes' as unknown as boolean })).rejects.toThrow(
      /realtime must be true or false/,
    );
  });

  it('test defaults: no retries (a fault is an error entry after one call), no grace (unsubscribing stops the polls)', async () => {
    expect(TEST_STORE_DEFAULTS).toEqual({ tabs: false, graceTime: 0, retry: { retries: 0 } });
    t = await createTestStore({ seed: 2, store: { refetchInterval: 100 } });
    const arn = t.control.ivs.createChannel({ name: 'flaky' }).arn;
    t.control.injectFault({ operations: ['GetChannel'], errorRate: 1, error: 'InternalServerException', times: 1 });
    const failed = await firstSettled(t.store.channels.get$(arn));
    expect(failed.status).toBe('error');
    expect(failed.error?.kind).toBe('unavailable'); // a 500: retryable, but not retried
    expect(t.control.countRequests({ operation: 'GetChannel' })).toBe(1);
    // Polling at 100 ms: it recovers by itself; then unsubscribing stops it at once.
    const sub = t.store.channels.get$(arn).subscribe();
    await waitFor(t.store.channels.get$(arn), (e) => e.status === 'success');
    sub.unsubscribe();
    await t.settled();
    const calls = t.control.countRequests({ operation: 'GetChannel' });
    await new Promise((r) => setTimeout(r, 400));
    expect(t.control.countRequests({ operation: 'GetChannel' })).toBe(calls);
  });

  it('store options go over the defaults (retries when asked)', async () => {
    t = await createTestStore({ store: { retry: { retries: 2, baseDelayMs: 1 } } });
    const arn = t.control.ivs.createChannel({ name: 'retried' }).arn;
    t.control.injectFault({ operations: ['GetChannel'], errorRate: 1, times: 2 });
    const entry = await firstSettled(t.store.channels.get$(arn));
    expect(entry.status).toBe('success');
    expect(t.control.countRequests({ operation: 'GetChannel' })).toBe(3);
  });

  it('pollNow(): everything watched is read at once, as one poll; settled() waits for the answers', async () => {
    t = await createTestStore({ seed: 3 });
    const a = t.control.ivs.createChannel({ name: 'a' }).arn;
    const b = t.control.ivs.createChannel({ name: 'b' }).arn;
    const subs = [a, b].map((arn) => t!.store.channels.get$(arn).subscribe());
    await waitFor(t.store.channels.get$(b), (e) => e.status === 'success');
    const health = new BehaviorSubject<string>('unknown');
    subs.push(t.store.streams.health$(a).subscribe((h) => health.next(h.state)));
    await waitFor(health, (s) => s === 'OFFLINE');
    await t.settled();
    t.control.clearRequests();
    t.control.ivs.goLive(a, { viewerCount: 3 });
    await t.pollNow();
    // Answered and written by the time pollNow resolves: no waiting needed.
    expect(health.value).toBe('LIVE');
    expect(t.control.countRequests({ operation: 'BatchGetChannel' })).toBe(1);
    expect(t.control.requests({ operation: 'BatchGetChannel' })[0]?.resource ?? '').toBeDefined();
    for (const s of subs) s.unsubscribe();
  });

  it('pollNow(store) refuses a store that was not made by the test helpers', () => {
    const store = createIvsStore({ ivs: new IvsClient({ region: 'us-east-1' }), tabs: false });
    try {
      expect(() => pollNow(store)).toThrow(/no test environment/);
    } finally {
      store.dispose();
    }
  });

  it('settled() names the calls still out when it gives up', async () => {
    t = await createTestStore();
    const arn = t.control.ivs.createChannel({ name: 'slow' }).arn;
    t.control.injectFault({ operations: ['GetChannel'], latencyMs: 1500, times: 1 });
    const sub = t.store.channels.get$(arn).subscribe();
    await expect(t.settled({ timeout: 200 })).rejects.toThrow(/1 call\(s\) still unanswered after 200 ms/);
    await t.settled({ timeout: 3000 });
    sub.unsubscribe();
  });

  it('stop() leaves nothing running: no socket, server or timer more than before', async () => {
    const before = await stableHandles(); // an earlier test's sockets may still be closing
    const s = await createTestStore({ seed: 5 });
    const arn = s.control.ivs.createChannel({ name: 'x' }).arn;
    s.control.ivs.goLive(arn);
    const subs = [s.store.channels.get$(arn).subscribe(), s.store.streams.health$(arn).subscribe()];
    await waitFor(s.store.channels.get$(arn), (e) => e.status === 'success');
    expect(count(handles(), WATCHED)).toBeGreaterThan(count(before, WATCHED));
    await Promise.all([s.stop(), s.stop()]); // idempotent
    for (const sub of subs) sub.unsubscribe();
    // Closed sockets leave the list once their close callbacks have run.
    let after = handles();
    for (let i = 0; i < 100 && count(after, WATCHED) > count(before, WATCHED); i++) {
      await new Promise((r) => setTimeout(r, 20));
      after = handles();
    }
    for (const kind of WATCHED) expect(`${kind}: ${after[kind] ?? 0}`).toBe(`${kind}: ${before[kind] ?? 0}`);
  });
});

describe('waitFor and firstSettled', () => {
  it('resolve with the first matching value; reject with what was awaited and the last value seen', async () => {
    const s = new BehaviorSubject(1);
    setTimeout(() => s.next(2), 10);
    await expect(waitFor(s, (v) => v === 2)).resolves.toBe(2);
    await expect(waitFor(s, (v) => v > 5, { timeout: 50, what: 'big number' })).rejects.toThrow(
      'waitFor: no big number within 50 ms (real time); 1 value(s) seen, the last: 2',
    );
    await expect(waitFor(NEVER, () => true, { timeout: 20 })).rejects.toThrow(/nothing was emitted/);
    await expect(
      waitFor(
        throwError(() => new Error('boom')),
        () => true,
      ),
    ).rejects.toThrow('boom');
    const done = new Subject<number>();
    const waiting = waitFor(done, () => false);
    done.next(1);
    done.complete();
    await expect(waiting).rejects.toThrow(/completed without value matching the predicate; last: 1/);
    await expect(waitFor(s, () => true, { timeout: -1 })).rejects.toThrow(/timeout must be a positive number/);
    await expect(
      waitFor(s, () => {
        throw new Error('bad predicate');
      }),
    ).rejects.toThrow('bad predicate');
  });

  it('time out on real time while fake timers hold the clock', async () => {
    vi.useFakeTimers();
    const started = performance.now();
    await expect(waitFor(NEVER, () => true, { timeout: 50 })).rejects.toThrow(/within 50 ms/);
    vi.useRealTimers();
    expect(performance.now() - started).toBeGreaterThanOrEqual(40);
  });

  it('firstSettled: not-found and error entries settle too', async () => {
    t = await createTestStore();
    const missing = 'arn:aws:ivs:us-east-1:123456789012:channel/abcdABCD1234';
    expect((await firstSettled(t.store.channels.get$(missing))).status).toBe('not-found');
    const bad = await firstSettled(t.store.channels.get$('not-an-arn'));
    expect(bad.status === 'error' && isIvsStoreError(bad.error) && bad.error.kind).toBe('validation');
  });
});
