/**
 * `ivs-store/angular`: an injection token, a provider, and signal helpers built on
 * `toSignal` (call them in an injection context: a constructor, a field initializer, or
 * `runInInjectionContext`). The Observables stay usable with the `async` pipe.
 *
 * @module ivs-store/angular
 */
import {
  DestroyRef,
  InjectionToken,
  computed,
  inject,
  makeEnvironmentProviders,
  signal,
  type EnvironmentProviders,
  type Signal,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import type { Observable } from 'rxjs';
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
 * One token for every copy of this module, kept on globalThis under a registry symbol: an
 * app that loads both our ESM and our CJS build (the dual-package hazard) would otherwise
 * provide the store under one token and look it up under another.
 */
const TOKEN = Symbol.for('ivs-store.angular-token');
const slot = globalThis as { [TOKEN]?: InjectionToken<IvsStore> };
/** The injection token of the store (what `provideIvsStore` provides and `injectIvsStore` injects). */
export const IVS_STORE: InjectionToken<IvsStore> = (slot[TOKEN] ??= new InjectionToken<IvsStore>('ivs-store'));

/**
 * Provides a store; one made by a factory is disposed with its injector.
 * @example bootstrapApplication(App, { providers: [provideIvsStore(() => createIvsStore({ ivs }))] })
 */
export function provideIvsStore(store: IvsStore | (() => IvsStore)): EnvironmentProviders {
  return makeEnvironmentProviders([
    {
      provide: IVS_STORE,
      useFactory: () => {
        if (typeof store !== 'function') return store;
        const made = store();
        inject(DestroyRef).onDestroy(() => made.dispose());
        return made;
      },
    },
  ]);
}

/**
 * The provided store, in an injection context.
 * @example private readonly store = injectIvsStore();
 */
export function injectIvsStore(): IvsStore {
  return inject(IVS_STORE);
}

const LOADING: Entry<never> = Object.freeze({
  status: 'loading',
  data: undefined,
  error: undefined,
  updatedAt: undefined,
  fetching: false,
});

/**
 * An `Entry` Observable as a signal, unsubscribed when the injection context is destroyed.
 * @example readonly key = entrySignal(injectIvsStore().streamKeys.get$(this.keyArn));
 */
export function entrySignal<T>(obs: Observable<Entry<T>>): Signal<Entry<T>> {
  return toSignal(obs, { initialValue: LOADING as Entry<T> });
}

/**
 * A channel, as a signal of its Entry.
 * @example readonly channel = injectChannel(this.arn);
 */
export const injectChannel = (arn: string, options?: QueryOptions) =>
  entrySignal(injectIvsStore().channels.get$(arn, options));
/**
 * The channel list (all pages), as a signal of its Entry.
 * @example readonly channels = injectChannels({ filterByName: 'studio' });
 */
export const injectChannels = (filter?: ChannelFilter, options?: QueryOptions) =>
  entrySignal(injectIvsStore().channels.list$(filter, options));
/**
 * The stream health of a channel, `undefined` until first known.
 * @example readonly health = injectStreamHealth(this.channelArn);
 */
export const injectStreamHealth = (channelArn: string, options?: QueryOptions): Signal<StreamState | undefined> =>
  toSignal(injectIvsStore().streams.health$(channelArn, options), { initialValue: undefined });
/**
 * A stage, as a signal of its Entry.
 * @example readonly stage = injectStage(this.stageArn);
 */
export const injectStage = (arn: string, options?: QueryOptions) =>
  entrySignal(injectIvsStore().stages.get$(arn, options));
/**
 * Who is on a stage's active session, as a signal of its Entry.
 * @example readonly participants = injectParticipants(this.stageArn);
 */
export const injectParticipants = (stageArn: string, options?: QueryOptions) =>
  entrySignal(injectIvsStore().participants.list$(stageArn, options));

/** Signals of the latest call's state, and the functions that start calls. */
export interface InjectMutationResult<A extends unknown[], R> extends MutationFunctions<A, R> {
  /** Where the latest call is. */
  status: Signal<MutationStatus>;
  /** Whether the latest call is in flight. */
  pending: Signal<boolean>;
  /** Why the latest call failed. */
  error: Signal<IvsStoreError | undefined>;
  /** What the latest call resolved with. */
  data: Signal<R | undefined>;
  /** The arguments of the latest call. */
  variables: Signal<A | undefined>;
}

/**
 * A store mutation with its state as signals, modelled on TanStack Query's injectMutation.
 *
 * E.g. `injectMutation((s) => s.channels.update, { onError: toast })`, in an injection
 * context. Only the latest call's outcome lands in the signals, and none once the context
 * is destroyed; `options` callbacks run for every call, those given to `mutateWith` only
 * for the latest call while the context lives.
 * @example readonly rename = injectMutation((s) => s.channels.update); // this.rename.mutate({ arn, name })
 */
export function injectMutation<A extends unknown[], R>(
  pick: (store: IvsStore) => (...args: A) => Promise<R>,
  options?: MutationCallbacks<A, R>,
): InjectMutationResult<A, R> {
  const store = injectIvsStore();
  // One signal holds the whole state so the fields never disagree.
  const state = signal<MutationState<A, R>>(IDLE);
  let alive = true;
  inject(DestroyRef).onDestroy(() => (alive = false));
  const fns = mutationFunctions<A, R>({
    method: () => pick(store),
    options: () => options,
    publish: (next) => state.set(next),
    alive: () => alive,
  });
  return {
    status: computed(() => state().status),
    pending: computed(() => state().pending),
    error: computed(() => state().error),
    data: computed(() => state().data),
    variables: computed(() => state().variables),
    ...fns,
  };
}
