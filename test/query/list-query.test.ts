import { afterEach, describe, expect, it } from 'vitest';
import { invalidInput } from '../../src/core/errors.js';
import { ListQuery, type Page } from '../../src/query/list-query.js';
import { PEEK } from '../../src/query/shared-query.js';
import { entityKind, record, sdkError, settle, testContext, type TestContext } from './context.js';

interface Item {
  id: string;
  [field: string]: unknown;
}

interface Filter {
  color?: string | undefined;
  size?: number | undefined;
}

/** A list kind `things:lists` whose pages come from `pages(filter, token)`; each page call is recorded. */
function lists(
  ctx: TestContext,
  pages: (filter: Filter | undefined, token: string | undefined) => Page<Item>,
  into?: string,
) {
  const calls: Array<{ filter: Filter | undefined; token: string | undefined }> = [];
  const query = new ListQuery<Filter, Item>(ctx, {
    collection: 'things:lists',
    service: 'test',
    operation: 'ListThings',
    checkFilter: (f) => (f?.color === 'bad' ? invalidInput('ListThings', 'color', 'must not be bad') : undefined),
    page: async (filter, token) => {
      calls.push({ filter, token });
      return pages(filter, token);
    },
    idOf: (item) => item.id,
    into,
  });
  return { query, calls };
}

/** Three pages, chained by tokens t1 and t2. */
const threePages = (_f: Filter | undefined, token: string | undefined): Page<Item> => {
  if (token === undefined) return { items: [{ id: 'a' }, { id: 'b' }], nextToken: 't1' };
  if (token === 't1') return { items: [{ id: 'c' }], nextToken: 't2' };
  return { items: [{ id: 'd' }], nextToken: undefined };
};

const onePage =
  (...items: Item[]) =>
  (): Page<Item> => ({ items, nextToken: undefined });

