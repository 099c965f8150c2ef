import type { IvsClient } from '@aws-sdk/client-ivs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIvsStore, type Entry, type StoreChannel } from '../../src/index.js';

const arn = (i: number) => `arn:aws:ivs:us-east-1:123456789012:channel/qp${String(i).padStart(6, '0')}`;

/** A stand-in IvsClient serving channels from a table the test edits; every answer is a fresh copy, as the SDK's would be. */
function tableClient(count: number) {
  const table = new Map(
    Array.from({ length: count }, (_, i) => [
      arn(i),
      { arn: arn(i), name: `c${i}`, latencyMode: 'LOW', tags: { team: 'a' } },
    ]),
  );
  const client = {
    config: { maxAttempts: async () => 1 },
    send: vi.fn(async (command: { input: { arns?: string[]; arn?: string } }) => {
      const copy = (a: string) => structuredClone(table.get(a));
      if (command.input.arn) return { channel: copy(command.input.arn) };
      return { channels: (command.input.arns ?? []).map(copy), errors: [] };
    }),
  };
  return { client: client as unknown as IvsClient, table };
}

/*
 * Each test awaits `channels.refresh()` after creating its store: channels' code loads at
 * creation, in a chunk of its own, and these tests measure the real queries (the stand-ins
 * that take calls before it arrives are tested in lazy-resource.test.ts).
 */
describe('a poll that finds nothing new is silent', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('200 watched channels: no emission per quiet cycle, exactly one for the one that changed', async () => {
    const { client, table } = tableClient(200);
    const store = createIvsStore({ ivs: client, refetchInterval: 1000, quotas: { BatchGetChannel: 100 } });
    await store.channels.refresh();
    const seen = new Map<string, Array<Entry<StoreChannel>>>();
    const subs = Array.from({ length: 200 }, (_, i) =>
      store.channels.get$(arn(i)).subscribe((e) => seen.set(arn(i), [...(seen.get(arn(i)) ?? []), e])),
    );
    await vi.advanceTimersByTimeAsync(50);
    // First load, seen by everyone: loading (fetching), then success.
    expect(seen.get(arn(7))!.map((e) => [e.status, e.fetching])).toEqual([
      ['loading', true],
      ['success', false],
    ]);
    const settled = [...seen.values()].reduce((n, list) => n + list.length, 0);
    const callsBefore = vi.mocked(client.send).mock.calls.length;

    await vi.advanceTimersByTimeAsync(3000); // three quiet polls
    expect(vi.mocked(client.send).mock.calls.length - callsBefore).toBe(3 * 4);
    expect([...seen.values()].reduce((n, list) => n + list.length, 0)).toBe(settled);

    table.get(arn(42))!.name = 'renamed';
    await vi.advanceTimersByTimeAsync(1000);
    const changed = [...seen].filter(([, list]) => list.length > 2);
    expect(changed.map(([a]) => a)).toEqual([arn(42)]);
    const last = seen.get(arn(42))!.at(-1)!;
    expect(last.data?.name).toBe('renamed');
    // updatedAt says when the data changed, not when it was last confirmed.
    expect(last.updatedAt).toBeGreaterThan(seen.get(arn(42))![1]!.updatedAt!);
    expect(seen.get(arn(41))!.at(-1)!.updatedAt).toBe(seen.get(arn(41))![1]!.updatedAt);

    subs.forEach((s) => s.unsubscribe());
    store.dispose();
  });

  it('refresh() is a read someone waits for: it shows as fetching, then settles without a data change', async () => {
    const { client } = tableClient(1);
    const store = createIvsStore({ ivs: client, refetchInterval: 60_000 });
    await store.channels.refresh();
    const seen: Array<Entry<StoreChannel>> = [];
    const sub = store.channels.get$(arn(0)).subscribe((e) => seen.push(e));
    await vi.advanceTimersByTimeAsync(10);
    const data = seen.at(-1)!.data;
    const refreshed = store.channels.refresh();
    await vi.advanceTimersByTimeAsync(10);
    await refreshed;
    expect(seen.slice(2).map((e) => e.fetching)).toEqual([true, false]);
    expect(seen.at(-1)!.data).toBe(data);
    sub.unsubscribe();
    store.dispose();
  });

  it('a stream health history still gets one sample per read when nothing changed', async () => {
    const channelArn = arn(3);
    const client = {
      config: { maxAttempts: async () => 1 },
      send: vi.fn(async () => ({
        stream: { channelArn, state: 'LIVE', health: 'HEALTHY', viewerCount: 10, streamId: 'st-1' },
      })),
    } as unknown as IvsClient;
    const store = createIvsStore({ ivs: client, refetchInterval: 1000 });
    await store.channels.refresh();
    // The streams' code is a chunk loaded on first use (real I/O): load it before fake time runs.
    await store.streams.refresh();
    const histories: number[] = [];
    const health: unknown[] = [];
    const s1 = store.streams.healthHistory$(channelArn).subscribe((h) => histories.push(h.length));
    const s2 = store.streams.health$(channelArn).subscribe((h) => health.push(h));
    await vi.advanceTimersByTimeAsync(3050);
    expect(histories).toEqual([1, 2, 3, 4]);
    expect(health).toHaveLength(1);
    s1.unsubscribe();
    s2.unsubscribe();
    store.dispose();
  });
});
