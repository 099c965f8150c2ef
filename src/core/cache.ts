import { freeze } from 'immer';
import { Observable } from 'rxjs';
import type { IvsStoreError } from './errors.js';
import { replaceEqualDeep } from './structural-sharing.js';

export type EntryStatus = 'loading' | 'success' | 'error' | 'not-found';

/** What every Entry carries, whatever its status. */
export interface EntryMeta {
  /**
   * ms since epoch when `data` last changed (or the entry last became successful). A read
   * that only confirms what is there does not move it: quiet polls emit nothing.
   */
  updatedAt: number | undefined;
  /**
   * True while a read someone is waiting for is in flight: the first load, `refresh()`,
   * a re-read after a mutation. Background polls do not set it (they are silent unless
   * they find a change).
   */
  fetching: boolean;
}

/** Read successfully: `data` is there. */
export interface SuccessEntry<T> extends EntryMeta {
  status: 'success';
  data: T;
  error: undefined;
}

/** Not read yet, or the first read is in flight; `data` may be there from a list or a mutation. */
export interface LoadingEntry<T> extends EntryMeta {
  status: 'loading';
  data: T | undefined;
  error: undefined;
}

/** The last read failed; `data` is the last good value, kept through errors. */
export interface ErrorEntry<T> extends EntryMeta {
  status: 'error';
  data: T | undefined;
  error: IvsStoreError;
}

/** The resource does not exist (any more). Not an error; not polled. */
export interface NotFoundEntry extends EntryMeta {
  status: 'not-found';
  data: undefined;
  error: undefined;
}

/**
 * What every query Observable emits: a union on `status`, so `status === 'success'`
 * narrows `data` to `T` and `status === 'error'` narrows `error` to an IvsStoreError.
 */
export type Entry<T> = SuccessEntry<T> | LoadingEntry<T> | ErrorEntry<T> | NotFoundEntry;

interface Slot extends EntryMeta {
  status: EntryStatus;
  /** What subscribers see: the reads' data with the optimistic changes in `held` on top. */
  data: unknown;
  error: IvsStoreError | undefined;
  /** Sequence of the request whose answer is stored: an older answer never overwrites it. */
  seq: number;
  /** Optimistic changes shown over what reads bring (none: `data` is the reads' own). */
  held?: Held | undefined;
  /** Requests in flight for this entry. */
  inFlight: number;
  /** ms since epoch of the last successful read, changed or not (freshness, per-read samples). */
  checkedAt: number | undefined;
}

/**
 * Cached data is deep-frozen (with immer) in development, so a component that mutates
 * what it was given fails loudly instead of corrupting the cache. Production builds skip
 * it, as Apollo Client does: in V8 a frozen object costs several times its size (measured
 * ~700 bytes more per cached channel).
 *
 * Bundlers (Vite, webpack, esbuild) replace the exact expression `process.env.NODE_ENV`,
 * but not `process` itself, which a browser does not have: so no `typeof process` guard
 * (it would read "no process, so development" in every production bundle) and no `?.`
 * (not every bundler matches it). Unreplaced and without `process`, it is development.
 */
const FREEZE = (() => {
  try {
    return process.env.NODE_ENV !== 'production';
  } catch {
    return true;
  }
})();

/**
 * An optimistic change: a pure function of the entity's data (undefined in, undefined out).
 * Shown on top of whatever reads bring while its call is in flight (see `optimistic.ts`).
 */
export type Change = (data: unknown) => unknown;

export interface Layer {
  change: Change;
  /** Sequence taken when the call succeeded: a read sent after it (or the call's own answer) takes the layer off. */
  confirmedAt: number | undefined;
}

/** The optimistic changes held over an entry. Replaced, never edited: a committed slot's stays as it was. */
export interface Held {
  /** The data as reads (and answers) left it. */
  base: unknown;
  layers: readonly Layer[];
}

const EMPTY: Entry<never> = freeze({ status: 'loading', data: undefined, error: undefined, updatedAt: undefined, fetching: false }, true);

export interface CacheOptions {
  /** How long an entry nobody watches is kept. Default 5 minutes. */
  gcTime?: number;
  now?: () => number;
}

/** Someone following an entry or a collection: told after each transaction that touched it. */
interface Listener {
  changed(): void;
  complete(): void;
}

/**
 * The single source of truth: entries by collection and id, immutable (data deep-frozen
 * with immer, each entry replaced, never edited) and structurally shared, with request
 * sequencing and garbage collection. It knows nothing of IVS: a collection is a name, an
 * id a string, data anything JSON-like.
 *
 * Why per-entry rather than one immutable tree: a transaction costs what it changes, not
 * what the cache holds, and tells only the listeners of what it changed. With one tree,
 * 20 000 watched channels made every write copy a 20 000-key object and wake every
 * subscriber (quadratic when they all mount at once).
 */
