import { BatchGetChannelCommand, type IvsClient } from '@aws-sdk/client-ivs';
import { BehaviorSubject, type Observable } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIvsStore, type Entry } from '../../src/index.js';

const arn = (i: number) => `arn:aws:ivs:us-east-1:123456789012:channel/ch${String(i).padStart(6, '0')}`;

/** A stand-in IvsClient: answers BatchGetChannel after `delayMs`, records every call and its signal. */
function fakeClient(delayMs = 10) {
  const calls: Array<{ name: string; arns: string[]; signal: AbortSignal | undefined }> = [];
  const client = {
    config: { maxAttempts: async () => 1 },
    send: vi.fn((command: { input: { arns?: string[] } }, options?: { abortSignal?: AbortSignal }) => {
      const arns = command.input.arns ?? [];
      calls.push({ name: command.constructor.name, arns, signal: options?.abortSignal });
      const input = command.input as { arns?: string[]; arn?: string };
      const answer = input.arn
        ? { channel: { arn: input.arn, name: input.arn.slice(-8) } }
        : { channels: arns.map((a) => ({ arn: a, name: a.slice(-8) })), errors: [] };
      if (delayMs === 0) return Promise.resolve(answer);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => resolve(answer), delayMs);
        options?.abortSignal?.addEventListener('abort', () => {
          clearTimeout(t);
          reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
        });
      });
    }),
  };
  return { client: client as unknown as IvsClient, calls };
}

/*
 * Each test awaits `channels.refresh()` after creating its store: channels' code loads at
 * creation, in a chunk of its own, and these tests measure the real queries (the stand-ins
 * that take calls before it arrives are tested in lazy-resource.test.ts).
 */