describe('ListQuery', () => {
  let ctx: TestContext;
  afterEach(() => ctx?.dispose());

  it('reads every page, one pipeline call each, and shows them as one list', async () => {
    ctx = testContext();
    const { query, calls } = lists(ctx, threePages);
    const s = record(query.list$());
    await settle();
    expect(calls.map((c) => c.token)).toEqual([undefined, 't1', 't2']);
    expect(ctx.metrics.snapshot.calls).toEqual({ ListThings: 3 });
    expect(s.last()).toMatchObject({
      status: 'success',
      fetching: false,
      data: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }],
    });
    // Loading (fetching), then the whole list: no page shown alone.
    expect(s.seen.map((e) => [e.status, e.fetching])).toEqual([
      ['loading', true],
      ['success', false],
    ]);
    s.stop();
  });

  it('with `into`, merges items into the entity collection, and the list shows the entities as they are now', async () => {
    ctx = testContext();
    let v = 1;
    const { query: entities } = entityKind<Item>(
      ctx,
      (ids) => new Map(ids.map((id) => [id, { id, v, detail: 'full' }] as const)),
    );
    const { query } = lists(ctx, onePage({ id: 'a', name: 'A' }, { id: 'b', name: 'B' }), 'things');
    const a = record(entities.get$('a'));
    await settle();
    const list = record(query.list$());
    await settle();
    // The summary's fields over the entity read before.
    expect(a.last()).toMatchObject({ status: 'success', data: { id: 'a', v: 1, detail: 'full', name: 'A' } });
    expect(list.last().data).toEqual([
      { id: 'a', v: 1, detail: 'full', name: 'A' },
      { id: 'b', name: 'B' },
    ]);
    expect(list.last().data?.[0]).toBe(ctx.cache.get('things', 'a').data);
    // The list is the ids: an entity read later (a full read, replacing the entity) shows in it without another list read.
    v = 2;
    await entities.refresh();
    expect(list.last().data?.[0]).toEqual({ id: 'a', v: 2, detail: 'full' });
    expect(ctx.cache.get('things:lists', '{}').data).toEqual(['a', 'b']);
    a.stop();
    list.stop();
  });

  it('peek (unsubscribed): the list from the cache, entities resolved, the same object until an item changes', async () => {
    ctx = testContext();
    let v = 1;
    const { query: entities } = entityKind<Item>(ctx, (ids) => new Map(ids.map((id) => [id, { id, v }] as const)));
    const { query, calls } = lists(ctx, onePage({ id: 'a' }, { id: 'b' }), 'things');
    const peek = (q: unknown) => (q as { [PEEK](): unknown })[PEEK]();
    expect(peek(query.list$())).toMatchObject({ status: 'loading', data: undefined });
    const list = record(query.list$());
    await settle();
    list.stop();
    await settle();
    const before = calls.length;
    const once = peek(query.list$());
    expect(once).toEqual(list.last());
    expect(peek(query.list$())).toBe(once);
    v = 2;
    const a = record(entities.get$('a'));
    await entities.refresh(); // fresh from the list read: no first read of its own
    a.stop();
    const after = peek(query.list$()) as { data: Item[] };
    expect(after).not.toBe(once);
    expect(after.data).toEqual([{ id: 'a', v: 2 }, { id: 'b' }]);
    expect(calls.length).toBe(before); // a peek reads nothing
  });

  it('peek(filter): what list$(filter) would peek, with nothing made (no query, no filter kept)', async () => {
    ctx = testContext();
    const { query } = lists(ctx, onePage({ id: 'a' }, { id: 'b' }), 'things');
    expect(query.peek({ color: 'red' })).toMatchObject({ status: 'loading', data: undefined });
    expect(query.filters.size).toBe(0); // nothing made by a peek
    const list = record(query.list$({ color: 'red' }));
    await settle();
    list.stop();
    const peeked = query.peek({ color: 'red' });
    expect(peeked).toEqual(list.last());
    expect(query.peek({ color: 'red' })).toBe(peeked);
    expect((query.list$({ color: 'red' }) as unknown as { [PEEK](): unknown })[PEEK]()).toBe(peeked);
  });

  it('with `into`, drops an item whose entity was found gone, before any re-read', async () => {
    ctx = testContext();
    const { query, calls } = lists(ctx, onePage({ id: 'a' }, { id: 'b' }), 'things');
    const list = record(query.list$());
    await settle();
    ctx.cache.transaction((tx) => tx.notFound('things', 'a', ctx.cache.nextSeq()));
    expect(list.last().data).toEqual([{ id: 'b' }]);
    expect(calls).toHaveLength(1);
    list.stop();
  });

  it('without `into`, keeps the items as read and writes no entity', async () => {
    ctx = testContext();
    const { query } = lists(ctx, onePage({ id: 'a', name: 'A' }));
    const list = record(query.list$());
    await settle();
    expect(list.last().data).toEqual([{ id: 'a', name: 'A' }]);
    expect(ctx.cache.ids('things')).toEqual([]);
    list.stop();
  });

  it('refuses a bad filter with one error entry and sends nothing', async () => {
    ctx = testContext();
    const { query, calls } = lists(ctx, threePages);
    const s = record(query.list$({ color: 'bad' }));
    await settle();
    expect(s.seen).toHaveLength(1);
    expect(s.last()).toMatchObject({
      status: 'error',
      data: undefined,
      error: { kind: 'validation', field: 'color', operation: 'ListThings' },
    });
    expect(calls).toEqual([]);
    expect(query.filters.size).toBe(0);
  });

  it('keys a list by its filter whatever the order of its members, undefined members not counting', async () => {
    ctx = testContext();
    const { query, calls } = lists(ctx, onePage({ id: 'a' }));
    const first = query.list$({ color: 'red', size: 2 });
    expect(query.list$({ size: 2, color: 'red' })).toBe(first);
    expect(query.list$({ color: undefined, size: 3 })).toBe(query.list$({ size: 3 }));
    const s1 = record(first);
    const s2 = record(query.list$({ size: 2, color: 'red' }));
    await settle();
    expect(calls).toHaveLength(1);
    expect(s2.last().data).toEqual([{ id: 'a' }]);
    expect([...query.filters.keys()]).toEqual(['{"color":"red","size":2}', '{"size":3}']);
    s1.stop();
    s2.stop();
  });

  it('exposes the filter of each list by its key, and reads each list with its own filter', async () => {
    ctx = testContext();
    const { query, calls } = lists(ctx, (f) => ({ items: [{ id: f?.color ?? 'none' }], nextToken: undefined }));
    const red = record(query.list$({ color: 'red' }));
    const none = record(query.list$());
    await settle();
    expect([...query.filters]).toEqual([
      ['{"color":"red"}', { color: 'red' }],
      ['{}', undefined],
    ]);
    expect(calls.map((c) => c.filter)).toEqual([{ color: 'red' }, undefined]);
    expect(red.last().data).toEqual([{ id: 'red' }]);
    expect(none.last().data).toEqual([{ id: 'none' }]);
    red.stop();
    none.stop();
  });

  it('refresh() re-reads only the lists still watched', async () => {
    ctx = testContext();
    const { query, calls } = lists(ctx, onePage({ id: 'a' }));
    const red = record(query.list$({ color: 'red' }));
    const blue = record(query.list$({ color: 'blue' }));
    await settle();
    blue.stop();
    calls.length = 0;
    const refreshed = query.refresh();
    expect(ctx.cache.get('things:lists', '{"color":"red"}').fetching).toBe(true);
    expect(ctx.cache.get('things:lists', '{"color":"blue"}').fetching).toBe(false);
    await refreshed;
    expect(ctx.cache.get('things:lists', '{"color":"red"}').fetching).toBe(false);
    expect(calls.map((c) => c.filter)).toEqual([{ color: 'red' }]);
    red.stop();
  });

  it('shows a failing page as an error entry of its kind, keeping the list read before', async () => {
    ctx = testContext();
    let failAt: string | undefined;
    const { query } = lists(ctx, (f, token) => {
      if (failAt !== undefined && token === failAt) throw sdkError('ThrottlingException', 'slow down');
      return threePages(f, token);
    });
    const s = record(query.list$());
    await settle();
    failAt = 't1';
    await query.refresh();
    expect(s.last()).toMatchObject({
      status: 'error',
      fetching: false,
      data: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }],
    });
    expect(s.last().error).toMatchObject({ kind: 'throttled', operation: 'ListThings' });
    s.stop();
  });

  it('stops on dispose: refresh rejects as disposed', async () => {
    ctx = testContext();
    const { query } = lists(ctx, onePage());
    ctx.dispose();
    await expect(query.refresh()).rejects.toMatchObject({ kind: 'disposed' });
  });
});
