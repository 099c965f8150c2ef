import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INSPECT_KEY, inspect, type InspectedCall } from '../../src/devtools/inspection.js';
import { INTERNALS, type StoreInternals } from '../../src/store/internals.js';
import { startStoreWorld, until, type StoreWorld } from '../support/world.js';

/** What `ivs-store/devtools` reads of a store, against the simulator. */
describe('the store inspection devtools reads', () => {
  let w: StoreWorld;
  beforeEach(async () => {
    w = await startStoreWorld({ seed: 5 }, { refetchInterval: 60_000, tabs: false });
  });
  afterEach(() => w.stop());

  it('is kept under the key devtools looks for, in both copies (Symbol.for)', () => {
    expect(INSPECT_KEY).toBe(INTERNALS);
    expect(typeof (w.store as unknown as Record<symbol, unknown>)[INTERNALS]).toBe('object');
    expect(inspect({} as never)).toBeUndefined();
    expect(inspect(w.store)).toBe(inspect(w.store)); // one per store
  });

  it('lists entries with status, watchers, when they were read and when they are read next', async () => {
    const { arn } = w.sim.control.ivs.createChannel({ name: 'seen' });
    const t0 = Date.now();
    const sub = w.store.channels.get$(arn).subscribe();
    const sub2 = w.store.channels.get$(arn, { refetchInterval: 30_000 }).subscribe();
    await until(w.store.channels.get$(arn), (e) => e.status === 'success');
    const i = inspect(w.store)!;
    const e = i.entries().find((x) => x.collection === 'channels' && x.id === arn)!;
    expect(e).toMatchObject({ status: 'success', watchers: 2, error: undefined });
    expect(e.checkedAt).toBeGreaterThanOrEqual(t0);
    // Polled at the lowest interval asked for, from its last read.
    expect(e.nextPollAt).toBeGreaterThan(Date.now() + 20_000);
    expect(e.nextPollAt).toBeLessThanOrEqual(Date.now() + 30_000);
    sub2.unsubscribe();
    sub.unsubscribe();
    // Released: still cached (until gcTime), watched by nobody, not polled.
    const released = i.entries().find((x) => x.id === arn);
    expect(released).toMatchObject({ watchers: 0, nextPollAt: undefined, status: 'success' });
  });

  it('gives an entry in error its error kind and message', async () => {
    const { arn } = w.sim.control.ivs.createChannel({ name: 'gone' });
    w.sim.control.injectFault({
      operations: ['GetChannel', 'BatchGetChannel'],
      errorRate: 1,
      error: 'AccessDeniedException',
    });
    const sub = w.store.channels.get$(arn).subscribe();
    await until(w.store.channels.get$(arn), (e) => e.status === 'error');
    const e = inspect(w.store)!
      .entries()
      .find((x) => x.id === arn)!;
    expect(e.status).toBe('error');
    expect(e.error?.kind).toBe('access');
    expect(e.error?.message).toMatch(/GetChannel/);
    sub.unsubscribe();
  });

  it('reports each call as it settles (operation, duration, outcome) only while someone listens', async () => {
    const i = inspect(w.store)!;
    const parts = (w.store as unknown as Record<symbol, StoreInternals>)[INTERNALS]!;
    const calls: InspectedCall[] = [];
    const stop = i.onCall((c) => calls.push(c));
    w.sim.control.injectFault({ operations: ['ListChannels'], latencyMs: 150, times: 1 });
    await w.store.channels.refresh();
    const sub = w.store.channels.list$().subscribe();
    await until(w.store.channels.list$(), (e) => e.status === 'success');
    const list = calls.find((c) => c.operation === 'ListChannels')!;
    expect(list).toMatchObject({ outcome: 'ok' });
    expect(list.ms).toBeGreaterThanOrEqual(140);
    expect(list.sentAt).toBeLessThanOrEqual(Date.now() - list.ms);
    // A throttled call is reported with its outcome, and each retry is a call.
    w.sim.control.injectFault({ operations: ['ListChannels'], errorRate: 1, error: 'ThrottlingException', times: 1 });
    const before = calls.length;
    await w.store.channels.refresh();
    const after = calls.slice(before).filter((c) => c.operation === 'ListChannels');
    expect(after.map((c) => c.outcome)).toEqual(['throttled', 'ok']);
    sub.unsubscribe();
    stop();
    expect(parts.pipeline.tap).toBeUndefined();
    const n = calls.length;
    await w.store.channels.refresh();
    expect(calls.length).toBe(n);
  });

  it('shows the quota budget per operation: its rate and the calls of the last second', async () => {
    const sub = w.store.channels.list$().subscribe();
    await until(w.store.channels.list$(), (e) => e.status === 'success');
    const q = inspect(w.store)!
      .quotas()
      .find((x) => x.operation === 'ListChannels');
    expect(q).toMatchObject({ tps: expect.any(Number), queued: 0 });
    expect(q!.tps).toBeGreaterThan(0);
    expect(q!.recent).toBeGreaterThanOrEqual(1);
    sub.unsubscribe();
  });
});
