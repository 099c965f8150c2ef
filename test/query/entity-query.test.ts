import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EntityDefinition } from '../../src/query/entity-query.js';
import {
  brief,
  deferred,
  entityKind,
  record,
  sdkError,
  settle,
  testContext,
  type Answer,
  type TestContext,
} from './context.js';

/**
 * The kit's entity query on a hand-built context. That a read joining a call sent before a
 * mutation cannot undo the mutation is tested through the store in
 * test/store/mutation-sequencing.unit.test.ts ("a read that joins a call sent before a
 * mutation completed › is as old as that call: it cannot replace the mutation answer").
 */

interface Thing {
  id: string;
  v: number;
}

/** The kind `things` of `Thing`s (see entityKind). */
const things = (
  ctx: TestContext,
  answer: (ids: string[], signal: AbortSignal) => Answer<Thing>,
  extra: Partial<EntityDefinition<Thing>> = {},
) => entityKind<Thing>(ctx, answer, extra);

/** Answers every id with `{ id, v }`. */
const all =
  (v = 1) =>
  (ids: string[]) =>
    new Map(ids.map((id) => [id, { id, v }] as const));

describe('EntityQuery', () => {
  let ctx: TestContext;
  afterEach(() => ctx?.dispose());

  it('reads ids subscribed in one tick in one call, and writes the batch in one transaction', async () => {
    ctx = testContext();
    const { query, reads } = things(ctx, all());
    const transaction = vi.spyOn(ctx.cache, 'transaction');
    const fetching = vi.spyOn(ctx.cache, 'fetching');
    const subs = ['a', 'b', 'c'].map((id) => record(query.get$(id)));
    // One small write each marks the first reads as fetching; no transaction yet.
    expect(fetching).toHaveBeenCalledTimes(3);
    expect(transaction).toHaveBeenCalledTimes(0);
    await settle();
    expect(reads).toEqual([['a', 'b', 'c']]);
    expect(transaction).toHaveBeenCalledTimes(1);
    // No flicker: each subscriber sees loading (fetching), then its data, nothing between.
    for (const [i, s] of subs.entries()) {
      const id = ['a', 'b', 'c'][i] as string;
      expect(s.seen.map(brief)).toEqual([
        { status: 'loading', fetching: true, data: undefined },
        { status: 'success', fetching: false, data: { id, v: 1 } },
      ]);
    }
    expect(ctx.metrics.snapshot).toMatchObject({ batches: 1, keysRequested: 3, keysSent: 3, calls: { GetThings: 1 } });
    subs.forEach((s) => s.stop());
  });

  it('splits a tick of ids into reads of at most `max`', async () => {
    ctx = testContext();
    const { query, reads } = things(ctx, all(), { max: 2 });
    const subs = ['a', 'b', 'c'].map((id) => record(query.get$(id)));
    await settle();
    expect(reads).toEqual([['a', 'b'], ['c']]);
    expect(subs.map((s) => s.last().status)).toEqual(['success', 'success', 'success']);
    subs.forEach((s) => s.stop());
  });

  it('makes an id the answer leaves out not-found, and does not poll it again', async () => {
    ctx = testContext({ refetchInterval: 20 });
    const { query, reads } = things(ctx, (ids) => all()(ids.filter((id) => id !== 'gone')));
    const gone = record(query.get$('gone'));
    const kept = record(query.get$('kept'));
    await settle();
    expect(gone.last()).toMatchObject({ status: 'not-found', data: undefined, error: undefined, fetching: false });
    // Polls go on (every 20 ms) for `kept` alone.
    await vi.waitFor(() => expect(reads.length).toBeGreaterThanOrEqual(3));
    expect(reads[0]).toEqual(['gone', 'kept']);
    for (const ids of reads.slice(1)) expect(ids).toEqual(['kept']);
    gone.stop();
    kept.stop();
  });

  it('fails only the id an Error answers, with the kind of that error', async () => {
    ctx = testContext();
    const { query } = things(
      ctx,
      (ids) =>
        new Map(
          ids.map((id) => [id, id === 'denied' ? sdkError('AccessDeniedException', 'no') : { id, v: 1 }] as const),
        ),
    );
    const ok = record(query.get$('ok'));
    const denied = record(query.get$('denied'));
    await settle();
    expect(ok.last()).toMatchObject({ status: 'success', data: { id: 'ok', v: 1 } });
    expect(denied.last()).toMatchObject({ status: 'error', data: undefined, fetching: false });
    expect(denied.last().error).toMatchObject({ kind: 'access', operation: 'GetThings', resourceId: 'denied' });
    ok.stop();
    denied.stop();
  });

  it('fails every id of a read that threw, keeping the last good data', async () => {
    ctx = testContext();
    let fail = false;
    const { query, reads } = things(ctx, (ids) => {
      if (fail) throw sdkError('InternalServerException', 'down');
      return all()(ids);
    });
    const a = record(query.get$('a'));
    const b = record(query.get$('b'));
    await settle();
    expect([a.last().status, b.last().status]).toEqual(['success', 'success']);
    fail = true;
    await query.refresh();
    expect(reads).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
    for (const [id, s] of [['a', a] as const, ['b', b] as const]) {
      expect(s.last()).toMatchObject({ status: 'error', data: { id, v: 1 }, fetching: false });
      expect(s.last().error?.kind).toBe('unavailable');
    }
    a.stop();
    b.stop();
  });

  it('shows a user read as fetching until its answer lands', async () => {
    ctx = testContext();
    const answer = deferred<Map<string, Thing>>();
    const { query } = things(ctx, () => answer.promise);
    const s = record(query.get$('a'));
    await settle();
    expect(brief(s.last())).toEqual({ status: 'loading', fetching: true, data: undefined });
    answer.resolve(new Map([['a', { id: 'a', v: 1 }]]));
    await settle();
    expect(brief(s.last())).toEqual({ status: 'success', fetching: false, data: { id: 'a', v: 1 } });
    s.stop();
  });

  it('keeps a background poll silent: no fetching while it is in flight', async () => {
    ctx = testContext({ refetchInterval: 20 });
    const answers: Array<ReturnType<typeof deferred<Map<string, Thing>>>> = [];
    const { query, reads } = things(ctx, (ids) => {
      if (reads.length === 1) return all()(ids);
      const d = deferred<Map<string, Thing>>();
      answers.push(d);
      return d.promise;
    });
    const s = record(query.get$('a'));
    await vi.waitFor(() => expect(answers).toHaveLength(1));
    expect(brief(s.last())).toEqual({ status: 'success', fetching: false, data: { id: 'a', v: 1 } });
    answers[0]?.resolve(all(2)(['a']));
    await vi.waitFor(() => expect(s.last().data).toEqual({ id: 'a', v: 2 }));
    expect(s.seen.map((e) => e.fetching)).toEqual([true, false, false]);
    s.stop();
  });

  it('is no longer fetching when its only subscriber leaves before the answer, and aborts the call', async () => {
    ctx = testContext();
    const signals: AbortSignal[] = [];
    const { query, reads } = things(ctx, (_ids, signal) => {
      signals.push(signal);
      return new Promise<Map<string, Thing>>(() => undefined);
    });
    const s = record(query.get$('a'));
    await settle();
    expect(ctx.cache.get('things', 'a').fetching).toBe(true);
    s.stop();
    await settle();
    expect(ctx.cache.get('things', 'a').fetching).toBe(false);
    expect(reads).toEqual([['a']]);
    expect(signals[0]?.aborted).toBe(true);
  });

  it('subscribed, unsubscribed and subscribed again in one tick (StrictMode): one read, then data, not fetching', async () => {
    ctx = testContext();
    const { query, reads } = things(ctx, all());
    const obs = query.get$('a');
    obs.subscribe().unsubscribe();
    const s = record(obs);
    await settle();
    expect(reads).toEqual([['a']]);
    expect(brief(s.last())).toEqual({ status: 'success', fetching: false, data: { id: 'a', v: 1 } });
    expect(ctx.cache.get('things', 'a').fetching).toBe(false);
    s.stop();
  });

  it('refuses a bad id with one error entry and sends nothing', async () => {
    ctx = testContext();
    const { query, reads } = things(ctx, all());
    const seen: unknown[] = [];
    let completed = false;
    query.get$('bad-id').subscribe({ next: (e) => seen.push(e), complete: () => (completed = true) });
    await settle();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      status: 'error',
      data: undefined,
      fetching: false,
      error: { kind: 'validation', field: 'id' },
    });
    expect(completed).toBe(true);
    expect(reads).toEqual([]);
    expect(ctx.cache.has('things', 'bad-id')).toBe(false);
  });

  it('refuses bad options the same way', async () => {
    ctx = testContext();
    const { query, reads } = things(ctx, all());
    const s = record(query.get$('a', { refetchInterval: -1 }));
    await settle();
    expect(s.seen).toHaveLength(1);
    expect(s.last().error).toMatchObject({ kind: 'validation', field: 'refetchInterval' });
    expect(reads).toEqual([]);
  });

  it('refresh() re-reads only the ids still watched, shown as fetching', async () => {
    ctx = testContext();
    const { query, reads } = things(ctx, all());
    const a = record(query.get$('a'));
    const b = record(query.get$('b'));
    const c = record(query.get$('c'));
    await settle();
    c.stop();
    const refreshed = query.refresh();
    expect(ctx.cache.get('things', 'a').fetching).toBe(true);
    expect(ctx.cache.get('things', 'c').fetching).toBe(false);
    await refreshed;
    expect(reads).toEqual([
      ['a', 'b', 'c'],
      ['a', 'b'],
    ]);
    expect(ctx.cache.get('things', 'a').fetching).toBe(false);
    a.stop();
    b.stop();
  });

  it('stops everything on dispose: no read after it, refresh rejects as disposed, subscribers complete', async () => {
    ctx = testContext({ refetchInterval: 20 });
    const { query, reads } = things(ctx, all());
    let completed = false;
    const sub = query.get$('a').subscribe({ complete: () => (completed = true) });
    await settle();
    expect(reads).toHaveLength(1);
    ctx.dispose();
    expect(completed).toBe(true);
    await settle(80);
    expect(reads).toHaveLength(1);
    await expect(query.refresh()).rejects.toMatchObject({ kind: 'disposed' });
    // A subscription after dispose sends nothing either.
    query.get$('b').subscribe();
    await settle();
    expect(reads).toHaveLength(1);
    sub.unsubscribe();
  });

  it('tells onChange before and after, only when the data changed', async () => {
    ctx = testContext();
    let v = 1;
    const onChange = vi.fn();
    const { query } = things(ctx, (ids) => all(v)(ids), { onChange });
    const s = record(query.get$('a'));
    await settle();
    expect(onChange.mock.calls).toEqual([['a', undefined, { id: 'a', v: 1 }]]);
    await query.refresh();
    expect(onChange).toHaveBeenCalledTimes(1);
    v = 2;
    await query.refresh();
    expect(onChange.mock.calls[1]).toEqual(['a', { id: 'a', v: 1 }, { id: 'a', v: 2 }]);
    expect(onChange).toHaveBeenCalledTimes(2);
    s.stop();
  });

  it('with mergeReads, merges what a read returns over the stored entity', async () => {
    ctx = testContext();
    let answer: Record<string, unknown> = { id: 'a', v: 1, name: 'first' };
    const { query } = things(ctx, () => new Map([['a', answer as unknown as Thing]]), { mergeReads: true });
    const s = record(query.get$('a'));
    await settle();
    answer = { id: 'a', v: 2 };
    await query.refresh();
    expect(s.last().data).toEqual({ id: 'a', v: 2, name: 'first' });
    s.stop();
  });
});
