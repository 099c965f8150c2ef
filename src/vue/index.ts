/**
 * `ivs-store/vue`: composables returning shallow refs of the store's Observables. A
 * reactive ARN switches the subscription when it changes; scope disposal unsubscribes.
 *
 * @module ivs-store/vue
 */
import {
  getCurrentScope,
  inject,
  onScopeDispose,
  provide,
  shallowRef,
  toRef,
  toValue,
  watch,
  type InjectionKey,
  type MaybeRefOrGetter,
  type Ref,
  type ShallowRef,
} from 'vue';
import type { Observable, Subscription } from 'rxjs';
import type { ChannelFilter, Entry, IvsStore, IvsStoreError, QueryOptions, StreamState } from '../index.js';
import {
  IDLE,
  mutationFunctions,
  type MutationCallbacks,
  type MutationFunctions,
  type MutationState,
  type MutationStatus,
} from '../bindings/mutation.js';

export type { MutationCallbacks, MutationFunctions, MutationState, MutationStatus };

/**
 * A registry symbol: the same key in every copy of this module, so a store provided by
 * our ESM build is found by composables from our CJS build (the dual-package hazard).
 */
export const IVS_STORE_KEY: InjectionKey<IvsStore> = Symbol.for('ivs-store');

/**
 * Gives a store to the composables of this component and its descendants.
 * @example provideIvsStore(createIvsStore({ ivs })) // in the root component's setup
 */
export function provideIvsStore(store: IvsStore): void {
  provide(IVS_STORE_KEY, store);
}

/**
 * The store provided by an ancestor (throws when none was).
 * @example const store = useIvsStore()
 */
export function useIvsStore(): IvsStore {
  const store = inject(IVS_STORE_KEY, null);
  if (!store)
    throw new Error(
      'useIvsStore: no store. Call provideIvsStore(store) in a parent component, or app.provide(IVS_STORE_KEY, store).',
    );
  return store;
}

const LOADING: Entry<never> = Object.freeze({
  status: 'loading',
  data: undefined,
  error: undefined,
  updatedAt: undefined,
  fetching: false,
});

/**
 * The latest value of the Observable `source()` returns, re-subscribing when it changes.
 * @example const metrics = useObservable(() => store.metrics$, undefined)
 */
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

/**
 * The latest Entry of the Observable `source()` returns (`loading` until it emits).
 * @example const key = useEntry(() => store.streamKeys.get$(keyArn.value))
 */
export function useEntry<T>(source: () => Observable<Entry<T>>): Readonly<ShallowRef<Entry<T>>> {
  return useObservable(source, LOADING as Entry<T>);
}

/**
 * A channel, as a ref of its Entry; a ref or getter ARN switches with it.
 * @example const channel = useChannel(() => props.arn)
 */
export function useChannel(arn: MaybeRefOrGetter<string>, options?: QueryOptions) {
  const store = useIvsStore();
  return useEntry(() => store.channels.get$(toValue(arn), options));
}

/**
 * The channel list (all pages), as a ref of its Entry.
 * @example const channels = useChannels({ filterByName: 'studio' })
 */
export function useChannels(filter?: MaybeRefOrGetter<ChannelFilter | undefined>, options?: QueryOptions) {
  const store = useIvsStore();
  return useEntry(() => store.channels.list$(toValue(filter), options));
}

/**
 * The stream health of a channel, `undefined` until first known; changes only when it does.
 * @example const health = useStreamHealth(() => props.channelArn)
 */
export function useStreamHealth(
  channelArn: MaybeRefOrGetter<string>,
  options?: QueryOptions,
): Readonly<ShallowRef<StreamState | undefined>> {
  const store = useIvsStore();
  return useObservable<StreamState | undefined>(() => store.streams.health$(toValue(channelArn), options), undefined);
}

/**
 * A stage, as a ref of its Entry.
 * @example const stage = useStage(() => props.stageArn)
 */
export function useStage(arn: MaybeRefOrGetter<string>, options?: QueryOptions) {
  const store = useIvsStore();
  return useEntry(() => store.stages.get$(toValue(arn), options));
}

/**
 * Who is on a stage's active session, as a ref of its Entry.
 * @example const participants = useParticipants(() => props.stageArn, { refetchInterval: 3000 })
 */
export function useParticipants(stageArn: MaybeRefOrGetter<string>, options?: QueryOptions) {
  const store = useIvsStore();
  return useEntry(() => store.participants.list$(toValue(stageArn), options));
}

/** Readonly refs of the latest call's state, and the functions that start calls. */
export interface UseMutationReturn<A extends unknown[], R> extends MutationFunctions<A, R> {
  /** Where the latest call is. */
  status: Readonly<Ref<MutationStatus>>;
  /** Whether the latest call is in flight. */
  pending: Readonly<Ref<boolean>>;
  /** Why the latest call failed. */
  error: Readonly<Ref<IvsStoreError | undefined>>;
  /** What the latest call resolved with. */
  data: Readonly<Ref<R | undefined>>;
  /** The arguments of the latest call. */
  variables: Readonly<Ref<A | undefined>>;
}

/**
 * A store mutation with its state as refs, modelled on TanStack Query's useMutation.
 *
 * E.g. `useMutation((s) => s.channels.update, { onError: toast })`. Only the latest call's
 * outcome lands in the refs, and none after the scope is disposed; `options` callbacks run
 * for every call, those given to `mutateWith` only for the latest call while the scope lives.
 * @example const rename = useMutation((s) => s.channels.update); rename.mutate({ arn, name })
 */
export function useMutation<A extends unknown[], R>(
  pick: (store: IvsStore) => (...args: A) => Promise<R>,
  options?: MutationCallbacks<A, R>,
): UseMutationReturn<A, R> {
  const store = useIvsStore();
  // One ref holds the whole state so the fields never disagree; each field is a getter ref
  // over it (readonly at run time too).
  const state = shallowRef<MutationState<A, R>>(IDLE);
  let alive = true;
  if (getCurrentScope()) onScopeDispose(() => (alive = false));
  const fns = mutationFunctions<A, R>({
    method: () => pick(store),
    options: () => options,
    publish: (next) => (state.value = next),
    alive: () => alive,
  });
  return {
    status: toRef(() => state.value.status),
    pending: toRef(() => state.value.pending),
    error: toRef(() => state.value.error),
    data: toRef(() => state.value.data),
    variables: toRef(() => state.value.variables),
    ...fns,
  };
}
