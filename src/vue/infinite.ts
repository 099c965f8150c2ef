/**
 * Paged lists in Vue: `useInfiniteList` over any resource's `pages$`, and
 * `useInfiniteChannels`, as shallow refs of the paged entry (`data.pages`, `hasNextPage`,
 * `fetchingNextPage`, `fetchNextPage`). Reactive filters and options switch lists.
 */
import { type MaybeRefOrGetter, type ShallowRef, toValue } from 'vue';
import { NEVER, type Observable } from 'rxjs';
import type { ChannelSummary } from '@aws-sdk/client-ivs';
import type { ChannelFilter, IvsStore, PagedEntry } from '../index.js';
import { useObservable } from './observable.js';
import { useIvsStore } from './store.js';
import { type SkipToken, skipToken } from '../bindings/skip-token.js';
import { IDLE, type InfiniteOptions } from '../bindings/infinite.js';

export type { InfiniteOptions };

/**
 * A paged list of any resource as a shallow ref, unsubscribed with the component's scope.
 *
 * `pick` chooses the store's `pages$` call and may read refs and props, which switch the
 * list when they change (the same call keeps its subscription).
 *
 * @example
 * ```ts
 * const list = useInfiniteList((s) => s.stages.pages$({ pageSize: toValue(size) }));
 * // template: <li v-for="s in list.data?.items">{{ s.name }}</li>
 * //           <button v-if="list.hasNextPage" @click="list.fetchNextPage()">More</button>
 * ```
 */
export function useInfiniteList<T>(
  pick: (store: IvsStore) => Observable<PagedEntry<T>>,
): Readonly<ShallowRef<PagedEntry<T>>> {
  const store = useIvsStore();
  return useObservable(() => pick(store), IDLE as PagedEntry<T>);
}

/**
 * Channels page by page, on the same channel entries as `useChannel` and `useChannels`;
 * filter and options may be refs or getters.
 *
 * @example
 * ```ts
 * const channels = useInfiniteChannels(() => (props.name ? { filterByName: props.name } : undefined), { pageSize: 25 });
 * // template: <button v-if="channels.hasNextPage" @click="channels.fetchNextPage()">More</button>
 * ```
 */
export function useInfiniteChannels(
  filter?: MaybeRefOrGetter<ChannelFilter | SkipToken | undefined>,
  options?: MaybeRefOrGetter<InfiniteOptions | undefined>,
): Readonly<ShallowRef<PagedEntry<ChannelSummary>>> {
  return useInfiniteList<ChannelSummary>((s) => {
    const { enabled = true, ...paged } = toValue(options) ?? {};
    const f = toValue(filter);
    return enabled && f !== skipToken ? s.channels.pages$(f, paged) : NEVER;
  });
}
