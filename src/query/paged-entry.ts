import type { QueryOptions } from '../core/checks.js';
import type { Entry } from '../core/entry.js';

/** Options of a paged list: a query's options and the size of a page. */
export interface PagedOptions extends QueryOptions {
  /**
   * Items per page, sent as the call's `maxResults`: 1 to the operation's limit (100 for
   * most IVS lists, 50 for ListStreamKeys and ListParticipantReplicas). Default: that limit.
   */
  pageSize?: number;
}

/**
 * The data of a paged list: the pages loaded so far, in order, and their items in one array.
 *
 * @example
 * ```ts
 * store.channels.pages$().subscribe(({ data }) => data?.pages.forEach((page, i) => console.log(i, page.length)));
 * ```
 */
export interface PagedData<T> {
  /** One array per page read, first page first (TanStack Query's `data.pages`). */
  pages: T[][];
  /** Every page's items, in order: what a list that grows as the user scrolls renders. */
  items: T[];
}

/**
 * What the paged part adds to an entry: whether there is more, whether it is being read,
 * and the function that reads it (the same function for every emission of one query).
 *
 * @example
 * ```ts
 * const more = (e: PagedMeta) => e.hasNextPage && !e.fetchingNextPage && e.fetchNextPage();
 * ```
 */
export interface PagedMeta {
  /** The last page read said there is another (its `nextToken`). False until the first page lands. */
  hasNextPage: boolean;
  /** A `fetchNextPage()` is in flight. */
  fetchingNextPage: boolean;
  /**
   * Reads the next page and appends it.
   *
   * Calls while one is in flight share it (one call);
   * without a next page it does nothing. Never rejects: a failure lands in the entry
   * (`status: 'error'`, the pages kept), and calling again retries. Stable: the same
   * function on every entry of the query, so it can be handed to components and effects.
   * @example
   * ```ts
   * if (entry.hasNextPage && !entry.fetchingNextPage) void entry.fetchNextPage();
   * ```
   */
  fetchNextPage(): Promise<void>;
}

/**
 * What `pages$` emits: an `Entry` of the pages read so far (a union on `status`, as every
 * query's) with `hasNextPage`, `fetchingNextPage` and `fetchNextPage()`.
 *
 * @example
 * ```ts
 * store.channels.pages$(undefined, { pageSize: 20 }).subscribe((e) => {
 *   if (e.status === 'success') render(e.data.items);
 *   if (e.hasNextPage) showMoreButton(() => e.fetchNextPage());
 * });
 * ```
 */
export type PagedEntry<T> = Entry<PagedData<T>> & PagedMeta;
