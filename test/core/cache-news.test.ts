import { describe, expect, it } from 'vitest';
import { Cache, seqAt } from '../../src/core/cache.js';
import type { Entry, Layer } from '../../src/core/entry.js';
import { IvsStoreError } from '../../src/core/errors.js';

const T = 1_700_000_000_000;

interface Thing {
  state: string;
  n?: number;
  extra?: string;
}

/** A cache on a clock the test moves (`clock.now`). */
function make(start = T) {
  const clock = { now: start };
  const cache = new Cache({ now: () => clock.now });
  return { cache, clock };
}

/** Writes a successful read of `things/id` with the sequence `seq`. */
const read = (cache: Cache, id: string, seq: number, data: Thing) =>
  cache.transaction((tx) => tx.succeed('things', id, seq, data));

const setState =
  (state: string) =>
  (d: unknown): Thing => ({ ...(d as Thing), state });

describe('seqAt against nextSeq', () => {
  it('orders an event after every read sent before its moment and before every read sent after it', () => {
    const { cache, clock } = make();
    const before = cache.nextSeq(); // a read sent at T
    clock.now = T + 2;
    const after = cache.nextSeq(); // a read sent at T + 2
    // An event at T + 1 falls between them.
    expect(before).toBeLessThan(seqAt(T + 1));
    expect(seqAt(T + 1)).toBeLessThan(after);
    // Within a ms: an event at T is not older than the first read sent at T (which may predate it).
    expect(seqAt(T)).toBe(before);
    expect(seqAt(T + 2.9)).toBe(after);
  });

  it('keeps growing within one ms and when the clock goes back', () => {
    const { cache, clock } = make();
    const a = cache.nextSeq();
    const b = cache.nextSeq();
    clock.now = T - 10_000;
    const c = cache.nextSeq();
    expect(a).toBe(seqAt(T));
    expect(b).toBe(a + 1);
    expect(c).toBe(b + 1);
  });

  it('a read sent after the event wins over its news; one sent before loses', () => {
    const { cache, clock } = make();
    cache.retain('things', 'x');
    const early = cache.nextSeq(); // sent at T
    clock.now = T + 10;
    const late = cache.nextSeq(); // sent at T + 10
    // The event happened at T + 5: after `early` was sent, before `late` was.
    expect(cache.news('things', 'x', seqAt(T + 5), () => ({ state: 'news' }))).toBe('applied');
    read(cache, 'x', early, { state: 'early' });
    expect(cache.get<Thing>('things', 'x').data).toEqual({ state: 'news' });
    read(cache, 'x', late, { state: 'late' });
    expect(cache.get<Thing>('things', 'x').data).toEqual({ state: 'late' });
  });
});

