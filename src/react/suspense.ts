import type { Observable } from 'rxjs';
import {
  type Entry,
  IvsStoreError,
  type ChannelFilter,
  type ParticipantState,
  type StreamHealthState,
} from '../index.js';
import type { HookOptions } from '../bindings/hook-options.js';
import { LOADING, useEntry } from './entry.js';
import {
  type ChannelData,
  type ChannelListData,
  every,
  type LiveStreamsData,
  type ParticipantsData,
  type StageData,
  useQuery$,
} from './hooks.js';
import { current, settling, sourceOf } from './source.js';

/**
 * What a suspending hook returns: the data is there (narrowed to `T`). `error` after data
 * was shown: a later read failed, and `data` is the last good value (no suspending again).
 *
 * @example
 * const channel: SuspenseEntry<StoreChannel> = useSuspenseChannel(arn);
 * const stale = channel.status === 'error' ? channel.error.kind : undefined;
 */
export type SuspenseEntry<T> =
  | {
      /** The latest read succeeded. */
      status: 'success';
      /** The data (or what `select` made of it). */
      data: T;
      /** No error. */
      error: undefined;
      /** When the data last changed (ms since epoch). */
      updatedAt: number | undefined;
      /** Whether a read someone waits for is in flight (background polls do not set it). */
      fetching: boolean;
    }
  | {
      /** A later read failed; `data` is still the last good value. */
      status: 'error';
      /** The last good data (or what `select` made of it). */
      data: T;
      /** Why the latest read failed. */
      error: IvsStoreError;
      /** When the data last changed (ms since epoch). */
      updatedAt: number | undefined;
      /** Whether a read someone waits for is in flight (background polls do not set it). */
      fetching: boolean;
    };

/**
 * A suspending hook's options: no `enabled` (as TanStack Query's useSuspenseQuery: a suspending read always reads).
 *
 * @example
 * const options: SuspenseOptions<StoreChannel, string | undefined> = { refetchInterval: 10_000, select: (c) => c.name };
 */
export type SuspenseOptions<T, U = T> = Omit<HookOptions<T, U>, 'enabled'>;

const settled = (e: Entry<unknown>) => e.status !== 'loading';

/**
 * An `Entry` Observable for `<Suspense>`: suspends until the first read settles.
 *
 * One promise per Observable is shared by every component and re-render. A failed first
 * read throws its IvsStoreError to the nearest error boundary, and so does a resource that does not exist
 * (kind `not-found`: there is no data to narrow to). Cached data renders at once.
 *
 * @example
 * const { data } = useSuspenseEntry(useMemo(() => store.stages.list$(), [store]));
 */
export function useSuspenseEntry<T, U = T>(obs: Observable<Entry<T>>, select?: (data: T) => U): SuspenseEntry<U> {
  const source = sourceOf(obs, LOADING as Entry<T>);
  if (!settled(current(source, obs))) {
    const pending = settling(source, obs, settled);
    // Settled at once (cached, replayed on subscription): render now.
    if (pending && !settled(source.value)) throw pending;
  }
  const entry = useEntry(obs, select);
  if (entry.status === 'error' && entry.data === undefined) throw entry.error;
  if (entry.status === 'not-found')
    throw new IvsStoreError({ kind: 'not-found', message: 'The resource does not exist (not found).' });
  if (entry.status === 'loading') {
    // Back to loading without data (the store ended, or the entry was dropped): suspend again.
    const pending = settling(source, obs, settled);
    if (pending) throw pending;
    if (source.ended) throw new IvsStoreError({ kind: 'disposed', message: 'The store was disposed.' });
  }
  return entry as SuspenseEntry<U>;
}

/**
 * `useChannel` for `<Suspense>`: `data` is the channel (or what `select` makes of it).
 *
 * @example
 * function Name({ arn }: { arn: string }) {
 *   return <span>{useSuspenseChannel(arn).data.name}</span>;
 * }
 */
export function useSuspenseChannel<U = ChannelData>(
  arn: string,
  options?: SuspenseOptions<ChannelData, U>,
): SuspenseEntry<U> {
  const i = options?.refetchInterval;
  const s = options?.staleTime;
  const obs = useQuery$((st) => st.channels.get$(arn, every(i, s)), [arn, i, s]) as Observable<Entry<ChannelData>>;
  return useSuspenseEntry(obs, options?.select);
}

/**
 * `useChannels` for `<Suspense>`.
 *
 * @example
 * const { data: channels } = useSuspenseChannels({ filterByName: 'prod-' });
 */
export function useSuspenseChannels<U = ChannelListData>(
  filter?: ChannelFilter,
  options?: SuspenseOptions<ChannelListData, U>,
): SuspenseEntry<U> {
  const i = options?.refetchInterval;
  const s = options?.staleTime;
  const obs = useQuery$((st) => st.channels.list$(filter, every(i, s)), [JSON.stringify(filter ?? null), i, s]);
  return useSuspenseEntry(obs as Observable<Entry<ChannelListData>>, options?.select);
}

/**
 * `useLiveStreams` for `<Suspense>`.
 *
 * @example
 * const { data: live } = useSuspenseLiveStreams();
 */
export function useSuspenseLiveStreams<U = LiveStreamsData>(
  health?: StreamHealthState,
  options?: SuspenseOptions<LiveStreamsData, U>,
): SuspenseEntry<U> {
  const i = options?.refetchInterval;
  const s = options?.staleTime;
  const obs = useQuery$((st) => st.streams.live$(health ? { health } : undefined, every(i, s)), [health, i, s]);
  return useSuspenseEntry(obs as Observable<Entry<LiveStreamsData>>, options?.select);
}

/**
 * `useStage` for `<Suspense>`.
 *
 * @example
 * const { data: stage } = useSuspenseStage(stageArn);
 */
export function useSuspenseStage<U = StageData>(
  arn: string,
  options?: SuspenseOptions<StageData, U>,
): SuspenseEntry<U> {
  const i = options?.refetchInterval;
  const s = options?.staleTime;
  const obs = useQuery$((st) => st.stages.get$(arn, every(i, s)), [arn, i, s]);
  return useSuspenseEntry(obs as Observable<Entry<StageData>>, options?.select);
}

/**
 * `useParticipants` for `<Suspense>`.
 *
 * @example
 * const { data: people } = useSuspenseParticipants(stageArn, { state: 'CONNECTED' });
 */
export function useSuspenseParticipants<U = ParticipantsData>(
  stageArn: string,
  options?: SuspenseOptions<ParticipantsData, U> & { state?: ParticipantState },
): SuspenseEntry<U> {
  const i = options?.refetchInterval;
  const s = options?.staleTime;
  const state = options?.state;
  const obs = useQuery$((st) => st.participants.list$(stageArn, { ...every(i, s), state }), [stageArn, i, s, state]);
  return useSuspenseEntry(obs as Observable<Entry<ParticipantsData>>, options?.select);
}
