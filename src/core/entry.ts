import type { IvsStoreError } from './errors.js';
import type { Listener } from './listeners.js';

/** The four states of an `Entry`, its discriminant. */
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
  /** Read successfully. */
  status: 'success';
  /** The resource as last read (or as a mutation left it). */
  data: T;
  /** None while successful. */
  error: undefined;
}

/** Not read yet, or the first read is in flight; `data` may be there from a list or a mutation. */
export interface LoadingEntry<T> extends EntryMeta {
  /** Not read yet. */
  status: 'loading';
  /** What a list or a mutation already brought, if anything. */
  data: T | undefined;
  /** None while loading. */
  error: undefined;
}

/** The last read failed; `data` is the last good value, kept through errors. */
export interface ErrorEntry<T> extends EntryMeta {
  /** The last read failed. */
  status: 'error';
  /** The last good value, if there was one. */
  data: T | undefined;
  /** Why the last read failed. */
  error: IvsStoreError;
}

/** The resource does not exist (any more). Not an error; not polled. */
export interface NotFoundEntry extends EntryMeta {
  /** The service says it does not exist. */
  status: 'not-found';
  /** Nothing: it does not exist. */
  data: undefined;
  /** None: not-found is not an error. */
  error: undefined;
}

/**
 * What every query Observable emits: a union on `status`, so `status === 'success'`
 * narrows `data` to `T` and `status === 'error'` narrows `error` to an IvsStoreError.
 */
export type Entry<T> = SuccessEntry<T> | LoadingEntry<T> | ErrorEntry<T> | NotFoundEntry;

/** An entry as the cache keeps it: the public fields and the bookkeeping behind them. */
export interface Slot extends EntryMeta {
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
  /** The public Entry of the fields above, made when first asked for; dropped when one of them changes. */
  view?: Entry<unknown> | undefined;
  /** Told of every transaction that touched the slot: listeners that retain the entry (see `Cache.on`). */
  listeners?: Listener | Set<Listener> | undefined;
  /** How many watch the entry (it is collected only once nobody has for a while). */
  watchers: number;
  /** The last transaction that touched the slot (so each is told once per transaction). */
  tx?: number | undefined;
}

/**
 * Cached data is deep-frozen in development, so a component that mutates
 * what it was given fails loudly instead of corrupting the cache. Production builds skip
 * it, as Apollo Client does: in V8 a frozen object costs several times its size (measured
 * ~700 bytes more per cached channel).
 *
 * Bundlers (Vite, webpack, esbuild) replace the exact expression `process.env.NODE_ENV`,
 * but not `process` itself, which a browser does not have: so no `typeof process` guard
 * (it would read "no process, so development" in every production bundle) and no `?.`
 * (not every bundler matches it). Unreplaced and without `process`, it is development.
 */
export const FREEZE = (() => {
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

/** The optimistic changes held over an entry. Replaced, never edited. */
export interface Held {
  /** The data as reads (and answers) left it. */
  base: unknown;
  layers: readonly Layer[];
}

/**
 * Freezes plain objects and arrays, deeply (class instances such as a Secret or a Date are
 * left as they are). Written here rather than taken from immer: it is all the engine needs of
 * it, and it kept immer in every production bundle though production never freezes.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  const proto = Object.getPrototypeOf(value) as object | null;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
  return value;
}

const pristine = (fetching: boolean): Entry<never> =>
  deepFreeze({ status: 'loading', data: undefined, error: undefined, updatedAt: undefined, fetching });
/** Nothing known yet; and the same while the first read is in flight (no object per first read). */
const EMPTY = pristine(false);
const FIRST_READ = pristine(true);

export function sameEntry(a: Entry<unknown>, b: Entry<unknown>): boolean {
  return (
    a === b ||
    (a.status === b.status &&
      a.data === b.data &&
      a.error === b.error &&
      a.updatedAt === b.updatedAt &&
      a.fetching === b.fetching)
  );
}

/** A plain JSON-like object (not an array, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The same entry over data derived from its own (a list's ids resolved, a resource's tags). */
export function withData<B>(entry: Entry<unknown>, data: B | undefined): Entry<B> {
  return { ...entry, data } as Entry<B>;
}

/**
 * The public view of a slot; the same object until one of its public fields changes, so
 * identity means "unchanged". Kept on the slot (not in a WeakMap): a quiet poll replaces
 * nothing, and weak tables are costly for the garbage collector.
 */
export function toEntry(slot: Slot | undefined): Entry<unknown> {
  if (!slot) return EMPTY;
  if (slot.view) return slot.view;
  if (slot.status === 'loading' && slot.data === undefined && slot.updatedAt === undefined)
    return (slot.view = slot.fetching ? FIRST_READ : EMPTY);
  // The writers keep the union's promises: success has data, error has an error, not-found neither.
  const e = {
    status: slot.status,
    data: slot.data,
    error: slot.error,
    updatedAt: slot.updatedAt,
    fetching: slot.fetching,
  } as Entry<unknown>;
  slot.view = FREEZE ? Object.freeze(e) : e;
  return slot.view;
}
