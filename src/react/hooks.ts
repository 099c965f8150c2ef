import { useEffect, useMemo, useRef } from 'react';
import { NEVER, type Observable } from 'rxjs';
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
import { skipToken, type SkipToken } from '../bindings/skip-token.js';
import { useIvsStore } from './context.js';
import { useEntry } from './entry.js';
import { useObservable } from './source.js';

/** The data of a query Observable's entries. */
export type DataOf<O> = O extends Observable<Entry<infer T>> ? T : never;
export type ChannelData = DataOf<ReturnType<IvsStore['channels']['get$']>>;
export type ChannelListData = DataOf<ReturnType<IvsStore['channels']['list$']>>;
export type LiveStreamsData = DataOf<ReturnType<IvsStore['streams']['live$']>>;
export type StageData = DataOf<ReturnType<IvsStore['stages']['get$']>>;
export type ParticipantsData = DataOf<ReturnType<IvsStore['participants']['list$']>>;

/** The query options by value, in a fresh object without `enabled` and `select` (the store refuses them). */
export const every = (refetchInterval: number | undefined, staleTime?: number): QueryOptions => ({
  ...(refetchInterval ? { refetchInterval } : {}),
  ...(staleTime !== undefined ? { staleTime } : {}),
});

/**
 * The Observable `make` gives, kept while `deps` (and the store) stay; undefined while
 * disabled (`skipToken` or `enabled: false`): nothing is subscribed, nothing read.
 */
export function useQuery$<O>(make: ((store: IvsStore) => O) | undefined, deps: unknown[]): O | undefined {
  const store = useIvsStore();
  const on = make !== undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: make is new each render; deps are what it reads
  return useMemo(() => make?.(store), [store, on, ...deps]);
}

const off = (id: unknown, options: { enabled?: boolean } | undefined) => id === skipToken || options?.enabled === false;

/**
 * A channel, read through BatchGetChannel and kept fresh while shown.
 *
 * @example
 * const name = useChannel(arn ?? skipToken, { select: (c) => c.name });
 */
export function useChannel<U = ChannelData>(arn: string | SkipToken, options?: HookOptions<ChannelData, U>): Entry<U> {
  const i = options?.refetchInterval;
  const s = options?.staleTime;
  const obs = useQuery$(off(arn, options) ? undefined : (st) => st.channels.get$(arn as string, every(i, s)), [
    arn,
    i,
    s,
  ]);
  return useEntry(obs, options?.select);
}

/**
 * The channels (every page), filtered by name or recording configuration.
 *
 * @example
 * const names = useChannels({ filterByName: 'prod-' }, { select: (list) => list.map((c) => c.name) });
 */
export function useChannels<U = ChannelListData>(
  filter?: ChannelFilter | SkipToken,
  options?: HookOptions<ChannelListData, U>,
): Entry<U> {
  const key = JSON.stringify(filter ?? null);
  const i = options?.refetchInterval;
  const s = options?.staleTime;
  const make = off(filter, options)
    ? undefined
    : (st: IvsStore) => st.channels.list$(filter as ChannelFilter | undefined, every(i, s));
  return useEntry(useQuery$(make, [key, i, s]), options?.select); // the filter by value (its JSON)
}

/**
 * The stream health of a channel; undefined until first known (or while disabled). Re-renders only on change.
 *
 * @example
 * const health = useStreamHealth(arn, { enabled: visible });
 */
export function useStreamHealth(
  channelArn: string | SkipToken,
  options?: Omit<HookOptions<StreamState>, 'select'>,
): StreamState | undefined {
  const i = options?.refetchInterval;
  const s = options?.staleTime;
  const make = off(channelArn, options)
    ? undefined
    : (st: IvsStore) => st.streams.health$(channelArn as string, every(i, s));
  return useObservable(useQuery$(make, [channelArn, i, s]) ?? NEVER, undefined);
}

/**
 * The live streams (ListStreams), optionally of one health.
 *
 * @example
 * const starving = useLiveStreams('STARVING', { select: (streams) => streams.length });
 */
export function useLiveStreams<U = LiveStreamsData>(
  health?: StreamHealthState | SkipToken,
  options?: HookOptions<LiveStreamsData, U>,
): Entry<U> {
  const i = options?.refetchInterval;
  const s = options?.staleTime;
  const make = off(health, options)
    ? undefined
    : (st: IvsStore) => st.streams.live$(health ? { health: health as StreamHealthState } : undefined, every(i, s));
  return useEntry(useQuery$(make, [health, i, s]), options?.select);
}

/**
 * A stage, kept fresh while shown.
 *
 * @example
 * const stage = useStage(stageArn ?? skipToken);
 */
export function useStage<U = StageData>(arn: string | SkipToken, options?: HookOptions<StageData, U>): Entry<U> {
  const i = options?.refetchInterval;
  const s = options?.staleTime;
  const obs = useQuery$(off(arn, options) ? undefined : (st) => st.stages.get$(arn as string, every(i, s)), [
    arn,
    i,
    s,
  ]);
  return useEntry(obs, options?.select);
}

/**
 * The participants of a stage's active session (every page).
 *
 * @example
 * const ids = useParticipants(stageArn, { state: 'CONNECTED', select: (ps) => ps.map((p) => p.userId) });
 */
export function useParticipants<U = ParticipantsData>(
  stageArn: string | SkipToken,
  options?: HookOptions<ParticipantsData, U> & { state?: ParticipantState },
): Entry<U> {
  const i = options?.refetchInterval;
  const s = options?.staleTime;
  const state = options?.state;
  const make = off(stageArn, options)
    ? undefined
    : (st: IvsStore) => st.participants.list$(stageArn as string, { ...every(i, s), state });
  return useEntry(useQuery$(make, [stageArn, i, s, state]), options?.select);
}

/**
 * Calls `onChange` for each participant change on the stage while mounted (and enabled). With
 * `initial: true`, everyone already on stage at the first read is reported as `joined`.
 *
 * @example
 * useParticipantChanges(stageArn ?? skipToken, (c) => console.log(c.type, c.participant.userId));
 */
export function useParticipantChanges(
  stageArn: string | SkipToken,
  onChange: (change: ParticipantChange) => void,
  options?: QueryOptions & { initial?: boolean; enabled?: boolean },
): void {
  const store = useIvsStore();
  const latest = useRef(onChange);
  latest.current = onChange;
  const i = options?.refetchInterval;
  const s = options?.staleTime;
  const initial = options?.initial;
  const disabled = off(stageArn, options);
  useEffect(() => {
    if (disabled) return;
    const sub = store.participants
      .changes$(stageArn as string, { ...every(i, s), initial })
      .subscribe((c) => latest.current(c));
    return () => sub.unsubscribe();
  }, [store, stageArn, i, s, initial, disabled]);
}
