import { type Observable, of, Subject } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Entry } from '../../src/core/entry.js';
import { derived$, lastOf, peekOf, withPeek } from '../../src/query/peeked.js';
import { entityKind, settle, testContext, type TestContext } from './context.js';

interface Thing {
  id: string;
  v: number;
  label: string;
}

/** The values a subscription gets at once (synchronously), then stops. */
function firstValues<T>(obs: Observable<T>): T[] {
  const got: T[] = [];
  obs.subscribe((v) => got.push(v)).unsubscribe();
  return got;
}

describe('peeked: peeks of Observables built by piping a query', () => {
  let ctx: TestContext | undefined;
  afterEach(() => {
    ctx?.dispose();
    ctx = undefined;
  });

  it('peekOf: undefined for an Observable without a peek; withPeek gives one and keeps the Observable', () => {
    const plain = of(1);
    expect(peekOf(plain)).toBeUndefined();
    const same = withPeek(plain, () => 7);
    expect(same).toBe(plain);
    expect(peekOf(same)).toBe(7);
  });

  it('lastOf: the same result object for the same argument, a new one for another', () => {
    let runs = 0;
    const f = lastOf((o: { n: number }) => {
      runs++;
      return { twice: o.n * 2 };
    });
    const a = { n: 1 };
    const r = f(a);
    expect(f(a)).toBe(r);
    expect(runs).toBe(1);
    const other = f({ n: 1 });
    expect(other).not.toBe(r);
    expect(other).toEqual(r);
    expect(runs).toBe(2);
  });

  it('derived$ over a peeked source: project of its peek, undefined when the source cannot tell or project gives undefined', () => {
    let current: { data?: number } | undefined;
    const source = withPeek(new Subject<{ data?: number }>(), () => current);
    const d = derived$(source, (e) => e.data);
    expect(peekOf(d)).toBeUndefined(); // the source cannot tell
    current = {};
    expect(peekOf(d)).toBeUndefined(); // nothing to emit: filtered out, as the subscription would
    current = { data: 3 };
    expect(peekOf(d)).toBe(3);
    expect(peekOf(derived$(of(1), (n) => n + 1))).toBeUndefined(); // a source without a peek
  });

  it('derived$ of a query: no subscription, poll or read; the same object while unchanged; the very first value a subscriber gets', async () => {
    ctx = testContext();
    const { query, reads } = entityKind<Thing>(
      ctx,
      (ids) => new Map(ids.map((id) => [id, { id, v: 1, label: 'v1' }] as const)),
    );
    const source = query.get$('a');
    const label$ = derived$(source, (e: Entry<Thing>) => (e.data ? { label: e.data.label } : undefined));
    expect(peekOf(label$)).toBeUndefined(); // loading: nothing yet
    expect(reads).toEqual([]);
    expect(ctx.cache.watched('things', 'a')).toBe(false);

    // Read once, then let go: the cache holds it, nothing watches it.
    const sub = source.subscribe();
    await settle();
    sub.unsubscribe();
    await settle();
    const before = reads.length;

    const peeked = peekOf(label$);
    expect(peeked).toEqual({ label: 'v1' });
    expect(peekOf(label$)).toBe(peeked); // stable: useSyncExternalStore's snapshot
    expect(reads.length).toBe(before); // a peek reads nothing
    expect(ctx.cache.watched('things', 'a')).toBe(false); // nor watches

    // What a subscriber gets first is the object peeked (one memo for both).
    const got: unknown[] = [];
    const s = label$.subscribe((x) => got.push(x));
    expect(got[0]).toBe(peeked);
    s.unsubscribe();

    // Changed data (as a read writes it): a new peek, and again the same while unchanged.
    ctx.cache.transaction((tx) => tx.succeed('things', 'a', ctx!.cache.nextSeq(), { id: 'a', v: 2, label: 'v2' }));
    const next = peekOf(label$);
    expect(next).toEqual({ label: 'v2' });
    expect(peekOf(label$)).toBe(next);
    expect(firstValues(label$)[0]).toBe(next);
  });

  it('derived$ emits only on change by `same`, and skips undefined', () => {
    const source = new Subject<{ n?: number; extra: string }>();
    const got: number[] = [];
    derived$(
      source,
      (e) => (e.n === undefined ? undefined : { n: e.n, extra: e.extra }),
      (a, b) => a.n === b.n,
    ).subscribe((x) => got.push(x.n));
    source.next({ extra: 'x' });
    source.next({ n: 1, extra: 'x' });
    source.next({ n: 1, extra: 'y' });
    source.next({ n: 2, extra: 'y' });
    expect(got).toEqual([1, 2]);
  });
});
