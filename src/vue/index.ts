/**
 * `ivs-store/vue`: composables returning shallow refs of the store's Observables. A
 * reactive ARN switches the subscription when it changes; scope disposal unsubscribes.
 */
import { getCurrentScope, inject, onScopeDispose, provide, shallowRef, toValue, watch, type InjectionKey, type MaybeRefOrGetter, type ShallowRef } from 'vue';
import type { Observable, Subscription } from 'rxjs';
import type { ChannelFilter, Entry, IvsStore, QueryOptions, StreamHealth } from '../index.js';

export const IVS_STORE_KEY: InjectionKey<IvsStore> = Symbol('ivs-store');

export function provideIvsStore(store: IvsStore): void {
  provide(IVS_STORE_KEY, store);
}

export function useIvsStore(): IvsStore {
  const store = inject(IVS_STORE_KEY, null);
  if (!store) throw new Error('useIvsStore: no store. Call provideIvsStore(store) in a parent component, or app.provide(IVS_STORE_KEY, store).');
  return store;
}

const LOADING: Entry<never> = Object.freeze({ status: 'loading', data: undefined, error: undefined, updatedAt: undefined, fetching: false });

/** The latest value of the Observable `source()` returns, re-subscribing when it changes. */
export function useObservable<T>(source: () => Observable<T>, initial: T): Readonly<ShallowRef<T>> {
  const value = shallowRef(initial) as ShallowRef<T>;
  let sub: Subscription | undefined;
  watch(
    source,
    (obs) => {
      sub?.unsubscribe();
      sub = obs.subscribe((v) => {
        value.value = v;
      });
    },
    { immediate: true },
  );
  if (getCurrentScope()) onScopeDispose(() => sub?.unsubscribe());
  return value;
}

export function useEntry<T>(source: () => Observable<Entry<T>>): Readonly<ShallowRef<Entry<T>>> {
  return useObservable(source, LOADING as Entry<T>);
}

export function useChannel(arn: MaybeRefOrGetter<string>, options?: QueryOptions) {
  const store = useIvsStore();
  return useEntry(() => store.channels.get$(toValue(arn), options));
}

export function useChannels(filter?: MaybeRefOrGetter<ChannelFilter | undefined>, options?: QueryOptions) {
  const store = useIvsStore();
  return useEntry(() => store.channels.list$(toValue(filter), options));
}

export function useStreamHealth(channelArn: MaybeRefOrGetter<string>, options?: QueryOptions): Readonly<ShallowRef<StreamHealth | undefined>> {
  const store = useIvsStore();
  return useObservable<StreamHealth | undefined>(() => store.streams.health$(toValue(channelArn), options), undefined);
}

export function useStage(arn: MaybeRefOrGetter<string>, options?: QueryOptions) {
  const store = useIvsStore();
  return useEntry(() => store.stages.get$(toValue(arn), options));
}

export function useParticipants(stageArn: MaybeRefOrGetter<string>, options?: QueryOptions) {
  const store = useIvsStore();
  return useEntry(() => store.participants.list$(toValue(stageArn), options));
}