export class Cache {
  private readonly slots = new Map<string, Map<string, Slot>>();
  /** By collection, then id: no composite key string per watched entry. */
  private readonly entryListeners = new Map<string, Map<string, Listener | Set<Listener>>>();
  private readonly collectionListeners = new Map<string, Listener | Set<Listener>>();
  private seq = 0;
  private readonly watchers = new Map<string, Map<string, number>>();
  private readonly unwatchedSince = new Map<string, number>();
  private gcTimer: ReturnType<typeof setTimeout> | undefined;
  private gcDue = 0;
  private readonly gcTime: number;
  private readonly now: () => number;
  private disposed = false;

  constructor(options: CacheOptions = {}) {
    const gcTime = options.gcTime ?? 5 * 60_000;
    if (!(typeof gcTime === 'number' && gcTime >= 0)) throw new TypeError(`gcTime must be a non-negative number of ms, got ${String(options.gcTime)}`);
    this.gcTime = gcTime;
    this.now = options.now ?? Date.now;
  }

  /** A sequence number for a request about to be sent. */
  nextSeq(): number {
    return ++this.seq;
  }

  private slot(collection: string, id: string): Slot | undefined {
    return this.slots.get(collection)?.get(id);
  }

  get<T>(collection: string, id: string): Entry<T> {
    return toEntry(this.slot(collection, id)) as Entry<T>;
  }

  has(collection: string, id: string): boolean {
    return this.slot(collection, id) !== undefined;
  }

  ids(collection: string): string[] {
    return [...(this.slots.get(collection)?.keys() ?? [])];
  }

  /** When the entry was last read successfully, changed or not. */
  checkedAt(collection: string, id: string): number | undefined {
    return this.slot(collection, id)?.checkedAt;
  }

  /**
   * The entry as it changes; emits only when one of its fields really changed. A read
   * that confirms the same data touches only bookkeeping (`checkedAt`, sequence), which
   * nobody sees, so it emits nothing.
   */
  select$<T>(collection: string, id: string): Observable<Entry<T>> {
    return new Observable<Entry<T>>((subscriber) => this.listen(collection, id, subscriber));
  }

  /**
   * What select$ delivers, to one observer, without an Observable in between: the store's
   * shared queries use it, so a watched entry costs one listener rather than a
   * subscription chain. Returns the function that stops listening.
   */
  listen<T>(collection: string, id: string, observer: { next(entry: Entry<T>): void; complete(): void }): () => void {
    return this.attach(this.listenersOf(collection), id, () => toEntry(this.slot(collection, id)) as Entry<T>, observer, sameEntry);
  }

  /**
   * `read()` now and again after every transaction that touched the entry (or, without
   * `id`, any entry of the collection), changed or not: the primitive for views a resource
   * derives from the cache (per-read samples, summaries of a collection).
   */
  follow$<V>(collection: string, id: string | undefined, read: () => V): Observable<V> {
    return new Observable<V>((subscriber) => (id === undefined ? this.attach(this.collectionListeners, collection, read, subscriber) : this.attach(this.listenersOf(collection), id, read, subscriber)));
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
  private attach<V>(registry: Map<string, Listener | Set<Listener>>, k: string, read: () => V, observer: { next(value: V): void; complete(): void }, same?: (a: V, b: V) => boolean): () => void {
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
    const tx = new CacheWriter((c, id) => this.slot(c, id), this.now());
    writes(tx);
    const touched: Array<[string, string]> = [];
    const collections = new Set<string>();
    for (const [c, changes] of tx.changes) {
      let slots = this.slots.get(c);
      for (const [id, next] of changes) {
        const before = slots?.get(id);
        if (next === undefined) {
          if (!before) continue;
          slots!.delete(id);
        } else {
          const committed = commit(before, next);
          if (committed === before) continue;
          if (!slots) this.slots.set(c, (slots = new Map()));
          slots.set(id, committed);
        }
        touched.push([c, id]);
        collections.add(c);
      }
      if (slots?.size === 0) this.slots.delete(c);
    }
    // Tell listeners only after every write is in, so each sees the transaction whole.
    for (const [c, id] of touched) notify(this.entryListeners.get(c)?.get(id));
    for (const c of collections) notify(this.collectionListeners.get(c));
  }

  // Watching and garbage collection -------------------------------------------------

  /** Marks an entry as watched; the returned function releases it. */
  watch(collection: string, id: string): () => void {
    let counts = this.watchers.get(collection);
    if (!counts) this.watchers.set(collection, (counts = new Map()));
    const watching = counts;
    watching.set(id, (watching.get(id) ?? 0) + 1);
    if (this.unwatchedSince.size > 0) this.unwatchedSince.delete(key(collection, id));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (watching.get(id) ?? 1) - 1;
      if (left > 0) {
        watching.set(id, left);
        return;
      }
      watching.delete(id);
      this.unwatchedSince.set(key(collection, id), this.now());
      this.scheduleGc();
    };
  }

