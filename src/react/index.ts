/**
 * `ivs-store/react`: hooks over the store's Observables, built on useSyncExternalStore
 * (no tearing, StrictMode- and concurrent-safe). The same ARN keeps the same Observable,
 * so re-renders never resubscribe.
 *
 * @module ivs-store/react
 */
import {
  createContext,
  createElement,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type Context,
  type ReactNode,
} from 'react';
import type { Observable } from 'rxjs';
import type {
  ChannelFilter,
  Entry,
  IvsStore,
  ParticipantChange,
  QueryOptions,
  StreamHealthState,
  StreamState,
} from '../index.js';
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
 * One context for every copy of this module: an app that loads both our ESM and our CJS
 * build (the dual-package hazard) would otherwise have a provider from one copy that hooks
 * from the other cannot see. A registry symbol is the same in every copy.
 */
const CONTEXT = Symbol.for('ivs-store.react-context');
const slot = globalThis as { [CONTEXT]?: Context<IvsStore | null> };
const StoreContext = (slot[CONTEXT] ??= createContext<IvsStore | null>(null));

/** Gives a store to the hooks below it. @example <IvsStoreProvider store={store}><App /></IvsStoreProvider> */
export function IvsStoreProvider(props: { store: IvsStore; children?: ReactNode }) {
  return createElement(StoreContext.Provider, { value: props.store }, props.children);
}

/** The store of the nearest IvsStoreProvider (throws outside one). @example const store = useIvsStore() */
export function useIvsStore(): IvsStore {
  const store = useContext(StoreContext);
  if (!store)
    throw new Error('useIvsStore: no store. Wrap the tree in <IvsStoreProvider store={createIvsStore(...)}>.');
  return store;
}

const LOADING: Entry<never> = Object.freeze({
  status: 'loading',
  data: undefined,
  error: undefined,
  updatedAt: undefined,
  fetching: false,
});

interface Source<T> {
  value: T;
  listeners: Set<() => void>;
  unsubscribe: (() => void) | undefined;
}
const sources = new WeakMap<Observable<unknown>, Source<unknown>>();

function sourceOf<T>(obs: Observable<T>, initial: T): Source<T> {
  let s = sources.get(obs) as Source<T> | undefined;
  if (!s) {
    s = { value: initial, listeners: new Set(), unsubscribe: undefined };
    sources.set(obs, s as Source<unknown>);
  }
  return s;
}

/**
 * The latest value of an Observable, `initial` until it emits. One subscription per Observable, shared by every component.
 * @example const metrics = useObservable(store.metrics$, undefined)
 */
export function useObservable<T>(obs: Observable<T>, initial: T): T {
  return useObservableSelected(obs, initial, identity);
}

const identity = <T>(v: T) => v;

function useObservableSelected<T>(obs: Observable<T>, initial: T, select: (value: T) => T): T {
  const source = sourceOf(obs, initial);
  const subscribe = useCallback(
    (onChange: () => void) => {
      source.listeners.add(onChange);
      if (!source.unsubscribe) {
        const sub = obs.subscribe((v) => {
          source.value = v;
          for (const l of source.listeners) l();
        });
        source.unsubscribe = () => sub.unsubscribe();
      }
      return () => {
        source.listeners.delete(onChange);
        if (source.listeners.size === 0) {
          source.unsubscribe?.();
          source.unsubscribe = undefined;
        }
      };
    },
    [obs, source],
  );
  const get = () => select(source.value);
  return useSyncExternalStore(subscribe, get, get);
}

/**
 * An `Entry` Observable as React state, re-rendering only when a field the component read changed.
 *
 * Like TanStack Query's tracked results: a component that shows
 * `data` does not re-render when a background poll flips `fetching` and finds nothing new.
 * @example const key = useEntry(useMemo(() => store.streamKeys.get$(keyArn), [store, keyArn]))
 */
export function useEntry<T>(obs: Observable<Entry<T>>): Entry<T> {
  const tracked = useRef(new Set<keyof Entry<T>>());
  const last = useRef<Entry<T> | undefined>(undefined);
  const select = useCallback((next: Entry<T>) => {
    const prev = last.current;
    if (
      prev &&
      prev !== next &&
      tracked.current.size > 0 &&
      [...tracked.current].every((k) => Object.is(prev[k], next[k]))
    )
      return prev;
    last.current = next;
    return next;
  }, []);
  const entry = useObservableSelected(obs, LOADING as Entry<T>, select);
  return useMemo(
    () =>
      new Proxy(entry, {
        get(target, key, receiver) {
          if (typeof key === 'string') tracked.current.add(key as keyof Entry<T>);
          return Reflect.get(target, key, receiver) as unknown;
        },
      }),
    [entry],
  );
}

/** The query options by value, in a fresh object: the options object itself is new every render. */
const every = (refetchInterval: number | undefined, staleTime?: number): QueryOptions => ({
  ...(refetchInterval ? { refetchInterval } : {}),
  ...(staleTime !== undefined ? { staleTime } : {}),
});

/** A channel, as an Entry. @example const { status, data } = useChannel(arn, { refetchInterval: 10_000 }) */
export function useChannel(arn: string, options?: QueryOptions) {
  const store = useIvsStore();
  const interval = options?.refetchInterval;
  const stale = options?.staleTime;
  return useEntry(useMemo(() => store.channels.get$(arn, every(interval, stale)), [store, arn, interval, stale]));
}

