/**
 * Paged lists in React: `useInfiniteList` over any resource's `pages$`, and
 * `useInfiniteChannels`. What TanStack Query's useInfiniteQuery users expect: `data.pages`,
 * `hasNextPage`, `fetchingNextPage` and a stable `fetchNextPage`, on the entry itself, so it
 * can go straight into an effect's dependencies or an `onClick`.
 */
import { type DependencyList, useMemo } from 'react';
import { NEVER, type Observable } from 'rxjs';
import type { ChannelSummary } from '@aws-sdk/client-ivs';
import type { ChannelFilter, IvsStore, PagedEntry } from '../index.js';
import { useIvsStore } from './context.js';
import { useObservable } from './source.js';
import { type SkipToken, skipToken } from '../bindings/skip-token.js';
import { IDLE, type InfiniteOptions } from '../bindings/infinite.js';

export type { InfiniteOptions };

/**
 * A paged list of any resource, page by page, re-rendering on each new page, poll change or flag.
 *
 * `pick` chooses the store's `pages$` call, made again only when `deps` change (as with
 * `useMemo`); `fetchNextPage` keeps its identity for the same list.
 *
 * @example
 * ```tsx
 * function Configurations() {
 *   const { data, hasNextPage, fetchingNextPage, fetchNextPage } = useInfiniteList((s) =>
 *     s.recordingConfigurations.pages$({ pageSize: 20 }),
 *   );
 *   return (
 *     <>
 *       {data?.items.map((c) => <p key={c.arn}>{c.name}</p>)}
 *       {hasNextPage && <button disabled={fetchingNextPage} onClick={() => fetchNextPage()}>More</button>}
 *     </>
 *   );
 * }
 * ```
 */
export function useInfiniteList<T>(
  pick: (store: IvsStore) => Observable<PagedEntry<T>>,
  deps: DependencyList = [],
  options?: { enabled?: boolean },
): PagedEntry<T> {
  const store = useIvsStore();
  const enabled = options?.enabled ?? true;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `deps` say when `pick` means another list, as for useMemo
  const obs = useMemo(() => (enabled ? pick(store) : NEVER), [store, enabled, ...deps]);
  return useObservable(obs, IDLE as PagedEntry<T>);
}

/**
 * Channels page by page (ListChannels with `pageSize` as `maxResults`), on the same channel
 * entries as `useChannel` and `useChannels`.
 *
 * The filter is compared by value; `skipToken` in its place reads nothing, as `enabled: false` does.
 *
 * @example
 * ```tsx
 * function ChannelPages() {
 *   const { status, data, hasNextPage, fetchNextPage } = useInfiniteChannels(undefined, { pageSize: 25 });
 *   if (status === 'loading') return <p>loading</p>;
 *   return (
 *     <ul>
 *       {data?.pages.map((page, i) => page.map((c) => <li key={c.arn}>{i + 1}: {c.name}</li>))}
 *       {hasNextPage && <li><button onClick={() => fetchNextPage()}>More</button></li>}
 *     </ul>
 *   );
 * }
 * ```
 */
export function useInfiniteChannels(
  filter?: ChannelFilter | SkipToken,
  options?: InfiniteOptions,
): PagedEntry<ChannelSummary> {
  const { enabled, ...paged } = options ?? {};
  const skip = filter === skipToken;
  return useInfiniteList(
    (s) => s.channels.pages$(skip ? undefined : filter, paged),
    [skip ? skipToken : JSON.stringify(filter ?? null), JSON.stringify(paged)],
    { enabled: skip ? false : enabled },
  );
}
