/**
 * What the Vue and Angular bindings share for conditional and derived reads (`enabled`,
 * `skipToken`, `select`): the entry a skipped query shows, the store's own options out of
 * a hook's, and the comparison that lets an equal `select` result keep its identity. Each
 * binding derives with its own computed (Vue's, Angular's), so `select` runs again only
 * when the data or what it reads changes. Never imported by the core.
 */
import type { Observable } from 'rxjs';
import type { Entry, QueryOptions } from '../index.js';

/** A query that reads nothing (skipToken, `enabled: false`), or has not emitted yet: loading, not fetching. */
export const LOADING: Entry<never> = Object.freeze({
  status: 'loading',
  data: undefined,
  error: undefined,
  updatedAt: undefined,
  fetching: false,
});

/** The store's options out of a hook's: it refuses members it does not know (`enabled`, `select`). */
export function storeOptions<O extends QueryOptions>(options: O | undefined): Omit<O, 'enabled' | 'select'> {
  const { enabled: _e, select: _s, ...rest } = (options ?? {}) as O & { enabled?: unknown; select?: unknown };
  return rest;
}

/** Same items (arrays) or same own members (plain objects), compared with Object.is. */
export function shallowEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra);
  return ka.length === Object.keys(rb).length && ka.every((k) => k in rb && Object.is(ra[k], rb[k]));
}

/** `entry` with `data` replaced by `data` (the entry itself when they are the same). */
export const withData = <T, U>(entry: Entry<T>, data: U | undefined): Entry<U> =>
  (Object.is(entry.data, data) ? entry : { ...entry, data }) as Entry<U>;

/** The data of a store query method's entries, e.g. `DataOf<IvsStore['channels']['get$']>`. */
export type DataOf<M> = M extends (...args: never[]) => Observable<Entry<infer T>> ? T : never;
