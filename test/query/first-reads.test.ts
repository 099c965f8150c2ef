import { afterEach, describe, expect, it } from 'vitest';
import { FirstReads, type FirstReadSink } from '../../src/query/first-reads.js';
import type { FirstReader } from '../../src/query/shared-query.js';
import { deferred, entityKind, record, settle, testContext, type TestContext } from './context.js';

interface Thing {
  id: string;
  v: number;
}
const all = () => (ids: string[]) => new Map(ids.map((id) => [id, { id, v: 1 }] as const));

/** A sink that records what it is asked, with sends answered by hand. */
function sink() {
  const shown: string[] = [];
  const dropped: string[] = [];
  const sent: Array<{ ids: string[]; signal: AbortSignal; done: ReturnType<typeof deferred<void>> }> = [];
  const s: FirstReadSink = {
    show: (id) => shown.push(id),
    drop: (id) => dropped.push(id),
    send: (ids, signal) => {
      const done = deferred<void>();
      sent.push({ ids, signal, done });
      return done.promise;
    },
  };
  return { s, shown, dropped, sent };
}
const reader = (key: string): FirstReader => ({ key, firstRead: undefined });

describe('FirstReads', () => {
  it('shows each first read at once and sends those of one tick together, once', async () => {
    const { s, shown, sent } = sink();
    const reads = new FirstReads(s);
    const [a, b, c] = [reader('a'), reader('b'), reader('c')];
    reads.add(a);
    reads.add(b);
    expect(shown).toEqual(['a', 'b']);
    expect(sent).toEqual([]);
    await settle();
    reads.add(c); // the next tick: a read of its own
    await settle();
    expect(sent.map((x) => x.ids)).toEqual([['a', 'b'], ['c']]);
    expect(sent[0]?.signal).not.toBe(sent[1]?.signal);
    sent[0]?.done.resolve();
    await settle();
    expect([a.firstRead, b.firstRead]).toEqual([undefined, undefined]);
    expect(c.firstRead).toBeDefined();
  });

  it('a reader that leaves before the end of the tick is not sent, and is no longer shown', async () => {
    const { s, dropped, sent } = sink();
    const reads = new FirstReads(s);
    const [a, b] = [reader('a'), reader('b')];
    reads.add(a);
    reads.add(b);
    reads.cancel(a);
    await settle();
    expect(dropped).toEqual(['a']);
    expect(sent.map((x) => x.ids)).toEqual([['b']]);
    reads.cancel(a); // twice: nothing more
    expect(dropped).toEqual(['a']);
  });

  it('a tick nobody is left in sends nothing', async () => {
    const { s, sent } = sink();
    const reads = new FirstReads(s);
    const a = reader('a');
    reads.add(a);
    reads.cancel(a);
    await settle();
    expect(sent).toEqual([]);
  });

  it('once sent, the read is aborted only when every reader of its tick has left', async () => {
    const { s, dropped, sent } = sink();
    const reads = new FirstReads(s);
    const [a, b] = [reader('a'), reader('b')];
    reads.add(a);
    reads.add(b);
    await settle();
    const { signal } = sent[0]!;
    reads.cancel(a);
    await settle();
    expect(signal.aborted).toBe(false);
    reads.cancel(b);
    expect(signal.aborted).toBe(false); // not in the same task: a re-mount may follow
    await settle();
    expect(signal.aborted).toBe(true);
    expect(dropped).toEqual([]); // sent reads are settled by whoever answers them
  });
});

describe('first reads through an EntityQuery', () => {
  let ctx: TestContext;
  afterEach(() => ctx?.dispose());

  it('one of two widgets of a tick unmounting keeps the call; the other gets its data', async () => {
    ctx = testContext();
    const gate = deferred<void>();
    const signals: AbortSignal[] = [];
    const { query, reads } = entityKind<Thing>(ctx, async (ids, signal) => {
      signals.push(signal);
      await gate.promise;
      return all()(ids);
    });
    const a = record(query.get$('a'));
    const b = record(query.get$('b'));
    await settle();
    a.stop();
    await settle();
    expect(signals[0]?.aborted).toBe(false);
    expect(ctx.cache.get('things', 'a').fetching).toBe(true); // its answer is still coming
    gate.resolve();
    await settle(5);
    expect(reads).toEqual([['a', 'b']]);
    expect(b.last()).toMatchObject({ status: 'success', data: { id: 'b', v: 1 } });
    expect(ctx.cache.get('things', 'a')).toMatchObject({ status: 'success', fetching: false });
    b.stop();
  });
});
