import { Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IvsStoreError } from '../../src/core/errors.js';
import { EntityQuery } from '../../src/query/entity-query.js';
import { ListQuery, type Page } from '../../src/query/list-query.js';
import { readEach } from '../../src/query/reads.js';
import { sweepOrGet } from '../../src/query/sweep.js';
import { record, sdkError, testContext, type TestContext } from './context.js';

/**
 * The kit's shared complete list reads (src/query/list-source.ts): a list (`list$()`,
 * unfiltered) and a sweep that answers entities (`get$`) from the same operation read it
 * once between them, whichever polls first, in both directions; what a read may take from
 * another depends on its priority and on how fresh that read is.
 */

interface Thing {
  id: string;
  v: number;
}

const INTERVAL = 1000;
/** Each page call takes this long (fake time), so reads have a time in flight. */
const LATENCY = 50;
const IDS = ['a', 'b', 'c'];

const gone = (id: string) => new IvsStoreError({ kind: 'not-found', message: `${id} is gone`, resourceId: id });

/**
 * A fake service over `table`: ListThings pages of two (every call recorded with the time
 * it was made and its signal), GetThing one id. A list query (`things:lists`) and an entity
 * query (`things`, its reads a ListThings sweep or GetThing per id) on one context.
 */
function world(ctx: TestContext, options: { into?: string } = {}) {
  const table = new Map(IDS.map((id) => [id, { id, v: 1 }]));
  const calls: Array<{ operation: string; token?: string | undefined; at: number; signal: AbortSignal }> = [];
  let failNext: Error | undefined;
  const wait = (signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, LATENCY);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(sdkError('AbortError', 'aborted'));
      });
    });
  const page = async (token: string | undefined, signal: AbortSignal): Promise<Page<Thing>> => {
    calls.push({ operation: 'ListThings', token, at: Date.now(), signal });
    const fail = failNext;
    failNext = undefined;
    await wait(signal);
    if (fail) throw fail;
    const all = [...table.values()].map((t) => ({ ...t }));
    const i = Number(token ?? 0);
    return { items: all.slice(i, i + 2), nextToken: i + 2 < all.length ? String(i + 2) : undefined };
  };
  const entities = new EntityQuery<Thing>(ctx, {
    collection: 'things',
    service: 'test',
    operation: 'ListThings',
    max: 1000,
    mergeReads: true,
    checkId: () => undefined,
    read: sweepOrGet<Thing, Thing>(ctx, {
      get: readEach('GetThing', async (id, signal) => {
        calls.push({ operation: 'GetThing', at: Date.now(), signal });
        await wait(signal);
        const t = table.get(id);
        return t && { ...t };
      }),
      sweep: {
        service: 'test',
        operation: 'ListThings',
        pageSize: 2,
        page,
        idOf: (t) => t.id,
        found: (t) => t,
        absent: gone,
      },
    }),
  });
  const lists = new ListQuery<undefined, Thing>(ctx, {
    collection: 'things:lists',
    service: 'test',
    operation: 'ListThings',
    checkFilter: () => undefined,
    page: (_f, token, signal) => page(token, signal),
    idOf: (t) => t.id,
    into: options.into,
  });
  return {
    table,
    calls,
    entities,
    lists,
    failNext: (error: Error) => (failNext = error),
    /** Complete ListThings reads (first pages) made since `from` (ms). */
    reads: (from = 0) => calls.filter((c) => c.operation === 'ListThings' && !c.token && c.at >= from).length,
    watchEntities: () => IDS.map((id) => record(entities.get$(id))),
    setAll: (v: number) => table.forEach((t) => (t.v = v)),
  };
}

