import { Observable } from 'rxjs';
import { CacheWriter, countFetching, type MirroredEntry, type NewsOutcome, seqAt, SlotTable } from './cache-writer.js';
import { sentAtSeq } from './cache-writer.js';
import { sameEntry, toEntry, type Entry, type Slot } from './entry.js';
import { Collector } from './collector.js';
import { addListener, joined, left, type Listener, notify, removeListener } from './listeners.js';

export interface CacheOptions {
  /** How long an entry nobody watches is kept. Default 5 minutes. */
  gcTime?: number;
  now?: () => number;
}

export type { Listener };
export { seqAt };

/**
 * The single source of truth: entries by collection and id, data and public Entry immutable
 * (deep-frozen in development; bookkeeping written in place) and structurally shared, with
 * request sequencing and garbage collection. It knows nothing of IVS.
 *
 * Why per-entry rather than one immutable tree: a transaction costs what it changes and
 * tells only its listeners; one tree of 20 000 channels copied 20 000 keys per write.
 */
export class Cache {
  private readonly slots = new SlotTable();
  /** By collection, then id: no composite key string per watched entry. */
  private readonly entryListeners = new Map<string, Map<string, Listener | Set<Listener>>>();
  private readonly collectionListeners = new Map<string, Listener | Set<Listener>>();
  private seq = 0;
  private txs = 0;
  private readonly gc: Collector;
  private readonly now: () => number;
  private disposed = false;
  /** Told of every entry a transaction touched (another tab's mirror of this cache). */
  private feed: ((collection: string, id: string) => void) | undefined;
  private readonly mirrorHooks = new Map<string, (id: string, before: unknown, after: unknown) => void>();

  constructor(options: CacheOptions = {}) {
    const gcTime = options.gcTime ?? 5 * 60_000;
    if (!(typeof gcTime === 'number' && gcTime >= 0))
      throw new TypeError(`gcTime must be a non-negative number of ms, got ${String(options.gcTime)}`);
    this.now = options.now ?? (() => Date.now()); // looked up per call: fake timers may come later
    this.gc = new Collector(gcTime, this.now, (expired) =>
      this.transaction((tx) => {
        for (const [collection, id] of expired) tx.remove(collection, id);
      }),
    );
  }

  /** A sequence number for a request about to be sent: it grows, and dates the send (`seqAt`). */
  nextSeq(): number {
    return (this.seq = Math.max(this.seq + 1, seqAt(this.now())));
  }

  private slot(collection: string, id: string): Slot | undefined {
    return this.slots.get(collection, id);
  }

  get<T>(collection: string, id: string): Entry<T> {
    return toEntry(this.slot(collection, id)) as Entry<T>;
  }

  has(collection: string, id: string): boolean {
    return this.slot(collection, id) !== undefined;
  }

  ids(collection: string): string[] {
    return this.slots.ids(collection);
  }

  /** How long ago (ms, by the cache's clock) the entry was last read successfully; Infinity if never. */
  ageOf(collection: string, id: string): number {
    const at = this.slot(collection, id)?.checkedAt;
    return at === undefined ? Number.POSITIVE_INFINITY : this.now() - at;
  }

  /** When the entry was last read successfully, changed or not. */
  checkedAt(collection: string, id: string): number | undefined {
    return this.slot(collection, id)?.checkedAt;
  }

  /** When the request its data answers was sent (by its sequence), or undefined before any. */
  sentAt = (collection: string, id: string): number | undefined => sentAtSeq(this.slot(collection, id)?.seq);

  /**
   * The entry as it changes; emits only when one of its fields really changed. A read
   * that confirms the same data touches only bookkeeping (`checkedAt`, sequence), which
   * nobody sees, so it emits nothing.
   */
  select$<T>(collection: string, id: string): Observable<Entry<T>> {
    return new Observable<Entry<T>>((subscriber) =>
      this.attach(
        this.listenersOf(collection),
        id,
        () => toEntry(this.slots.get(collection, id)) as Entry<T>,
        subscriber,
        sameEntry,
      ),
    );
  }

  /**
   * `read()` now and again after every transaction that touched the entry (or, without
   * `id`, any entry of the collection), changed or not: the primitive for views a resource
   * derives from the cache (per-read samples, summaries of a collection).
   */
  follow$<V>(collection: string, id: string | undefined, read: () => V): Observable<V> {
    return new Observable<V>((subscriber) =>
      id === undefined
        ? this.attach(this.collectionListeners, collection, read, subscriber)
        : this.attach(this.listenersOf(collection), id, read, subscriber),
    );
  }

  /**
   * `listener` is told after every transaction that touched the entry, changed or not
   * (it reads what it needs itself). For listeners that retain the entry (a shared query):
   * kept on its slot, no closure, no Observable, no table of its own.
   */
  on(collection: string, id: string, listener: Listener): void {
    if (this.disposed) listener.complete();
    else {
      const s = this.slots.make(collection, id);
      s.listeners = joined(s.listeners, listener);
    }
  }

  off(collection: string, id: string, listener: Listener): void {
    const s = this.slots.get(collection, id);
    if (s) s.listeners = left(s.listeners, listener);
  }

  /**
   * Reads of the entry started (+n) or ended (-n): a transaction of that one write, without
   * the transaction's objects (a widget that mounts makes one).
   */
  fetching(collection: string, id: string, delta: number): void {
    if (this.disposed) return;
    const s = delta > 0 ? this.slots.make(collection, id) : this.slots.get(collection, id);
    if (!s || !countFetching(s, delta)) return;
    this.tell(collection, id, s);
    notify(this.collectionListeners.get(collection));
  }

