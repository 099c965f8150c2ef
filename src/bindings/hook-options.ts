import type { QueryOptions } from '../index.js';

/**
 * The options every query hook, composable and `inject*` function takes, over the store's
 * own `QueryOptions` (which the binding passes on without `enabled` and `select`: the
 * store refuses members it does not know).
 */
export interface HookOptions<T, U = T> extends QueryOptions {
  /**
   * `false`: read nothing and subscribe to nothing; the result is `loading` with
   * `fetching: false` (TanStack Query's `enabled`). Default true. `skipToken` in place of
   * the id does the same and is the better fit for an id not known yet.
   */
  enabled?: boolean;
  /**
   * Derives what the component gets from the data (`data` of the result is its return).
   * Safe inline: it runs again only when the data changes (cached data keeps its identity
   * while unchanged), and an equal result keeps the previous one.
   */
  select?: (data: T) => U;
}