/** The channel list (all pages), as an Entry. @example const channels = useChannels({ filterByName: 'studio' }) */
export function useChannels(filter?: ChannelFilter, options?: QueryOptions) {
  const store = useIvsStore();
  const key = JSON.stringify(filter ?? null);
  const interval = options?.refetchInterval;
  const stale = options?.staleTime;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the filter is compared by value (its JSON, `key`)
  return useEntry(useMemo(() => store.channels.list$(filter, every(interval, stale)), [store, key, interval, stale]));
}

/**
 * The stream health of a channel; undefined until first known. Re-renders only on change.
 * @example const health = useStreamHealth(arn); return <Badge live={health?.state === 'LIVE'} />
 */
export function useStreamHealth(channelArn: string, options?: QueryOptions): StreamState | undefined {
  const store = useIvsStore();
  const interval = options?.refetchInterval;
  const stale = options?.staleTime;
  return useObservable(
    useMemo(() => store.streams.health$(channelArn, every(interval, stale)), [store, channelArn, interval, stale]),
    undefined,
  );
}

/** Every live stream, optionally of one health, as an Entry. @example const starving = useLiveStreams('STARVING') */
export function useLiveStreams(health?: StreamHealthState, options?: QueryOptions) {
  const store = useIvsStore();
  const interval = options?.refetchInterval;
  const stale = options?.staleTime;
  return useEntry(
    useMemo(
      () => store.streams.live$(health ? { health } : undefined, every(interval, stale)),
      [store, health, interval, stale],
    ),
  );
}

/** A stage, as an Entry. @example const { data: stage } = useStage(stageArn) */
export function useStage(arn: string, options?: QueryOptions) {
  const store = useIvsStore();
  const interval = options?.refetchInterval;
  const stale = options?.staleTime;
  return useEntry(useMemo(() => store.stages.get$(arn, every(interval, stale)), [store, arn, interval, stale]));
}

/** Who is on a stage's active session, as an Entry. @example useParticipants(arn, { state: 'CONNECTED' }) */
export function useParticipants(stageArn: string, options?: QueryOptions & { state?: 'CONNECTED' | 'DISCONNECTED' }) {
  const store = useIvsStore();
  const interval = options?.refetchInterval;
  const stale = options?.staleTime;
  const state = options?.state;
  return useEntry(
    useMemo(
      () => store.participants.list$(stageArn, { ...every(interval, stale), state }),
      [store, stageArn, interval, stale, state],
    ),
  );
}

/**
 * Calls `onChange` for each participant change on the stage while mounted. With
 * `initial: true`, everyone already on stage at the first read is reported as `joined`.
 * @example useParticipantChanges(stageArn, (c) => c.type === 'joined' && toast(`${c.participant.userId} joined`))
 */
export function useParticipantChanges(
  stageArn: string,
  onChange: (change: ParticipantChange) => void,
  options?: QueryOptions & { initial?: boolean },
): void {
  const store = useIvsStore();
  const latest = useRef(onChange);
  latest.current = onChange;
  const interval = options?.refetchInterval;
  const stale = options?.staleTime;
  const initial = options?.initial;
  useEffect(() => {
    const sub = store.participants
      .changes$(stageArn, { ...every(interval, stale), initial })
      .subscribe((c) => latest.current(c));
    return () => sub.unsubscribe();
  }, [store, stageArn, interval, stale, initial]);
}

/** What useMutation returns: the latest call's state and the functions to call it. */
export type UseMutationResult<A extends unknown[], R> = MutationState<A, R> & MutationFunctions<A, R>;

/**
 * A store mutation with its state, modelled on TanStack Query's useMutation.
 *
 * E.g. `useMutation((s) => s.channels.update, { onError: toast })`. Only the latest call's
 * outcome lands in the state; `options` callbacks run for every call (even after unmount,
 * like TanStack's), those given to `mutateWith` only for the latest call while mounted.
 * The returned functions keep their identity across renders.
 * @example const rename = useMutation((s) => s.channels.update); rename.mutate({ arn, name })
 */
export function useMutation<A extends unknown[], R>(
  pick: (store: IvsStore) => (...args: A) => Promise<R>,
  options?: MutationCallbacks<A, R>,
): UseMutationResult<A, R> {
  const store = useIvsStore();
  const [state, setState] = useState(IDLE as MutationState<A, R>);
  // Latest pick and callbacks and mountedness: one ref, read by stable functions.
  const r = useRef({ pick, options, mounted: false });
  r.current.pick = pick;
  r.current.options = options;
  useEffect(() => {
    // Set here, not at creation: StrictMode unmounts and mounts again.
    const cur = r.current;
    cur.mounted = true;
    return () => {
      cur.mounted = false;
    };
  }, []);
  const fns = useMemo(() => {
    const cur = r.current;
    return mutationFunctions<A, R>({
      method: () => cur.pick(store),
      options: () => cur.options,
      publish: setState,
      alive: () => cur.mounted,
    });
  }, [store]);
  return { ...state, ...fns };
}
