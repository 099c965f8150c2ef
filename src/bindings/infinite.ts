/**
 * What the React, Vue and Angular paged hooks share: their options and the entry of a paged
 * list that reads nothing (yet). Never imported by the core.
 */
import type { PagedEntry, PagedOptions } from '../index.js';

/** Options of the paged hooks: the store's, and `enabled: false` to read nothing yet. */
export interface InfiniteOptions extends PagedOptions {
  /** `false`: read nothing and subscribe to nothing; the result stays `loading`. Default true. */
  enabled?: boolean;
}

const nothing = () => Promise.resolve();
/** A paged list that reads nothing (`enabled: false`, skipToken) or has not emitted yet. */
export const IDLE: PagedEntry<never> = Object.freeze({
  status: 'loading',
  data: undefined,
  error: undefined,
  updatedAt: undefined,
  fetching: false,
  hasNextPage: false,
  fetchingNextPage: false,
  fetchNextPage: nothing,
});
