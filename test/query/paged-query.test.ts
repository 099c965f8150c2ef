import { firstValueFrom, filter as where } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { invalidInput } from '../../src/core/errors.js';
import { ListQuery } from '../../src/query/list-query.js';
import type { PagedEntry } from '../../src/query/paged-entry.js';
import { deferred, sdkError, settle, testContext, type TestContext } from './context.js';

interface Item {
  id: string;
  name: string;
}

/** A test context whose `onDemand` really loads the chunk (the kit's paged code is one). */
function pagedContext(options: Parameters<typeof testContext>[0] = {}): TestContext {
  const ctx = testContext(options);
  ctx.onDemand = (_name, load, build) => {
    let p: Promise<ReturnType<typeof build>> | undefined;
    return () => (p ??= load().then(build));
  };
  return ctx;
}

/**
 * A list kind over `items`, served `size` at a time with the offset as token; each call is
 * recorded. `gate`, when set, holds the next answer until resolved; `fail` fails the next call.
 */
function backend(ctx: TestContext, count = 7, max?: number, into: string | undefined = 'things') {
  const items: Item[] = Array.from({ length: count }, (_, i) => ({ id: `i${i}`, name: `item ${i}` }));
  const calls: Array<{ token: string | undefined; size: number }> = [];
  const state: { gate?: Promise<void>; fail?: Error } = {};
  const query = new ListQuery<{ color?: string }, Item>(ctx, {
    collection: 'things:lists',
    service: 'test',
    operation: 'ListThings',
    maxPageSize: max,
    checkFilter: (f) => (f?.color === 'bad' ? invalidInput('ListThings', 'color', 'must not be bad') : undefined),
    page: async (_f, token, _signal, size) => {
      calls.push({ token, size });
      const gate = state.gate;
      const fail = state.fail;
      state.fail = undefined;
      if (gate) await gate;
      if (fail) throw fail;
      const at = token ? Number(token) : 0;
      const end = at + size;
      return { items: items.slice(at, end), nextToken: end < items.length ? String(end) : undefined };
    },
    idOf: (i) => i.id,
    into,
  });
  return { items, calls, state, query };
}

function watch<T>(obs: import('rxjs').Observable<PagedEntry<T>>) {
  const seen: Array<PagedEntry<T>> = [];
  const sub = obs.subscribe((e) => seen.push(e));
  return { seen, last: () => seen.at(-1) as PagedEntry<T>, stop: () => sub.unsubscribe() };
}

const ids = (e: PagedEntry<Item>) => e.data?.pages.map((p) => p.map((i) => i.id));
const landed = <T>(obs: import('rxjs').Observable<PagedEntry<T>>, test: (e: PagedEntry<T>) => boolean) =>
  firstValueFrom(obs.pipe(where(test)));