const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe('shared complete list reads', () => {
  let ctx: TestContext;
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => {
    ctx?.dispose();
    vi.useRealTimers();
  });

  it('a list and a sweep watched together make one list read, then one a cycle', async () => {
    ctx = testContext({ refetchInterval: INTERVAL });
    const w = world(ctx);
    const list = record(w.lists.list$());
    const things = w.watchEntities();
    await advance(10);
    // Both first reads (user reads, in one tick): one read of the two pages between them.
    expect(w.reads()).toBe(1);
    await advance(200);
    expect(w.calls.map((c) => c.token)).toEqual([undefined, '2']);
    expect(list.last().data).toEqual([
      { id: 'a', v: 1 },
      { id: 'b', v: 1 },
      { id: 'c', v: 1 },
    ]);
    expect(things.map((t) => t.last().data)).toEqual([
      { id: 'a', v: 1 },
      { id: 'b', v: 1 },
      { id: 'c', v: 1 },
    ]);
    w.setAll(2);
    const from = Date.now();
    await advance(10 * INTERVAL);
    // Two pollers, each due an interval after its last read landed (two pages: 1 100 ms a
    // cycle): nine cycles in ten seconds, one read each, of both pages.
    expect(w.reads(from)).toBe(9);
    expect(w.calls.filter((c) => c.at >= from)).toHaveLength(18);
    expect(list.last().data?.map((t) => t.v)).toEqual([2, 2, 2]);
    expect(things.map((t) => t.last().data?.v)).toEqual([2, 2, 2]);
    list.stop();
    things.forEach((t) => t.stop());
  });

  it('pollers out of phase settle into one read a cycle: the later one takes the earlier one’s read, then joins it', async () => {
    ctx = testContext({ refetchInterval: INTERVAL });
    const w = world(ctx);
    const things = w.watchEntities();
    await advance(300);
    // The list's first read is a user read: it reads, whatever the sweep read 300 ms ago.
    const list = record(w.lists.list$());
    await advance(200);
    expect(w.reads()).toBe(2);
    const from = Date.now();
    await advance(20 * INTERVAL);
    // The sweep, due 300 ms before the list, takes the list's fresher read; the list reads.
    // Each cycle the list's poll comes later by its read's time in flight, until the two fall
    // due together and one joins the other's read: never two reads in a cycle.
    expect(w.reads(from)).toBeLessThanOrEqual(19);
    expect(w.reads(from)).toBeGreaterThanOrEqual(17);
    // In the end, in phase: the two polls are one read.
    const last = w.calls.filter((c) => !c.token).slice(-3);
    const gaps = last.slice(1).map((c, i) => c.at - last[i]!.at);
    expect(gaps.every((g) => g >= INTERVAL && g <= INTERVAL + 3 * LATENCY)).toBe(true);
    list.stop();
    things.forEach((t) => t.stop());
  });

  it("a fresher complete read answers the other query's poll, in both directions, dated by when it was sent", async () => {
    ctx = testContext({ refetchInterval: INTERVAL });
    // The list first: the sweep, due 300 ms later, takes the list's read.
    let w = world(ctx);
    let list = record(w.lists.list$());
    await advance(300);
    let things = w.watchEntities();
    await advance(200);
    expect(w.reads()).toBe(2);
    // The list polls at 1000 (the sweep's first read at 300 is fresher than its own: taken),
    // the sweep at 1300 (its own read is no news: it reads).
    w.setAll(2);
    await advance(600); // t = 1100
    expect(w.reads()).toBe(2);
    expect(list.last().data?.map((t) => t.v)).toEqual([1, 1, 1]);
    await advance(300); // t = 1400
    expect(w.reads()).toBe(3);
    expect(things.map((t) => t.last().data?.v)).toEqual([2, 2, 2]);
    await advance(700); // t = 2100: the list took the sweep's read of 1300
    expect(w.reads()).toBe(3);
    expect(list.last().data?.map((t) => t.v)).toEqual([2, 2, 2]);
    list.stop();
    things.forEach((t) => t.stop());
    ctx.dispose();

    // The entities first: the list, due 300 ms later, takes the sweep's read.
    vi.setSystemTime(0);
    ctx = testContext({ refetchInterval: INTERVAL });
    w = world(ctx);
    things = w.watchEntities();
    await advance(300);
    list = record(w.lists.list$());
    await advance(200);
    w.setAll(3);
    await advance(600); // t = 1100: the sweep took the list's first read (of 300), no call
    expect(w.reads()).toBe(2);
    expect(things.map((t) => t.last().data?.v)).toEqual([1, 1, 1]);
    await advance(300); // t = 1400: the list read
    expect(w.reads()).toBe(3);
    await advance(700); // t = 2100: the sweep took it
    expect(w.reads()).toBe(3);
    expect(things.map((t) => t.last().data?.v)).toEqual([3, 3, 3]);
    list.stop();
    things.forEach((t) => t.stop());
  });

  it('with `into`, the list writes the entities from the read it shares, and they stay dated by it', async () => {
    ctx = testContext({ refetchInterval: INTERVAL });
    const w = world(ctx, { into: 'things' });
    const list = record(w.lists.list$());
    const things = w.watchEntities();
    await advance(200);
    w.setAll(6);
    const from = Date.now();
    await advance(5 * INTERVAL);
    expect(w.reads(from)).toBe(4);
    // The list shows the entities, merged from its items and the sweep's answers alike.
    expect(list.last().data).toEqual([
      { id: 'a', v: 6 },
      { id: 'b', v: 6 },
      { id: 'c', v: 6 },
    ]);
    expect(list.last().data?.[0]).toBe(things[0]!.last().data);
    list.stop();
    things.forEach((t) => t.stop());
  });

  it('a stale complete read is not taken: after a pause, the first poll reads and the other joins it', async () => {
    ctx = testContext({ refetchInterval: INTERVAL });
    const active = new Subject<boolean>();
    ctx.active$ = active;
    const w = world(ctx);
    active.next(true);
    const list = record(w.lists.list$());
    const things = w.watchEntities();
    await advance(1500);
    expect(w.reads()).toBe(2);
    // Hidden: nothing polls; the last complete read grows old.
    active.next(false);
    w.setAll(5);
    await advance(5 * INTERVAL);
    expect(w.reads()).toBe(2);
    const from = Date.now();
    active.next(true);
    await advance(200);
    // Both pollers refresh on return; the last read, 5 s old, answers neither: one read, shared.
    expect(w.reads(from)).toBe(1);
    expect(list.last().data?.map((t) => t.v)).toEqual([5, 5, 5]);
    expect(things.map((t) => t.last().data?.v)).toEqual([5, 5, 5]);
    list.stop();
    things.forEach((t) => t.stop());
  });

  it('a poll does not take a read its own query already took, however young', async () => {
    ctx = testContext({ refetchInterval: INTERVAL });
    const w = world(ctx);
    const things = w.watchEntities();
    const list = record(w.lists.list$());
    await advance(100);
    // Both re-read at 100 (together: one read); their polls fall due at 1000, when that read
    // is younger than the interval but no news to either of them.
    await Promise.all([w.lists.refresh(), w.entities.refresh(), advance(100)]);
    expect(w.reads()).toBe(2);
    await advance(INTERVAL - 200 + 10);
    expect(w.reads()).toBe(3);
    list.stop();
    things.forEach((t) => t.stop());
  });

  it('user reads read: a first read and refresh() take no completed read, however fresh, but join one in flight', async () => {
    ctx = testContext({ refetchInterval: 60_000 });
    const w = world(ctx);
    const list = record(w.lists.list$());
    await advance(300);
    expect(w.reads()).toBe(1);
    // The entities' first reads: the list's read of 0 is fresh, and they read.
    const things = w.watchEntities();
    await advance(200);
    expect(w.reads()).toBe(2);
    // The list's refresh: the sweep's read of 300 is fresher than its own, and it reads.
    await Promise.all([w.lists.refresh(), advance(200)]);
    expect(w.reads()).toBe(3);
    // A refresh of the entities while the list's refresh is in flight joins it.
    w.setAll(7);
    const refreshed = w.lists.refresh();
    await advance(10);
    await Promise.all([w.entities.refresh(), refreshed, advance(200)]);
    expect(w.reads()).toBe(4);
    expect(things.map((t) => t.last().data?.v)).toEqual([7, 7, 7]);
    expect(list.last().data?.map((t) => t.v)).toEqual([7, 7, 7]);
    list.stop();
    things.forEach((t) => t.stop());
  });

  it('a user read of one entity (after an action) gets it, not the list read in flight sent before', async () => {
    ctx = testContext({ refetchInterval: 60_000 });
    const w = world(ctx);
    const list = record(w.lists.list$());
    await advance(200);
    void w.lists.refresh();
    await advance(10);
    // The list's read is on the wire; the entity changes; one user read of it: a get, answered after.
    w.table.get('a')!.v = 9;
    await Promise.all([w.entities.load(['a'], 'user'), advance(200)]);
    expect(w.calls.filter((c) => c.operation === 'GetThing')).toHaveLength(1);
    expect(ctx.cache.get('things', 'a').data).toEqual({ id: 'a', v: 9 });
    list.stop();
  });

  it('a shared answer is as old as its first page: it never replaces data written after it was sent', async () => {
    ctx = testContext({ refetchInterval: INTERVAL });
    const w = world(ctx);
    const things = w.watchEntities();
    const list = record(w.lists.list$());
    await advance(200);
    await advance(INTERVAL - 200 + 10); // t = 1010: the cycle's read is in flight
    expect(w.reads()).toBe(2);
    // Something newer lands for `a` meanwhile (a mutation's answer, say).
    ctx.cache.transaction((tx) => tx.succeed('things', 'a', ctx.cache.nextSeq(), { id: 'a', v: 42 }));
    w.setAll(3);
    await advance(200);
    expect(things[0]!.last().data).toEqual({ id: 'a', v: 42 });
    expect(things[1]!.last().data).toEqual({ id: 'b', v: 3 });
    list.stop();
    things.forEach((t) => t.stop());
  });

  it('a failed read fails its readers only: the next poll reads again, and the failure is never taken', async () => {
    ctx = testContext({ refetchInterval: INTERVAL });
    const w = world(ctx);
    const list = record(w.lists.list$());
    const things = w.watchEntities();
    await advance(200);
    w.failNext(sdkError('InternalServerException', 'boom'));
    w.setAll(4);
    await advance(INTERVAL);
    // The cycle's one read failed: both show it, keeping what they had.
    expect(w.reads()).toBe(2);
    expect(list.last()).toMatchObject({ status: 'error', data: [{ v: 1 }, { v: 1 }, { v: 1 }] });
    expect(things[0]!.last()).toMatchObject({ status: 'error', data: { v: 1 } });
    // Backed off (two intervals), then read again: nobody took the failure for an answer.
    await advance(2 * INTERVAL + 200);
    expect(w.reads()).toBe(3);
    expect(list.last()).toMatchObject({ status: 'success', data: [{ v: 4 }, { v: 4 }, { v: 4 }] });
    expect(things.map((t) => t.last().data?.v)).toEqual([4, 4, 4]);
    list.stop();
    things.forEach((t) => t.stop());
  });

  it('a read is aborted when its last reader leaves, and not while another still waits', async () => {
    ctx = testContext({ refetchInterval: INTERVAL });
    const w = world(ctx);
    // Alone: its first read is aborted when the list is dropped before it lands.
    const alone = record(w.lists.list$());
    await advance(10);
    alone.stop();
    await advance(0);
    expect(w.calls).toHaveLength(1);
    expect(w.calls[0]!.signal.aborted).toBe(true);

    // Shared: the entities' first reads join the list's; the list leaves, the read goes on.
    await advance(1000);
    const list = record(w.lists.list$());
    const things = w.watchEntities();
    await advance(10);
    expect(w.calls).toHaveLength(2);
    list.stop();
    await advance(200);
    expect(w.calls[1]!.signal.aborted).toBe(false);
    expect(w.reads()).toBe(2);
    expect(things.map((t) => t.last().data?.v)).toEqual([1, 1, 1]);
    things.forEach((t) => t.stop());
  });
});
