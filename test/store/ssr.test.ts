import type { IvsClient } from '@aws-sdk/client-ivs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIvsStore, type DehydratedState, dehydrate, hydrate, prefetch } from '../../src/index.js';

const arn = (i: number) => `arn:aws:ivs:us-east-1:123456789012:channel/ssr${String(i).padStart(9, '0')}`;

/** A stand-in IvsClient serving channels from a table (fresh copies, as the SDK's answers are). */
function tableClient(names: string[]) {
  const table = new Map(names.map((name, i) => [arn(i), { arn: arn(i), name, latencyMode: 'LOW' }]));
  const send = vi.fn(async (command: { input: { arns?: string[]; arn?: string } }) => {
    const copy = (a: string) => structuredClone(table.get(a));
    if (command.input.arn) return { channel: copy(command.input.arn) };
    return { channels: (command.input.arns ?? []).map(copy), errors: [] };
  });
  return { client: { config: { maxAttempts: async () => 1 }, send } as unknown as IvsClient, table, send };
}

describe('a store made for one server render', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('leaves no timer behind once disposed, even with a subscription the render never ended (Vue SSR keeps them)', async () => {
    const { client, send } = tableClient(['a', 'b', 'c']);
    // No window here: tabs are off, the environment always active.
    const store = createIvsStore({ ivs: client, refetchInterval: 5000 });
    const done = prefetch([0, 1, 2].map((i) => store.channels.get$(arn(i))));
    await vi.advanceTimersByTimeAsync(10);
    const entries = await done;
    expect(entries.map((e) => e.data?.name)).toEqual(['a', 'b', 'c']);
    // One batch for the three.
    expect(send.mock.calls.map(([c]) => c.input.arns)).toEqual([[arn(0), arn(1), arn(2)]]);
    const left = store.channels.get$(arn(0)).subscribe();
    await vi.advanceTimersByTimeAsync(10);
    expect(vi.getTimerCount()).toBeGreaterThan(0); // a poll, a grace, a collection due
    expect(dehydrate(store).entries).toHaveLength(3);
    store.dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(left.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(send).toHaveBeenCalledTimes(1);
  });
});

describe('hydrate on the page', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  const state = (name: string, at: number): DehydratedState => ({
    v: 1,
    resources: ['channels'],
    entries: [
      {
        collection: 'channels',
        id: arn(0),
        status: 'success',
        data: { arn: arn(0), name },
        updatedAt: at,
        checkedAt: at,
      },
    ],
  });

  it('a server clock ahead of the page does not make the page refuse its own later reads', async () => {
    const { client } = tableClient(['page']);
    const store = createIvsStore({ ivs: client, refetchInterval: 5000 });
    await hydrate(store, state('server', Date.now() + 60_000));
    const seen: Array<string | undefined> = [];
    const sub = store.channels.get$(arn(0), { staleTime: 0 }).subscribe((e) => seen.push(e.data?.name));
    await vi.advanceTimersByTimeAsync(10);
    expect(seen.at(0)).toBe('server');
    expect(seen.at(-1)).toBe('page');
    sub.unsubscribe();
    store.dispose();
  });

  it('staleTime decides: an entry read 3 s ago on the server is not read on mount at a 5 s interval, but is after 2 s more', async () => {
    const { client, send } = tableClient(['page']);
    const store = createIvsStore({ ivs: client, refetchInterval: 5000 });
    await hydrate(store, state('server', Date.now() - 3000));
    const sub = store.channels.get$(arn(0)).subscribe();
    await vi.advanceTimersByTimeAsync(10);
    expect(send).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(5000);
    expect(send).toHaveBeenCalled();
    sub.unsubscribe();
    store.dispose();
  });

  it('hydrated entries nobody watches are collected after gcTime', async () => {
    const { client } = tableClient(['page']);
    const store = createIvsStore({ ivs: client, gcTime: 1000 });
    await hydrate(store, state('server', Date.now()));
    expect(dehydrate(store).entries).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1500);
    expect(dehydrate(store).entries).toHaveLength(0);
    store.dispose();
  });
});
