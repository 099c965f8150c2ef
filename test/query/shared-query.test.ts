import { of, Subject } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Cache } from '../../src/core/cache.js';
import { Poller } from '../../src/core/poller.js';
import {
  type FirstReader,
  PEEK,
  type QueryOwner,
  type SharedQuery,
  sharedQuery,
} from '../../src/query/shared-query.js';

/** An owner over a real cache and poller whose first reads are recorded, not made. */
function owner() {
  const cache = new Cache({ gcTime: 0 });
  const poller = new Poller({ kind: 'things', active$: of(true), graceMs: 0, refresh: async () => new Set() });
  const firstReads: string[] = [];
  const cancelled: string[] = [];
  const o: QueryOwner = {
    collection: 'things',
    cache,
    poller,
    reads: () => true,
    readFirst: (r: FirstReader) => {
      firstReads.push(r.key);
      r.firstRead = true;
    },
    cancelFirst: (r: FirstReader) => {
      cancelled.push(r.key);
      r.firstRead = undefined;
    },
  };
  const registry = new Map<string, Map<string, SharedQuery<unknown>>>();
  return {
    o,
    cache,
    poller,
    firstReads,
    cancelled,
    query: (key: string, listen?: ConstructorParameters<typeof SharedQuery<unknown>>[4]) =>
      sharedQuery(registry, o, key, 1000, listen),
    dispose: () => {
      poller.dispose();
      cache.dispose();
    },
  };
}

describe('sharedQuery', () => {
  let t: ReturnType<typeof owner>;
  afterEach(() => t?.dispose());

  it('one Observable per key while held: watched, polled and read once, whatever the number of subscribers', () => {
    t = owner();
    const q = t.query('a');
    expect(t.query('a')).toBe(q);
    const first: unknown[] = [];
    const second: unknown[] = [];
    const s1 = q.subscribe((e) => first.push(e));
    const s2 = q.subscribe((e) => second.push(e));
    expect(t.firstReads).toEqual(['a']);
    expect(t.cache.watched('things', 'a')).toBe(true);
    expect(t.poller.peek().size).toBe(1);
    expect(second).toEqual(first); // the latest, at once
    t.cache.transaction((tx) => tx.succeed('things', 'a', t.cache.nextSeq(), { v: 1 }));
    expect(first.at(-1)).toMatchObject({ status: 'success', data: { v: 1 } });
    expect(second.at(-1)).toBe(first.at(-1));
    s1.unsubscribe();
    expect(t.cache.watched('things', 'a')).toBe(true);
    s2.unsubscribe();
    expect(t.cache.watched('things', 'a')).toBe(false);
    expect(t.cancelled).toEqual(['a']); // its first read was still out
  });

  it('peek: the entry a subscriber would get first, with no side effect, the same object while unchanged', () => {
    t = owner();
    const q = t.query('a') as SharedQuery<unknown>;
    const first = q[PEEK]();
    expect(first).toMatchObject({ status: 'loading', data: undefined, fetching: false });
    expect(q[PEEK]()).toBe(first);
    // Nothing watched, polled or read by a peek.
    expect(t.firstReads).toEqual([]);
    expect(t.cache.watched('things', 'a')).toBe(false);
    expect(t.poller.peek().size).toBe(0);
    t.cache.transaction((tx) => tx.succeed('things', 'a', t.cache.nextSeq(), { v: 1 }));
    const cached = q[PEEK]();
    expect(cached).toMatchObject({ status: 'success', data: { v: 1 } });
    expect(q[PEEK]()).toBe(cached);
    // Held: what subscribers were given.
    const seen: unknown[] = [];
    const sub = q.subscribe((e) => seen.push(e));
    expect(q[PEEK]()).toBe(seen.at(-1));
    sub.unsubscribe();
  });

  it('peek with a source of its own: the latest value while held, else the given peek, else undefined', () => {
    t = owner();
    const source = new Subject<string>();
    const listen = (o: { next(v: string): void }) => {
      const s = source.subscribe((v) => o.next(v));
      return () => s.unsubscribe();
    };
    const registry = new Map<string, Map<string, SharedQuery<string>>>();
    const bare = sharedQuery(registry, t.o, 'x', 1000, listen) as SharedQuery<string>;
    expect(bare[PEEK]()).toBeUndefined();
    const peeked = sharedQuery(registry, t.o, 'y', 1000, listen, 1000, () => 'from cache') as SharedQuery<string>;
    expect(peeked[PEEK]()).toBe('from cache');
    const sub = peeked.subscribe();
    source.next('live');
    expect(peeked[PEEK]()).toBe('live');
    sub.unsubscribe();
    expect(peeked[PEEK]()).toBe('from cache');
  });

  it('an Observable subscribed again after its last subscriber left is the key’s again', () => {
    t = owner();
    const q = t.query('a');
    q.subscribe().unsubscribe();
    expect(t.query('b')).not.toBe(q);
    const sub = q.subscribe();
    expect(t.query('a')).toBe(q);
    sub.unsubscribe();
  });

  it('a subscriber that unsubscribes another while told does not disturb the others', () => {
    t = owner();
    const q = t.query('a');
    const seen: string[] = [];
    const late = vi.fn();
    let s2: { unsubscribe(): void } | undefined;
    const s1 = q.subscribe(() => {
      seen.push('first');
      s2?.unsubscribe();
    });
    s2 = q.subscribe(late);
    const s3 = q.subscribe(() => seen.push('third'));
    seen.length = 0;
    late.mockClear();
    t.cache.transaction((tx) => tx.succeed('things', 'a', t.cache.nextSeq(), { v: 1 }));
    expect(seen).toEqual(['first', 'third']);
    s1.unsubscribe();
    s3.unsubscribe();
  });

  it('with a source of its own: shared, errors reach every subscriber and undo everything', () => {
    t = owner();
    const source = new Subject<number>();
    let listening = 0;
    const q = t.query('list', (observer) => {
      listening++;
      const sub = source.subscribe(observer);
      return () => {
        listening--;
        sub.unsubscribe();
      };
    });
    const errors: unknown[] = [];
    const values: unknown[] = [];
    q.subscribe({ next: (v) => values.push(v), error: (e) => errors.push(e) });
    q.subscribe({ error: (e) => errors.push(e) });
    expect(listening).toBe(1);
    source.next(1);
    expect(values).toEqual([1]);
    source.error(new Error('boom'));
    expect(errors).toHaveLength(2);
    expect(listening).toBe(0);
    expect(t.cache.watched('things', 'list')).toBe(false);
  });

  it('completes its subscribers when the cache is disposed', () => {
    t = owner();
    const complete = vi.fn();
    t.query('a').subscribe({ complete });
    t.cache.dispose();
    expect(complete).toHaveBeenCalledTimes(1);
  });
});
