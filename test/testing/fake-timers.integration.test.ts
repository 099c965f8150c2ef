/**
 * The fake-timer guidance of the README's "Testing" section, as a user would follow it:
 * vitest's fake timers with a test store talking HTTP to the simulator.
 */
import { GetChannelCommand, UpdateChannelCommand } from '@aws-sdk/client-ivs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestStore, waitFor, type TestStore } from '../../src/testing/index.js';

let t: TestStore | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await t?.stop();
  t = undefined;
});

const POLL = 5000; // the store's default refetchInterval, which test stores keep

describe('fake timers with a test store', () => {
  it.each([
    ['before createTestStore', true],
    ['after createTestStore', false],
  ])('installed %s, { shouldAdvanceTime: true }: advancing by one interval is one poll', async (_, first) => {
    if (first) vi.useFakeTimers({ shouldAdvanceTime: true });
    t = await createTestStore({ seed: 11 });
    if (!first) vi.useFakeTimers({ shouldAdvanceTime: true });
    const arn = t.control.ivs.createChannel({ name: 'before' }).arn;
    const channel$ = t.store.channels.get$(arn);
    const sub = channel$.subscribe();
    await waitFor(channel$, (e) => e.status === 'success');
    // Renamed behind the store's back (another operator): only a poll can tell.
    await t.ivs.send(new UpdateChannelCommand({ arn, name: 'after' }));
    await t.settled();
    t.control.clearRequests();
    await vi.advanceTimersByTimeAsync(POLL);
    const renamed = await waitFor(channel$, (e) => e.data?.name === 'after');
    expect(renamed.status).toBe('success');
    expect(t.control.countRequests({ operation: 'GetChannel' })).toBe(1);
    sub.unsubscribe();
    // An hour later by the fake clock: calls signed then still pass (the test store sets no
    // skew window; a simulator started before the fake timers keeps the real clock).
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    await expect(t.ivs.send(new GetChannelCommand({ arn }))).resolves.toMatchObject({ channel: { name: 'after' } });
  });

  it('vi.runAllTimersAsync() never ends while something is watched: polling is an endless chain of timers', async () => {
    vi.useFakeTimers({ loopLimit: 100 }); // vitest's 10 000 would take a while, polling the simulator
    t = await createTestStore();
    const arn = t.control.ivs.createChannel({ name: 'loop' }).arn;
    const sub = t.store.channels.get$(arn).subscribe();
    await t.settled();
    await expect(vi.runAllTimersAsync()).rejects.toThrow(/Aborting after running \d+ timers/);
    sub.unsubscribe();
  });

  it('a frozen clock (no shouldAdvanceTime) holds calls beyond an operation quota until time is advanced', async () => {
    vi.useFakeTimers();
    t = await createTestStore();
    // UpdateChannel allows 5 calls a second: the rest wait for the clock to move.
    const arns = Array.from({ length: 7 }, (_, i) => t!.control.ivs.createChannel({ name: `c${i}` }).arn);
    // settled() sees calls, not code on its way: the mutations' code is loaded first.
    await t.store.channels.update({ arn: arns[0]!, name: 'warm' });
    await vi.advanceTimersByTimeAsync(1100);
    let done = 0;
    const updates = arns.map((arn, i) => t!.store.channels.update({ arn, name: `renamed-${i}` }).then(() => done++));
    await t.settled();
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(7); // held: the clock has not moved on
    expect(t.control.countRequests({ operation: 'UpdateChannel' })).toBe(1 + done);
    await vi.advanceTimersByTimeAsync(1100); // a second's window, and the scheduler's margin
    await Promise.all(updates);
    expect(done).toBe(7);
  });

  it('real timers need none of this: pollNow() reads what is watched at once', async () => {
    t = await createTestStore();
    const arn = t.control.ivs.createChannel({ name: 'x' }).arn;
    const health$ = t.store.streams.health$(arn);
    const sub = health$.subscribe();
    await waitFor(health$, (h) => h.state === 'OFFLINE');
    t.control.ivs.goLive(arn, { viewerCount: 4 });
    await t.pollNow();
    expect((await waitFor(health$, () => true, { timeout: 100 })).viewerCount).toBe(4);
    sub.unsubscribe();
  });
});
