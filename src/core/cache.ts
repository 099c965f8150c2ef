import { freeze, isDraft, original, produce } from 'immer';
import { BehaviorSubject, distinctUntilChanged, filter, map, type Observable } from 'rxjs';
import type { IvsStoreError } from './errors.js';
import { replaceEqualDeep } from './structural-sharing.js';

export type EntryStatus = 'loading' | 'success' | 'error' | 'not-found';

/** What every query Observable emits. */
export interface Entry<T> {
  status: EntryStatus;
  /** Last good data, kept through errors and refreshes. */
  data: T | undefined;
  error: IvsStoreError | undefined;
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

interface Slot extends Entry<unknown> {
  /** Sequence of the request whose answer is stored: an older answer never overwrites it. */
  seq: number;
  /** Requests in flight for this entry. */
  inFlight: number;
  /** ms since epoch of the last successful read, changed or not (freshness, per-read samples). */
  checkedAt: number | undefined;
}

type CacheState = Readonly<Record<string, Readonly<Record<string, Slot>>>>;

const EMPTY: Entry<never> = freeze({ status: 'loading', data: undefined, error: undefined, updatedAt: undefined, fetching: false }, true);

export interface CacheOptions {
  /** How long an entry nobody watches is kept. Default 5 minutes. */
  gcTime?: number;
  now?: () => number;
}

/**
 * The single source of truth: entries by collection and id, immutable (immer) and
 * structurally shared, with request sequencing and garbage collection. It knows nothing
 * of IVS: a collection is a name, an id a string, data anything JSON-like.
 */
export class Cache {
  private readonly state$: BehaviorSubject<CacheState>;
  private seq = 0;
  private readonly watchers = new Map<string, number>();
  private readonly unwatchedSince = new Map<string, number>();
  private gcTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly gcTime: number;
  private readonly now: () => number;
  private disposed = false;

  constructor(options: CacheOptions = {}) {
    const gcTime = options.gcTime ?? 5 * 60_000;
    if (!(typeof gcTime === 'number' && gcTime >= 0)) throw new TypeError(`gcTime must be a non-negative number of ms, got ${String(options.gcTime)}`);
    this.gcTime = gcTime;
    this.now = options.now ?? Date.now;
    this.state$ = new BehaviorSubject<CacheState>(freeze({}, true));
  }

  /** A sequence number for a request about to be sent. */
  nextSeq(): number {
    return ++this.seq;
  }

  get<T>(collection: string, id: string): Entry<T> {
    return toEntry(this.state$.value[collection]?.[id]) as Entry<T>;
  }

  has(collection: string, id: string): boolean {
    return this.state$.value[collection]?.[id] !== undefined;
  }

  ids(collection: string): string[] {
    return Object.keys(this.state$.value[collection] ?? {});
  }

  /** When the entry was last read successfully, changed or not. */
  checkedAt(collection: string, id: string): number | undefined {
    return this.state$.value[collection]?.[id]?.checkedAt;
  }

  /**
   * The entry as it changes; emits only when one of its fields really changed. A read
   * that confirms the same data touches only bookkeeping (`checkedAt`, sequence), which
   * nobody sees, so it emits nothing.
   */
  select$<T>(collection: string, id: string): Observable<Entry<T>> {
    return this.state$.pipe(
      map((s) => s[collection]?.[id]),
      distinctUntilChanged(),
      map((slot) => toEntry(slot) as Entry<T>),
      distinctUntilChanged<Entry<T>>(sameEntry),
    );
  }

  /** One value per successful read of the entry (changed or not): for per-read samples. */
  reads$<T>(collection: string, id: string): Observable<{ at: number; data: T }> {
    return this.state$.pipe(
      map((s) => s[collection]?.[id]),
      filter((slot): slot is Slot & { checkedAt: number } => slot?.checkedAt !== undefined && slot.data !== undefined),
      distinctUntilChanged((a, b) => a.checkedAt === b.checkedAt),
      map((slot) => ({ at: slot.checkedAt, data: slot.data as T })),
    );
  }

  /** Every entry of a collection, as it changes (re-emits when any of them changes). */
  collection$<T>(collection: string): Observable<ReadonlyArray<readonly [string, Entry<T>]>> {
    return this.state$.pipe(
      map((s) => s[collection]),
      distinctUntilChanged(),
      map((slots) => Object.entries(slots ?? {}).map(([id, slot]) => [id, toEntry(slot) as Entry<T>] as const)),
    );
  }

  /** Applies several writes as one change (one emission). */
  transaction(writes: (tx: CacheWriter) => void): void {
    if (this.disposed) return;
    const now = this.now();
    const next = produce(this.state$.value, (draft: Record<string, Record<string, Slot>>) => {
      writes(new CacheWriter(draft, now));
    });
    if (next !== this.state$.value) this.state$.next(next);
  }

  // Watching and garbage collection -------------------------------------------------