  /** `fn` hears of every entry a transaction touched, after it (the feed of tabs that mirror); `undefined` stops it. */
  onTouch(fn: ((collection: string, id: string) => void) | undefined): void {
    this.feed = fn;
  }

  /** Every entry that holds something (status or data), for a store that mirrors this one. */
  entries(): Array<[string, string, Entry<unknown>]> {
    const out: Array<[string, string, Entry<unknown>]> = [];
    for (const [c, id, s] of this.slots.all())
      if (s.status !== 'loading' || s.data !== undefined) out.push([c, id, toEntry(s)]);
    return out;
  }

  /**
   * Writes entries as another store has them, in one transaction (CacheWriter.mirror). One
   * nobody watches here is collected as if released now (the other store collects its own).
   */
  mirror(entries: ReadonlyArray<[string, string, MirroredEntry]>): void {
    const before = entries.map(([c, id]) => this.slots.get(c, id)?.data);
    this.transaction((tx) => {
      for (const [c, id, e] of entries) tx.mirror(c, id, e);
    });
    entries.forEach(([c, id], i) => {
      const after = this.slots.get(c, id)?.data;
      if (after !== before[i]) this.mirrorHooks.get(c)?.(id, before[i], after);
    });
    for (const [c, id] of entries) if (!this.watched(c, id)) this.gc.unwatched(c, id, true);
  }

  /**
   * `fn` hears of every entity of `collection` whose data a mirror write changed, as a query
   * hears of what its own reads change (events derived from changes work in both stores).
   */
  onMirror(collection: string, fn: (id: string, before: unknown, after: unknown) => void): void {
    this.mirrorHooks.set(collection, fn);
  }

  /** This store reads for itself again: `fetching` shown for another store's reads comes off. */
  ownReads(): void {
    this.transaction((tx) => {
      for (const [c, id, s] of this.slots.all()) if (s.fetching && s.inFlight === 0) tx.fetching(c, id, 0);
    });
  }

  /** News of an entry from outside the reads, such as an event (see CacheWriter.news). */
  news(collection: string, id: string, seq: number, change: (data: unknown) => unknown): NewsOutcome {
    let outcome: NewsOutcome = 'unused';
    this.transaction((tx) => (outcome = tx.news(collection, id, seq, change)));
    return outcome;
  }

  /** Tells the listeners of one entry that a transaction touched it. */
  private tell(collection: string, id: string, s: Slot): void {
    this.feed?.(collection, id);
    notify(s.listeners);
    notify(this.entryListeners.get(collection)?.get(id));
  }

  private listenersOf(collection: string): Map<string, Listener | Set<Listener>> {
    let m = this.entryListeners.get(collection);
    if (!m) this.entryListeners.set(collection, (m = new Map()));
    return m;
  }

  /**
   * The one way anything follows the cache: `observer` gets `read()` now and after every
   * transaction that touched `k` (with `same`, only values that differ from the last one
   * sent). Returns the function that stops it; a disposed cache completes at once.
   */
  private attach<V>(
    registry: Map<string, Listener | Set<Listener>>,
    k: string,
    read: () => V,
    observer: { next(value: V): void; complete(): void },
    same?: (a: V, b: V) => boolean,
  ): () => void {
    if (this.disposed) {
      observer.complete();
      return () => undefined;
    }
    let last = read();
    const listener: Listener = {
      changed: () => {
        const next = read();
        if (same?.(last, next)) return;
        last = next;
        observer.next(next);
      },
      complete: () => observer.complete(),
    };
    addListener(registry, k, listener);
    observer.next(last);
    return () => removeListener(registry, k, listener);
  }

  /** Applies several writes as one change: listeners hear of it once, after all of them. */
  transaction(writes: (tx: CacheWriter) => void): void {
    if (this.disposed) return;
    const tx = new CacheWriter(this.slots, this.now(), ++this.txs);
    try {
      writes(tx);
    } finally {
      // Told only after every write is in, so each sees the transaction whole (and what a
      // failed one wrote before it threw, which is in the slots).
      const { touched, slotsTouched } = tx;
      let collections: string[] | undefined;
      for (let i = 0; i < touched.length; i += 2) {
        const c = touched[i] as string;
        this.tell(c, touched[i + 1] as string, slotsTouched[i / 2] as Slot);
        if (this.collectionListeners.has(c) && !collections?.includes(c)) (collections ??= []).push(c);
      }
      if (collections) for (const c of collections) notify(this.collectionListeners.get(c));
    }
  }

  // Watching and garbage collection -------------------------------------------------

  /**
   * One more watcher of the entry; each `retain` is undone by one `release`. The count is
   * kept on the entry's slot (made if need be: a watched entry is about to be read).
   */
  retain(collection: string, id: string): void {
    this.slots.make(collection, id).watchers++;
    this.gc.watched(collection, id);
  }

  release(collection: string, id: string): void {
    const s = this.slots.get(collection, id);
    if (!s || s.watchers === 0 || --s.watchers > 0) return;
    this.gc.unwatched(collection, id);
  }

  watched(collection: string, id: string): boolean {
    return (this.slots.get(collection, id)?.watchers ?? 0) > 0;
  }

  /** Removes entries nobody has watched for `gcTime`. Runs by itself; exposed for tests. */
  collectGarbage(): void {
    this.gc.run();
  }

  dispose(): void {
    this.disposed = true;
    this.gc.dispose();
    const all = [
      ...[...this.entryListeners.values()].flatMap((m) => [...m.values()]),
      ...this.collectionListeners.values(),
      ...this.slots.listeners(),
    ].flatMap((l) => (l instanceof Set ? [...l] : [l]));
    this.entryListeners.clear();
    this.collectionListeners.clear();
    for (const l of all) l.complete();
  }
}