  watched(collection: string, id: string): boolean {
    return this.watchers.get(collection)?.has(id) ?? false;
  }

  /** Removes entries nobody has watched for `gcTime`. Runs by itself; exposed for tests. */
  collectGarbage(): void {
    const cutoff = this.now() - this.gcTime;
    const expired = [...this.unwatchedSince].filter(([, since]) => since <= cutoff).map(([k]) => k);
    for (const k of expired) this.unwatchedSince.delete(k);
    if (expired.length > 0) {
      this.transaction((tx) => {
        for (const expiredKey of expired) {
          const [collection, id] = expiredKey.split('\u0000') as [string, string];
          tx.remove(collection, id);
        }
      });
    }
    this.scheduleGc();
  }

  dispose(): void {
    this.disposed = true;
    if (this.gcTimer !== undefined) clearTimeout(this.gcTimer);
    this.gcTimer = undefined;
    this.unwatchedSince.clear();
    this.watchers.clear();
    const all = [...[...this.entryListeners.values()].flatMap((m) => [...m.values()]), ...this.collectionListeners.values()].flatMap((l) => (l instanceof Set ? [...l] : [l]));
    this.entryListeners.clear();
    this.collectionListeners.clear();
    for (const l of all) l.complete();
  }

  /** One timer for the whole cache, and only while something is waiting to be collected. */
  private scheduleGc(): void {
    const first = this.unwatchedSince.values().next();
    if (first.done || this.disposed) {
      if (this.gcTimer !== undefined) clearTimeout(this.gcTimer);
      this.gcTimer = undefined;
      return;
    }
    // Entries are released in time order and re-watching moves one to the back, so the
    // first is the oldest: O(1) per release, not a scan of everything waiting.
    const due = first.value + this.gcTime;
    if (this.gcTimer !== undefined && this.gcDue <= due) return;
    if (this.gcTimer !== undefined) clearTimeout(this.gcTimer);
    this.gcDue = due;
    this.gcTimer = setTimeout(() => {
      this.gcTimer = undefined;
      this.collectGarbage();
    }, Math.max(0, due - this.now()));
  }
}

/** The writes of one transaction. Every write names the request sequence it answers. */
export class CacheWriter {
  /** Working copies of the slots this transaction wrote (undefined: removed), by collection. */
  readonly changes = new Map<string, Map<string, Slot | undefined>>();

  constructor(
    private readonly committed: (collection: string, id: string) => Slot | undefined,
    private readonly now: number,
  ) {}

  private changesOf(collection: string): Map<string, Slot | undefined> {
    let c = this.changes.get(collection);
    if (!c) this.changes.set(collection, (c = new Map()));
    return c;
  }

  private slot(collection: string, id: string): Slot {
    const c = this.changesOf(collection);
    let s = c.get(id);
    if (!s) {
      const current = this.committed(collection, id);
      s = current ? { ...current } : { status: 'loading', data: undefined, error: undefined, updatedAt: undefined, fetching: false, seq: 0, inFlight: 0, checkedAt: undefined };
      c.set(id, s);
    }
    return s;
  }

  /** Whether the last `answer()` changed the entry's status or error (a field: no tuple per write). */
  private statusChanged = false;

  /** The entry to write an answer of request `seq` into, unless a newer answer is there. */
  private answer(collection: string, id: string, seq: number, status: EntryStatus, error?: IvsStoreError): Slot | undefined {
    const s = this.slot(collection, id);
    if (seq < s.seq) return;
    this.statusChanged = s.status !== status || s.error !== error;
    s.status = status;
    s.error = error;
    s.seq = seq;
    return s;
  }

  /** Stores good data (merged over what is there when `merge`, e.g. a list summary). */
  succeed(collection: string, id: string, seq: number, data: unknown, merge = false): void {
    const s = this.answer(collection, id, seq, 'success');
    if (!s) return;
    const current = (s.held ? s.held.base : s.data) as Record<string, unknown> | undefined;
    const incoming = merge && isObject(current) && isObject(data) ? { ...current, ...data } : data;
    s.checkedAt = this.now;
    // Equal sub-trees keep the very objects subscribers already hold.
    this.show(s, replaceEqualDeep(current, incoming), seq, this.statusChanged);
  }

  /** A failed request: keeps the last good data. */
  fail(collection: string, id: string, seq: number, error: IvsStoreError): void {
    this.answer(collection, id, seq, 'error', error);
  }