  /** Marks an entry as watched; the returned function releases it. */
  watch(collection: string, id: string): () => void {
    const key = `${collection}\u0000${id}`;
    this.watchers.set(key, (this.watchers.get(key) ?? 0) + 1);
    this.unwatchedSince.delete(key);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.watchers.get(key) ?? 1) - 1;
      if (left > 0) {
        this.watchers.set(key, left);
        return;
      }
      this.watchers.delete(key);
      this.unwatchedSince.set(key, this.now());
      this.scheduleGc();
    };
  }

  watched(collection: string, id: string): boolean {
    return this.watchers.has(`${collection}\u0000${id}`);
  }

  /** Removes entries nobody has watched for `gcTime`. Runs by itself; exposed for tests. */
  collectGarbage(): void {
    const cutoff = this.now() - this.gcTime;
    const expired = [...this.unwatchedSince].filter(([, since]) => since <= cutoff).map(([key]) => key);
    for (const key of expired) this.unwatchedSince.delete(key);
    if (expired.length > 0) {
      this.transaction((tx) => {
        for (const key of expired) {
          const [collection, id] = key.split('\u0000') as [string, string];
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
    this.state$.complete();
  }

  /** One timer for the whole cache, and only while something is waiting to be collected. */
  private scheduleGc(): void {
    if (this.gcTimer !== undefined) clearTimeout(this.gcTimer);
    this.gcTimer = undefined;
    if (this.unwatchedSince.size === 0 || this.disposed) return;
    const oldest = Math.min(...this.unwatchedSince.values());
    this.gcTimer = setTimeout(() => {
      this.gcTimer = undefined;
      this.collectGarbage();
    }, Math.max(0, oldest + this.gcTime - this.now()));
  }
}

/** The writes of one transaction. Every write names the request sequence it answers. */
export class CacheWriter {
  constructor(
    private readonly draft: Record<string, Record<string, Slot>>,
    private readonly now: number,
  ) {}

  private slot(collection: string, id: string): Slot {
    const c = (this.draft[collection] ??= {});
    return (c[id] ??= { status: 'loading', data: undefined, error: undefined, updatedAt: undefined, fetching: false, seq: 0, inFlight: 0, checkedAt: undefined });
  }

  /** Stores good data (merged over what is there when `merge`, e.g. a list summary). */
  succeed(collection: string, id: string, seq: number, data: unknown, merge = false): boolean {
    const s = this.slot(collection, id);
    if (seq < s.seq) return false;
    // Compare with the committed value, not immer's draft of it, so kept sub-trees are the
    // very objects subscribers already hold.
    const current = (isDraft(s.data) ? original(s.data) : s.data) as Record<string, unknown> | undefined;
    const incoming = merge && isObject(current) && isObject(data) ? { ...current, ...data } : data;
    const next = replaceEqualDeep(current, incoming);
    // Only a real change moves updatedAt: a confirming read leaves the public entry as it is.
    if (next !== current || s.status !== 'success' || s.error !== undefined) s.updatedAt = this.now;
    s.data = next;
    s.status = 'success';
    s.error = undefined;
    s.checkedAt = this.now;
    s.seq = seq;
    return true;
  }

  /** A failed request: keeps the last good data. */
  fail(collection: string, id: string, seq: number, error: IvsStoreError): boolean {
    const s = this.slot(collection, id);
    if (seq < s.seq) return false;
    s.status = 'error';
    s.error = error;
    s.seq = seq;
    return true;
  }

  /** The resource does not exist (any more): not an error, and no data. */
  notFound(collection: string, id: string, seq: number): boolean {
    const s = this.slot(collection, id);
    if (seq < s.seq) return false;
    s.status = 'not-found';
    s.data = undefined;
    s.error = undefined;
    s.updatedAt = this.now;
    s.seq = seq;
    return true;
  }

  /** A request for the entry started (+1) or ended (-1). */
  fetching(collection: string, id: string, delta: 1 | -1): void {
    const s = this.slot(collection, id);
    s.inFlight = Math.max(0, s.inFlight + delta);
    s.fetching = s.inFlight > 0;
  }

  remove(collection: string, id: string): void {
    if (this.draft[collection]) delete this.draft[collection][id];
  }
}

function sameEntry(a: Entry<unknown>, b: Entry<unknown>): boolean {
  return a === b || (a.status === b.status && a.data === b.data && a.error === b.error && a.updatedAt === b.updatedAt && a.fetching === b.fetching);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const entryOf = new WeakMap<Slot, Entry<unknown>>();

/** The public view of a slot; the same object for the same slot, so identity means "unchanged". */
function toEntry(slot: Slot | undefined): Entry<unknown> {
  if (!slot) return EMPTY;
  let e = entryOf.get(slot);
  if (!e) {
    e = freeze({ status: slot.status, data: slot.data, error: slot.error, updatedAt: slot.updatedAt, fetching: slot.fetching });
    entryOf.set(slot, e);
  }
  return e;
}
