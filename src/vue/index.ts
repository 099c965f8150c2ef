/**
 * `ivs-store/vue`: composables returning readonly refs of the store's Observables. Every
 * argument may be a plain value, a ref or a getter: a change switches the subscription
 * (the old one ends at once); scope disposal unsubscribes.
 *
 * @module ivs-store/vue
 */
import { computed, toValue, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue';
import type { Observable } from 'rxjs';
import type {
  ChannelFilter,
  Entry,
  IvsStore,
  ParticipantChange,
  ParticipantState,
  QueryOptions,
  StreamHealthState,
  StreamState,
} from '../index.js';
import type { HookOptions } from '../bindings/hook-options.js';
import { type DataOf, shallowEqual, storeOptions, withData } from '../bindings/derived-reads.js';
import { type SkipToken, skipToken } from '../bindings/skip-token.js';
import { follow, useEntry } from './observable.js';
import { useIvsStore } from './store.js';

export type { MutationCallbacks, MutationFunctions, MutationState, MutationStatus } from '../bindings/mutation.js';
export { skipToken, type SkipToken };
export { IVS_STORE_KEY, provideIvsStore, useIvsStore } from './store.js';
export { useMutation, type UseMutationReturn } from './use-mutation.js';
export { whenSettled } from './when-settled.js';
export { useEntry, useObservable } from './observable.js';

/**
 * The options of every query composable: the store's `QueryOptions`, `select`, and
 * `enabled` as a boolean, a ref or a getter (false: nothing is read or subscribed).
 * @example
 * const name = useChannel(() => props.arn, { select: (c) => c.name, enabled: () => props.visible });
 */
export interface UseQueryOptions<T, U = T> extends Omit<HookOptions<T, U>, 'enabled'> {
  /** `false`: read nothing and subscribe to nothing (`loading`, `fetching: false`). Default true. */
  enabled?: MaybeRefOrGetter<boolean>;
}

/** An id, a ref or a getter of one; `skipToken` (an id not known yet) reads nothing. */
export type MaybeSkip<A> = MaybeRefOrGetter<A | SkipToken>;
/**
 * A composable's options (`UseQueryOptions`, with `X`'s extras), or a ref or getter of them.
 * @inline
 */
type Options<T, U, X = unknown> = MaybeRefOrGetter<(UseQueryOptions<T, U> & X) | undefined>;

function useQuery<A, T, U, X>(
  id: MaybeSkip<A>,
  options: Options<T, U, X> | undefined,
  read: (store: IvsStore, id: A, options: QueryOptions & X) => Observable<Entry<T>>,
): Readonly<Ref<Entry<U>>> {
  const store = useIvsStore();
  const raw = useEntry<T>(() => {
    const a = toValue(id);
    const o = toValue(options);
    if (a === skipToken || toValue(o?.enabled) === false) return undefined;
    return read(store, a, storeOptions(o) as QueryOptions & X);
  });
  // Computed refs only pass on a change: `select` runs when the data (kept by identity
  // while unchanged) or a ref it reads changes, not when `fetching` flips.
  const data = computed(() => raw.value.data);
  const selected = computed<U | undefined>((previous) => {
    const d = data.value;
    const select = toValue(options)?.select;
    if (d === undefined || !select) return d as U | undefined;
    const next = select(d);
    return shallowEqual(next, previous) ? previous : next;
  });
  return computed(() => withData(raw.value, selected.value));
}

type Channel = DataOf<IvsStore['channels']['get$']>;
type Channels = DataOf<IvsStore['channels']['list$']>;
type LiveStreams = DataOf<IvsStore['streams']['live$']>;
type Stage = DataOf<IvsStore['stages']['get$']>;
type Participants = DataOf<IvsStore['participants']['list$']>;

/**
 * A channel, batched with every other channel read of the tick.
 * @example
 * const channel = useChannel(() => props.arn); // channel.value.status === 'success' narrows data
 */
export function useChannel<U = Channel>(arn: MaybeSkip<string>, options?: Options<Channel, U>) {
  return useQuery(arn, options, (s, a, o) => s.channels.get$(a, o));
}

/**
 * Every channel (all pages), or those `filter` picks.
 * @example
 * const names = useChannels(undefined, { select: (list) => list.map((c) => c.name) });
 */
export function useChannels<U = Channels>(
  filter?: MaybeSkip<ChannelFilter | undefined>,
  options?: Options<Channels, U>,
) {
  return useQuery(filter, options, (s, f, o) => s.channels.list$(f, o));
}

/**
 * A channel's stream health, `undefined` until first known; changes only when it does.
 * @example
 * const health = useStreamHealth(() => props.arn, { enabled: () => props.open });
 */
export function useStreamHealth(
  channelArn: MaybeSkip<string>,
  options?: MaybeRefOrGetter<(QueryOptions & Pick<UseQueryOptions<never>, 'enabled'>) | undefined>,
): Readonly<ShallowRef<StreamState | undefined>> {
  const store = useIvsStore();
  return follow<StreamState | undefined>(() => {
    const a = toValue(channelArn);
    const o = toValue(options);
    return a === skipToken || toValue(o?.enabled) === false ? undefined : store.streams.health$(a, storeOptions(o));
  }, undefined);
}

/**
 * The live streams (ListStreams), all of them or those of one health.
 * @example
 * const starving = useLiveStreams('STARVING', { select: (list) => list.length });
 */
export function useLiveStreams<U = LiveStreams>(
  health?: MaybeSkip<StreamHealthState | undefined>,
  options?: Options<LiveStreams, U>,
) {
  return useQuery(health, options, (s, h, o) => s.streams.live$(h ? { health: h } : undefined, o));
}

/**
 * A stage.
 * @example
 * const stage = useStage(() => route.params.stage as string);
 */
export function useStage<U = Stage>(arn: MaybeSkip<string>, options?: Options<Stage, U>) {
  return useQuery(arn, options, (s, a, o) => s.stages.get$(a, o));
}

/**
 * The participants of a stage's active session.
 * @example
 * const publishing = useParticipants(() => props.stage, { select: (list) => list.filter((p) => p.published) });
 */
export function useParticipants<U = Participants>(
  stageArn: MaybeSkip<string>,
  options?: Options<Participants, U, { state?: ParticipantState }>,
) {
  return useQuery(stageArn, options, (s, a, o) => s.participants.list$(a, o));
}

/**
 * The participant changes of a stage (joined, left, published, unpublished) while the
 * scope lives.
 *
 * `onChange` is called for each, and the returned ref holds the last one
 * (`undefined` before the first, and again after the stage ARN changes). With
 * `initial: true`, everyone already on stage at the first read is reported as `joined`.
 * @example
 * const last = useParticipantChanges(() => props.stage, (c) => log.push(`${c.type} ${c.participant.userId}`));
 */
export function useParticipantChanges(
  stageArn: MaybeSkip<string>,
  onChange?: (change: ParticipantChange) => void,
  options?: MaybeRefOrGetter<
    (QueryOptions & Pick<UseQueryOptions<never>, 'enabled'> & { initial?: boolean }) | undefined
  >,
): Readonly<ShallowRef<ParticipantChange | undefined>> {
  const store = useIvsStore();
  return follow<ParticipantChange | undefined>(
    () => {
      const a = toValue(stageArn);
      const o = toValue(options);
      if (a === skipToken || toValue(o?.enabled) === false) return undefined;
      return store.participants.changes$(a, storeOptions(o));
    },
    undefined,
    (change) => change && onChange?.(change),
  );
}
export * from './infinite.js';