  /** The resource does not exist (any more): not an error, and no data. */
  notFound(collection: string, id: string, seq: number): void {
    const s = this.answer(collection, id, seq, 'not-found');
    if (s) this.show(s, undefined, seq, this.statusChanged);
  }

  /** Replaces the changes held over the entry (`edit` gets the current ones) and shows the result. */
  hold(collection: string, id: string, edit: (layers: readonly Layer[]) => readonly Layer[]): void {
    const s = this.slot(collection, id);
    const base = s.held ? s.held.base : s.data;
    s.held = { base, layers: edit(s.held?.layers ?? []) };
    this.show(s, base, undefined, false);
  }

  /**
   * Sets what reads say (`base`) and what subscribers see: `base` with the changes still
   * held on top. `seq` is the read that brought `base`: confirmed changes it saw come off.
   */
  private show(s: Slot, base: unknown, seq: number | undefined, statusChanged: boolean): void {
    let next = base;
    if (s.held) {
      const layers = seq === undefined ? s.held.layers : s.held.layers.filter((l) => l.confirmedAt === undefined || seq < l.confirmedAt);
      s.held = layers.length > 0 ? { base, layers } : undefined;
      // A resource that is gone has no data, whatever was meant for it.
      if (s.status !== 'not-found') for (const l of layers) next = l.change(next);
      // `base` was shared with the reads' data, not with what is shown: share again.
      next = replaceEqualDeep(s.data, next);
    }
    // Only a real change moves updatedAt: a confirming read leaves the public entry as it is.
    if (next !== s.data || statusChanged) s.updatedAt = this.now;
    s.data = next === s.data || !FREEZE ? next : freeze(next, true);
  }

  /** A request for the entry started (+1) or ended (-1). */
  fetching(collection: string, id: string, delta: 1 | -1): void {
    const s = this.slot(collection, id);
    s.inFlight = Math.max(0, s.inFlight + delta);
    s.fetching = s.inFlight > 0;
  }

  remove(collection: string, id: string): void {
    this.changesOf(collection).set(id, undefined);
  }
}

const SLOT_FIELDS = ['status', 'data', 'error', 'updatedAt', 'fetching', 'seq', 'inFlight', 'checkedAt', 'held'] as const;

/** The slot to keep: the committed one when nothing in it changed, else the new one. */
function commit(before: Slot | undefined, next: Slot): Slot {
  if (before && SLOT_FIELDS.every((f) => Object.is(before[f], next[f]))) return before;
  // Slots are internal and never edited after commit; the public Entry made from one is frozen.
  return next;
}

const key = (collection: string, id: string) => `${collection}\u0000${id}`;

function addListener(registry: Map<string, Listener | Set<Listener>>, k: string, listener: Listener): void {
  const current = registry.get(k);
  if (current === undefined) registry.set(k, listener);
  else if (current instanceof Set) current.add(listener);
  else registry.set(k, new Set([current, listener]));
}

function removeListener(registry: Map<string, Listener | Set<Listener>>, k: string, listener: Listener): void {
  const current = registry.get(k);
  if (current === listener) registry.delete(k);
  else if (current instanceof Set) {
    current.delete(listener);
    if (current.size === 0) registry.delete(k);
  }
}

/** Tells listeners of a change; a snapshot, so one that unsubscribes another mid-way is safe. */
function notify(listeners: Listener | Set<Listener> | undefined): void {
  if (listeners === undefined) return;
  if (listeners instanceof Set) for (const l of [...listeners]) l.changed();
  else listeners.changed();
}

function sameEntry(a: Entry<unknown>, b: Entry<unknown>): boolean {
  return a === b || (a.status === b.status && a.data === b.data && a.error === b.error && a.updatedAt === b.updatedAt && a.fetching === b.fetching);
}

/** A plain JSON-like object (not an array, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The same entry over data derived from its own (a list's ids resolved, a resource's tags). */
export function withData<B>(entry: Entry<unknown>, data: B | undefined): Entry<B> {
  return { ...entry, data } as Entry<B>;
}

const entryOf = new WeakMap<Slot, Entry<unknown>>();

/** The public view of a slot; the same object for the same slot, so identity means "unchanged". */
function toEntry(slot: Slot | undefined): Entry<unknown> {
  if (!slot) return EMPTY;
  let e = entryOf.get(slot);
  if (!e) {
    // The writers keep the union's promises: success has data, error has an error, not-found neither.
    e = { status: slot.status, data: slot.data, error: slot.error, updatedAt: slot.updatedAt, fetching: slot.fetching } as Entry<unknown>;
    if (FREEZE) freeze(e);
    entryOf.set(slot, e);
  }
  return e;
}