describe('Cache.news', () => {
  it('is unused for an entry the cache does not have, and makes none', () => {
    const { cache } = make();
    let called = 0;
    expect(
      cache.news('things', 'nope', seqAt(T), () => {
        called++;
        return { state: 'x' };
      }),
    ).toBe('unused');
    expect(called).toBe(0);
    expect(cache.has('things', 'nope')).toBe(false);
  });

  it('is unused for a loading entry nobody watches (only fetched)', () => {
    const { cache } = make();
    cache.fetching('things', 'x', 1);
    expect(cache.news('things', 'x', seqAt(T), () => ({ state: 'x' }))).toBe('unused');
    expect(cache.get('things', 'x').status).toBe('loading');
  });

  it('is unused for an entry that failed and that nobody watches', () => {
    const { cache } = make();
    cache.transaction((tx) =>
      tx.fail('things', 'x', cache.nextSeq(), new IvsStoreError({ kind: 'unavailable', message: 'boom' })),
    );
    expect(cache.news('things', 'x', seqAt(T + 1), () => ({ state: 'x' }))).toBe('unused');
    expect(cache.get('things', 'x').status).toBe('error');
  });

  it('applies to a watched entry still loading: it becomes success with what the change gives for no data', () => {
    const { cache } = make();
    cache.retain('things', 'x');
    const given: unknown[] = [];
    const outcome = cache.news('things', 'x', seqAt(T), (d) => {
      given.push(d);
      return { state: 'LIVE' };
    });
    expect(outcome).toBe('applied');
    expect(given).toEqual([undefined]);
    const e = cache.get<Thing>('things', 'x');
    expect([e.status, e.data, e.updatedAt]).toEqual(['success', { state: 'LIVE' }, T]);
  });

  it('applies to an entry holding data: the change gets it, select$ and listeners hear once', () => {
    const { cache, clock } = make();
    read(cache, 'x', cache.nextSeq(), { state: 'OFFLINE', n: 1 });
    const seen: Array<Entry<Thing>> = [];
    const sub = cache.select$<Thing>('things', 'x').subscribe((e) => seen.push(e));
    let told = 0;
    cache.on('things', 'x', { changed: () => told++, complete: () => undefined });
    const before = cache.get<Thing>('things', 'x').data;
    clock.now = T + 100;
    const given: unknown[] = [];
    const outcome = cache.news('things', 'x', seqAt(T + 50), (d) => {
      given.push(d);
      return setState('LIVE')(d);
    });
    expect(outcome).toBe('applied');
    expect(given).toEqual([{ state: 'OFFLINE', n: 1 }]);
    expect(seen.map((e) => e.data)).toEqual([
      { state: 'OFFLINE', n: 1 },
      { state: 'LIVE', n: 1 },
    ]);
    expect(seen[1]?.updatedAt).toBe(T + 100);
    expect(told).toBe(1);
    // The unchanged object is new, the old one untouched.
    expect(before).toEqual({ state: 'OFFLINE', n: 1 });
    sub.unsubscribe();
  });

  it('news equal to what is held changes no entry and emits nothing', () => {
    const { cache } = make();
    read(cache, 'x', cache.nextSeq(), { state: 'LIVE' });
    const seen: unknown[] = [];
    const sub = cache.select$('things', 'x').subscribe((e) => seen.push(e));
    const entry = cache.get('things', 'x');
    cache.news('things', 'x', seqAt(T + 1), () => ({ state: 'LIVE' }));
    expect(seen).toHaveLength(1);
    expect(cache.get('things', 'x')).toBe(entry);
    sub.unsubscribe();
  });

  it('is stale when a read sent later already answered, and changes nothing', () => {
    const { cache, clock } = make();
    clock.now = T + 1000;
    read(cache, 'x', cache.nextSeq(), { state: 'READ' });
    const seen: unknown[] = [];
    const sub = cache.select$('things', 'x').subscribe((e) => seen.push(e));
    let called = 0;
    const outcome = cache.news('things', 'x', seqAt(T + 999), () => {
      called++;
      return { state: 'OLD' };
    });
    expect(outcome).toBe('stale');
    expect(called).toBe(0);
    expect(cache.get('things', 'x').data).toEqual({ state: 'READ' });
    expect(seen).toHaveLength(1);
    sub.unsubscribe();
  });

  it('is stale when later news is there', () => {
    const { cache } = make();
    read(cache, 'x', cache.nextSeq(), { state: 'A' });
    expect(cache.news('things', 'x', seqAt(T + 20), setState('B'))).toBe('applied');
    expect(cache.news('things', 'x', seqAt(T + 10), setState('C'))).toBe('stale');
    expect(cache.get('things', 'x').data).toEqual({ state: 'B' });
  });

  it('is stale when the change gives undefined, and nothing is touched', () => {
    const { cache } = make();
    read(cache, 'x', cache.nextSeq(), { state: 'A' });
    const touched: string[] = [];
    cache.onTouch((c, id) => touched.push(`${c}/${id}`));
    const entry = cache.get('things', 'x');
    expect(cache.news('things', 'x', seqAt(T + 20), () => undefined)).toBe('stale');
    expect(cache.get('things', 'x')).toBe(entry);
    expect(touched).toEqual([]);
    // Nor did it move the sequence: news between the read and it still applies.
    expect(cache.news('things', 'x', seqAt(T + 10), setState('B'))).toBe('applied');
  });

  it('does not move checkedAt: freshness is the reads’', () => {
    const { cache, clock } = make();
    read(cache, 'x', cache.nextSeq(), { state: 'A' });
    clock.now = T + 5000;
    expect(cache.news('things', 'x', seqAt(T + 4000), setState('B'))).toBe('applied');
    expect(cache.checkedAt('things', 'x')).toBe(T);
    expect(cache.ageOf('things', 'x')).toBe(5000);
    // A watched entry made by news was never read.
    cache.retain('things', 'y');
    cache.news('things', 'y', seqAt(T + 4000), () => ({ state: 'C' }));
    expect(cache.checkedAt('things', 'y')).toBeUndefined();
    expect(cache.ageOf('things', 'y')).toBe(Number.POSITIVE_INFINITY);
  });

  it('drops a read sent before the event that answers after the news', () => {
    const { cache, clock } = make();
    read(cache, 'x', cache.nextSeq(), { state: 'A' });
    clock.now = T + 100;
    const slow = cache.nextSeq(); // sent at T + 100, answers late
    clock.now = T + 300;
    expect(cache.news('things', 'x', seqAt(T + 200), setState('B'))).toBe('applied');
    const seen: unknown[] = [];
    const sub = cache.select$('things', 'x').subscribe((e) => seen.push(e));
    read(cache, 'x', slow, { state: 'A' });
    expect(cache.get('things', 'x').data).toEqual({ state: 'B' });
    expect(seen).toHaveLength(1);
    // The dropped read did not count as one either.
    expect(cache.checkedAt('things', 'x')).toBe(T);
    sub.unsubscribe();
  });

  it('a read sent after the event replaces the news', () => {
    const { cache, clock } = make();
    read(cache, 'x', cache.nextSeq(), { state: 'A' });
    clock.now = T + 300;
    expect(cache.news('things', 'x', seqAt(T + 200), setState('B'))).toBe('applied');
    const later = cache.nextSeq();
    read(cache, 'x', later, { state: 'C' });
    expect(cache.get('things', 'x').data).toEqual({ state: 'C' });
    expect(cache.checkedAt('things', 'x')).toBe(T + 300);
  });

  it('keeps an optimistic layer on top of news, and shows the news alone once the layer is off', () => {
    const { cache } = make();
    read(cache, 'x', cache.nextSeq(), { state: 'A', n: 1 });
    const layer: Layer = { change: (d) => ({ ...(d as Thing), extra: 'optimistic' }), confirmedAt: undefined };
    cache.transaction((tx) => tx.hold('things', 'x', (layers) => [...layers, layer]));
    expect(cache.get('things', 'x').data).toEqual({ state: 'A', n: 1, extra: 'optimistic' });
    const given: unknown[] = [];
    expect(
      cache.news('things', 'x', seqAt(T + 10), (d) => {
        given.push(d);
        return setState('B')(d);
      }),
    ).toBe('applied');
    // The change sees what reads brought, not the optimistic view.
    expect(given).toEqual([{ state: 'A', n: 1 }]);
    expect(cache.get('things', 'x').data).toEqual({ state: 'B', n: 1, extra: 'optimistic' });
    cache.transaction((tx) => tx.hold('things', 'x', (layers) => layers.filter((l) => l !== layer)));
    expect(cache.get('things', 'x').data).toEqual({ state: 'B', n: 1 });
  });

  it('keeps a confirmed optimistic layer that no read has seen yet when news arrives', () => {
    const { cache, clock } = make();
    read(cache, 'x', cache.nextSeq(), { state: 'OFFLINE', extra: 'old name' });
    const layer: Layer = { change: (d) => ({ ...(d as Thing), extra: 'new name' }), confirmedAt: undefined };
    cache.transaction((tx) => tx.hold('things', 'x', (layers) => [...layers, layer]));
    // The write succeeds at T + 10: its layer stays until a read sent after that answers.
    clock.now = T + 10;
    const confirmedAt = cache.nextSeq();
    cache.transaction((tx) =>
      tx.hold('things', 'x', (layers) => layers.map((l) => (l === layer ? { change: l.change, confirmedAt } : l))),
    );
    expect(cache.get('things', 'x').data).toEqual({ state: 'OFFLINE', extra: 'new name' });
    // An event at T + 20 says the stream went live; no read since the write.
    clock.now = T + 30;
    expect(cache.news('things', 'x', seqAt(T + 20), setState('LIVE'))).toBe('applied');
    expect(cache.get('things', 'x').data).toEqual({ state: 'LIVE', extra: 'new name' });
  });

  it('news to a watched entry whose last read failed makes it success and drops the error (see report: doubtful)', () => {
    const { cache, clock } = make();
    cache.retain('things', 'x');
    read(cache, 'x', cache.nextSeq(), { state: 'A' });
    clock.now = T + 10;
    const failed = new IvsStoreError({ kind: 'unavailable', message: 'boom' });
    cache.transaction((tx) => tx.fail('things', 'x', cache.nextSeq(), failed));
    expect(cache.get('things', 'x').status).toBe('error');
    expect(cache.news('things', 'x', seqAt(T + 20), setState('B'))).toBe('applied');
    const e = cache.get('things', 'x');
    expect([e.status, e.error, e.data]).toEqual(['success', undefined, { state: 'B' }]);
  });

  it('tells the onTouch feed once, and the entry is among entries() for mirrors', () => {
    const { cache } = make();
    cache.retain('things', 'x');
    const touched: string[] = [];
    cache.onTouch((c, id) => touched.push(`${c}/${id}`));
    expect(cache.entries()).toEqual([]);
    cache.news('things', 'x', seqAt(T), () => ({ state: 'LIVE' }));
    expect(touched).toEqual(['things/x']);
    const all = cache.entries();
    expect(all.map(([c, id, e]) => [c, id, e.status, e.data])).toEqual([['things', 'x', 'success', { state: 'LIVE' }]]);
  });

  it('writes nothing once the cache is disposed', () => {
    const { cache } = make();
    read(cache, 'x', cache.nextSeq(), { state: 'A' });
    cache.dispose();
    expect(cache.news('things', 'x', seqAt(T + 1), setState('B'))).toBe('unused');
    expect(cache.get('things', 'x').data).toEqual({ state: 'A' });
  });
});