describe('createIvsStore (fake timers, fake client)', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('120 same-tick get$ become 3 BatchGetChannel calls of at most 50', async () => {
    const { client, calls } = fakeClient();
    const store = createIvsStore({ ivs: client, quotas: { BatchGetChannel: 100 } });
    await store.channels.refresh();
    const subs = Array.from({ length: 120 }, (_, i) => store.channels.get$(arn(i)).subscribe());
    await vi.advanceTimersByTimeAsync(20);
    expect(calls.map((c) => [c.name, c.arns.length])).toEqual([
      [BatchGetChannelCommand.name, 50],
      [BatchGetChannelCommand.name, 50],
      [BatchGetChannelCommand.name, 20],
    ]);
    subs.forEach((s) => s.unsubscribe());
    store.dispose();
  });

  it('thousands of subscribers mean one poll timer, and calls stay inside the quota', async () => {
    const { client, calls } = fakeClient(0);
    const store = createIvsStore({ ivs: client, refetchInterval: 1000 });
    await store.channels.refresh();
    const subs = Array.from({ length: 3000 }, (_, i) => store.channels.get$(arn(i % 1000)).subscribe());
    await vi.advanceTimersByTimeAsync(0);
    // The poll timer and the scheduler's refill timer: not one per subscriber.
    expect(vi.getTimerCount()).toBeLessThanOrEqual(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls.length).toBeGreaterThan(20);
    // 1000 channels = 20 batch calls per poll at 5 TPS: the poll stretches instead of bursting.
    const times: number[] = [];
    client.send = vi.fn(() => {
      times.push(Date.now());
      return Promise.resolve({ channels: [], errors: [] });
    }) as never;
    await vi.advanceTimersByTimeAsync(10_000);
    for (const t of times) expect(times.filter((x) => x >= t && x < t + 1000).length).toBeLessThanOrEqual(5);
    subs.forEach((s) => s.unsubscribe());
    store.dispose();
  });

  it('unsubscribing before the first answer aborts the request', async () => {
    const { client, calls } = fakeClient(1000);
    const store = createIvsStore({ ivs: client });
    await store.channels.refresh();
    const sub = store.channels.get$(arn(1)).subscribe();
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.signal?.aborted).toBe(false);
    sub.unsubscribe();
    // Not in the same task: a subscriber that comes straight back (StrictMode) keeps the call.
    expect(calls[0]?.signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls[0]?.signal?.aborted).toBe(true);
    store.dispose();
  });

  it('every query kind re-subscribed in the same task (StrictMode) keeps its first read: one call, data at once', async () => {
    const client = {
      config: { maxAttempts: async () => 1 },
      send: vi.fn(
        (command: { input: { arns?: string[] } }) =>
          new Promise((resolve) => {
            const input = command.input as { arns?: string[]; arn?: string };
            const answer = input.arn
              ? { channel: { arn: input.arn, name: 'one' } }
              : input.arns
                ? { channels: input.arns.map((a) => ({ arn: a, name: 'one' })), errors: [] }
                : { channels: [{ arn: arn(3), name: 'listed' }] };
            setTimeout(() => resolve(answer), 40);
          }),
      ),
    } as unknown as IvsClient;
    const store = createIvsStore({ ivs: client });
    await store.channels.refresh();
    const queries: Array<[string, Observable<Entry<unknown>>]> = [
      ['list$', store.channels.list$()],
      ['get$', store.channels.get$(arn(1))],
    ];
    for (const [name, query] of queries) {
      let last: { status: string; data: unknown; fetching: boolean } | undefined;
      query.subscribe().unsubscribe();
      const sub = query.subscribe((e) => (last = e));
      await vi.advanceTimersByTimeAsync(50);
      // Data one call later, and no read left counted as in flight.
      expect([name, last?.status, last?.fetching]).toEqual([name, 'success', false]);
      expect(last?.data).toBeDefined();
      sub.unsubscribe();
    }
    expect(client.send).toHaveBeenCalledTimes(2);
    store.dispose();
  });

  it('pauses polling while hidden or offline, and refreshes once on return', async () => {
    const { client, calls } = fakeClient(1);
    const visible$ = new BehaviorSubject(true);
    const online$ = new BehaviorSubject(true);
    const store = createIvsStore({ ivs: client, refetchInterval: 1000, environment: { visible$, online$ } });
    await store.channels.refresh();
    const sub = store.channels.get$(arn(1)).subscribe();
    await vi.advanceTimersByTimeAsync(2_500);
    const before = calls.length;
    expect(before).toBe(3); // first read, polls at ~1 s and ~2 s
    visible$.next(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls.length).toBe(before);
    visible$.next(true);
    await vi.advanceTimersByTimeAsync(5);
    expect(calls.length).toBe(before + 1);
    online$.next(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls.length).toBe(before + 1);
    sub.unsubscribe();
    store.dispose();
  });

  it('collects entries nobody watches after gcTime, including those a list brought in', async () => {
    const client = {
      config: { maxAttempts: async () => 1 },
      send: vi.fn(async (command: { input: { arns?: string[] } }) =>
        command.input.arns
          ? { channels: command.input.arns.map((a) => ({ arn: a, name: 'x' })), errors: [] }
          : { channels: [{ arn: arn(7), name: 'listed' }] },
      ),
    } as unknown as IvsClient;
    const store = createIvsStore({ ivs: client, gcTime: 1000, graceTime: 0 });
    await store.channels.refresh();
    const list = store.channels.list$().subscribe();
    const one = store.channels.get$(arn(1)).subscribe();
    await vi.advanceTimersByTimeAsync(10);
    let seen: unknown;
    const peek = store.channels.get$(arn(7)).subscribe((e) => (seen = e.data));
    expect(seen).toMatchObject({ name: 'listed' });
    peek.unsubscribe();
    await vi.advanceTimersByTimeAsync(5000);
    // Still held by the watched list.
    store.channels
      .get$(arn(7))
      .subscribe((e) => (seen = e.data))
      .unsubscribe();
    expect(seen).toMatchObject({ name: 'listed' });
    list.unsubscribe();
    one.unsubscribe();
    await vi.advanceTimersByTimeAsync(1000);
    store.channels
      .get$(arn(7))
      .subscribe((e) => (seen = e))
      .unsubscribe();
    expect(seen).toMatchObject({ status: 'loading', data: undefined });
    store.dispose();
  });

  it('dispose leaves no timers, aborts what is in flight and completes the Observables', async () => {
    const { client, calls } = fakeClient(5_000);
    const store = createIvsStore({ ivs: client, refetchInterval: 1000 });
    await store.channels.refresh();
    let completed = false;
    const sub = store.channels.get$(arn(1)).subscribe({ complete: () => (completed = true) });
    const list = store.channels.list$().subscribe();
    await vi.advanceTimersByTimeAsync(10);
    store.dispose();
    store.dispose();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls[0]?.signal?.aborted).toBe(true);
    expect(completed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    sub.unsubscribe();
    list.unsubscribe();
    expect(vi.getTimerCount()).toBe(0);
  });
});