describe('pages$ (PagedQuery)', () => {
  let ctx: TestContext;
  afterEach(() => ctx?.dispose());

  it('reads the first page only, then appends one page per fetchNextPage, until there is none', async () => {
    ctx = pagedContext();
    const { query, calls } = backend(ctx, 7);
    const obs = query.pages$(undefined, { pageSize: 3 });
    const s = watch(obs);
    await landed(obs, (e) => e.status === 'success');
    expect(calls).toEqual([{ token: undefined, size: 3 }]);
    expect(s.last()).toMatchObject({ status: 'success', hasNextPage: true, fetchingNextPage: false });
    expect(ids(s.last())).toEqual([['i0', 'i1', 'i2']]);

    const first = s.last().fetchNextPage;
    const done = first();
    expect(s.last().fetchingNextPage).toBe(true);
    await done;
    expect(ids(s.last())).toEqual([
      ['i0', 'i1', 'i2'],
      ['i3', 'i4', 'i5'],
    ]);
    expect(s.last().data?.items.map((i) => i.id)).toEqual(['i0', 'i1', 'i2', 'i3', 'i4', 'i5']);
    expect(s.last().fetchingNextPage).toBe(false);
    // The same function on every entry of the query.
    expect(s.last().fetchNextPage).toBe(first);

    await s.last().fetchNextPage();
    expect(ids(s.last())).toEqual([['i0', 'i1', 'i2'], ['i3', 'i4', 'i5'], ['i6']]);
    expect(s.last().hasNextPage).toBe(false);
    await s.last().fetchNextPage(); // nothing more: no call
    expect(calls.map((c) => c.token)).toEqual([undefined, '3', '6']);
    expect(ctx.metrics.snapshot.calls).toEqual({ ListThings: 3 });
    // The first page's array is the same object all along (structural sharing).
    expect(s.last().data?.pages[0]).toBe(s.seen.find((e) => e.status === 'success')?.data?.pages[0]);
  });

  it('collapses concurrent fetchNextPage calls into one call', async () => {
    ctx = pagedContext();
    const { query, calls, state } = backend(ctx, 10);
    const obs = query.pages$(undefined, { pageSize: 2 });
    const s = watch(obs);
    await landed(obs, (e) => e.status === 'success');
    const gate = deferred<void>();
    state.gate = gate.promise;
    const a = s.last().fetchNextPage();
    const b = s.last().fetchNextPage();
    const c = s.last().fetchNextPage();
    expect(b).toBe(a);
    expect(c).toBe(a);
    gate.resolve();
    await Promise.all([a, b, c]);
    expect(calls.map((x) => x.token)).toEqual([undefined, '2']);
    expect(ids(s.last())).toEqual([
      ['i0', 'i1'],
      ['i2', 'i3'],
    ]);
  });

  it('keeps the pages when fetchNextPage fails, says so in the entry, and retries on the next call', async () => {
    ctx = pagedContext();
    const { query, calls, state } = backend(ctx, 6);
    const obs = query.pages$(undefined, { pageSize: 2 });
    const s = watch(obs);
    await landed(obs, (e) => e.status === 'success');
    state.fail = sdkError('AccessDeniedException', 'no');
    await expect(s.last().fetchNextPage()).resolves.toBeUndefined();
    const failed = s.last();
    expect(failed.status).toBe('error');
    expect(failed.error?.kind).toBe('access');
    expect(ids(failed)).toEqual([['i0', 'i1']]);
    expect(failed.hasNextPage).toBe(true);
    expect(failed.fetchingNextPage).toBe(false);
    await failed.fetchNextPage();
    expect(s.last().status).toBe('success');
    expect(ids(s.last())).toEqual([
      ['i0', 'i1'],
      ['i2', 'i3'],
    ]);
    expect(calls.map((x) => x.token)).toEqual([undefined, '2', '2']);
  });

  it('refresh() re-reads the loaded pages from the first, and a failed re-read keeps them', async () => {
    ctx = pagedContext();
    const { query, calls, items, state } = backend(ctx, 6);
    const obs = query.pages$(undefined, { pageSize: 2 });
    const s = watch(obs);
    await landed(obs, (e) => e.status === 'success');
    await s.last().fetchNextPage();
    items[3] = { id: 'i3', name: 'renamed' };
    items.splice(0, 1); // the list moved: everything shifts by one
    await query.refresh();
    expect(calls.map((x) => x.token)).toEqual([undefined, '2', undefined, '2']);
    expect(ids(s.last())).toEqual([
      ['i1', 'i2'],
      ['i3', 'i4'],
    ]);
    expect(s.last().data?.items.find((i) => i.id === 'i3')?.name).toBe('renamed');
    expect(s.last().hasNextPage).toBe(true);

    const before = s.last().data;
    state.fail = sdkError('InternalServerException', 'boom');
    await query.refresh();
    expect(s.last().status).toBe('error');
    expect(s.last().data).toBe(before);
  });

  it('polls while watched: re-reads the loaded pages at the interval, and a quiet poll emits nothing', async () => {
    ctx = pagedContext({ refetchInterval: 40 });
    const { query, calls, items } = backend(ctx, 6);
    const obs = query.pages$(undefined, { pageSize: 2 });
    const s = watch(obs);
    await landed(obs, (e) => e.status === 'success');
    await s.last().fetchNextPage();
    const emitted = s.seen.length;
    await vi.waitFor(() => expect(calls.length).toBeGreaterThanOrEqual(6), { timeout: 5000 });
    // Each poll: the two loaded pages, from the first.
    expect(calls.slice(2, 6).map((x) => x.token)).toEqual([undefined, '2', undefined, '2']);
    expect(s.seen.length).toBe(emitted);
    items[2] = { id: 'i2', name: 'changed' };
    await vi.waitFor(() => expect(s.last().data?.items[2]?.name).toBe('changed'), { timeout: 5000 });
    // Only the page that changed is a new array.
    expect(s.last().data?.pages[0]).toBe(s.seen[emitted - 1]?.data?.pages[0]);
    expect(s.last().data?.pages[1]).not.toBe(s.seen[emitted - 1]?.data?.pages[1]);
    s.stop();
    const after = calls.length;
    await settle(150);
    expect(calls.length).toBeLessThanOrEqual(after + 2); // at most a poll already on its way
    expect(ctx.cache.watched('things:lists:pages', '2:{}')).toBe(false);
  });

  it('never lets a re-read drop a page appended meanwhile: reads of one list queue', async () => {
    ctx = pagedContext();
    const { query, calls, state } = backend(ctx, 8);
    const obs = query.pages$(undefined, { pageSize: 2 });
    const s = watch(obs);
    await landed(obs, (e) => e.status === 'success');
    const gate = deferred<void>();
    state.gate = gate.promise;
    const next = s.last().fetchNextPage();
    const refreshed = query.refresh();
    await settle();
    expect(calls.map((x) => x.token)).toEqual([undefined, '2']); // the refresh waits
    state.gate = undefined;
    gate.resolve();
    await Promise.all([next, refreshed]);
    // The refresh read both pages, so both stay.
    expect(calls.map((x) => x.token)).toEqual([undefined, '2', undefined, '2']);
    expect(ids(s.last())).toEqual([
      ['i0', 'i1'],
      ['i2', 'i3'],
    ]);
  });

  it('shows the same entity entries as list$: a change read by one shows in the other', async () => {
    ctx = pagedContext();
    const { query, calls, items } = backend(ctx, 4);
    const pages = query.pages$(undefined, { pageSize: 2 });
    const p = watch(pages);
    await landed(pages, (e) => e.status === 'success');
    const names: string[][] = [];
    const sub = query.list$().subscribe((e) => e.data && names.push(e.data.map((i) => i.name)));
    await vi.waitFor(() => expect(names.length).toBeGreaterThan(0));
    const pagedCalls = () => calls.filter((c) => c.size === 2).length;
    const before = pagedCalls();

    // list$ reads (only it): the paged view shows the change, without a paged call.
    items[0] = { id: 'i0', name: 'read by list$' };
    await query.load(['{}'], 'user');
    expect(p.last().data?.items[0]?.name).toBe('read by list$');
    expect(pagedCalls()).toBe(before);

    // The paged read of page 2: list$ shows its change.
    items[3] = { id: 'i3', name: 'read by pages$' };
    await p.last().fetchNextPage();
    expect(names.at(-1)?.[3]).toBe('read by pages$');
    expect(ctx.cache.get<Item>('things', 'i3').data?.name).toBe('read by pages$');
    sub.unsubscribe();
  });

  it('invalidate() re-reads watched paged lists at the next tick; an item deleted leaves its page at once', async () => {
    ctx = pagedContext();
    const { query, calls, items } = backend(ctx, 4);
    const obs = query.pages$(undefined, { pageSize: 2 });
    const s = watch(obs);
    await landed(obs, (e) => e.status === 'success');
    await s.last().fetchNextPage();
    items[0] = { id: 'i0', name: 'changed elsewhere' };
    query.invalidate();
    await vi.waitFor(() => expect(s.last().data?.items[0]?.name).toBe('changed elsewhere'));
    expect(calls.map((c) => c.token)).toEqual([undefined, '2', undefined, '2']);
    ctx.cache.transaction((tx) => tx.notFound('things', 'i2', ctx.cache.nextSeq()));
    expect(ids(s.last())).toEqual([['i0', 'i1'], ['i3']]);
  });

  it('is one Observable per filter, page size and options, and refuses bad options before any call', async () => {
    ctx = pagedContext();
    const { query, calls } = backend(ctx, 4, 50);
    // The first call loads the paged code; from then on, one Observable per key and options.
    await landed(query.pages$({ color: 'red' }, { pageSize: 5 }), (e) => e.status === 'success');
    const a = query.pages$({ color: 'red' }, { pageSize: 5 });
    const s = a.subscribe();
    expect(query.pages$({ color: 'red' }, { pageSize: 5 })).toBe(a);
    expect(query.pages$({ color: 'red' }, { pageSize: 6 })).not.toBe(a);
    expect(query.pages$({ color: 'red' }, { pageSize: 5, refetchInterval: 1000 })).not.toBe(a);
    s.unsubscribe();
    const before = calls.length;
    for (const [options, rule] of [
      [{ pageSize: 51 }, 'an integer 1–50'],
      [{ pageSize: 0 }, 'an integer 1–50'],
      [{ pageSize: 2.5 }, 'an integer 1–50'],
      [{ pageSize: '10' }, 'an integer 1–50'],
      [{ pages: 2 }, 'not a known member'],
    ] as const) {
      const e = await firstValueFrom(query.pages$(undefined, options as never));
      expect(e.status).toBe('error');
      expect(e.error?.kind).toBe('validation');
      expect(e.error?.message).toContain(rule);
      expect(e.error?.field).toBe(Object.keys(options)[0]);
    }
    const bad = await firstValueFrom(query.pages$({ color: 'bad' }));
    expect(bad.error?.field).toBe('color');
    expect(calls.length).toBe(before);
  });

  it('uses the operation limit as the default page size, and works on lists of no entities', async () => {
    ctx = pagedContext();
    const { query, calls } = backend(ctx, 3, 100, undefined);
    const obs = query.pages$();
    const s = watch(obs);
    await landed(obs, (e) => e.status === 'success');
    expect(calls).toEqual([{ token: undefined, size: 100 }]);
    expect(s.last().data?.items.map((i) => i.name)).toEqual(['item 0', 'item 1', 'item 2']);
    expect(s.last().hasNextPage).toBe(false);
  });

  it('ends with the store: Observables complete, fetchNextPage does nothing', async () => {
    ctx = pagedContext();
    const { query, calls } = backend(ctx, 6);
    const obs = query.pages$(undefined, { pageSize: 2 });
    let completed = false;
    const seen: Array<PagedEntry<Item>> = [];
    obs.subscribe({ next: (e) => seen.push(e), complete: () => (completed = true) });
    await landed(obs, (e) => e.status === 'success');
    const fetchNext = seen.at(-1)?.fetchNextPage;
    ctx.dispose();
    await fetchNext?.();
    expect(calls.length).toBe(1);
    expect(completed).toBe(true);
  });
});
