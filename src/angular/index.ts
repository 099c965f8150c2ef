/**
 * `ivs-store/angular`: an injection token, a provider, and `inject*` functions returning
 * signals (call them in an injection context: a constructor, a field initializer, or
 * `runInInjectionContext`). Every argument is a value, or a function of signals
 * (`() => this.arn()`): when what it reads changes, the subscription switches (an effect);
 * destroying the injection context unsubscribes. The Observables stay usable with `async`.
 *
 * @module ivs-store/angular
 */
import { DestroyRef, computed, effect, inject, signal, untracked, type Signal } from '@angular/core';
import type { Observable, Subscription } from 'rxjs';
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
import { type DataOf, LOADING, shallowEqual, storeOptions, withData } from '../bindings/derived-reads.js';
import { type SkipToken, skipToken } from '../bindings/skip-token.js';
import { injectIvsStore } from './store.js';
import { injectZone } from './zone.js';

export type { MutationCallbacks, MutationFunctions, MutationState, MutationStatus } from '../bindings/mutation.js';
export { skipToken, type SkipToken };
export { IVS_STORE, injectIvsStore, provideIvsStore } from './store.js';
export { injectMutation, type InjectMutationResult } from './inject-mutation.js';

/**
 * A value, or a function read in a reactive context (a signal, `() => this.arn()`): the
 * inject functions follow it, switching their subscription when the signals it reads change.
 * @example
 * const arn: MaybeSignal<string> = () => this.arn(); // or 'arn:aws:ivs:...', or a signal
 */
export type MaybeSignal<T> = T | (() => T);

const read = <T>(v: MaybeSignal<T>): T => (typeof v === 'function' ? (v as () => T)() : v);

/**
 * The latest value of the Observable `open(params)` as a signal, `initial` until it emits.
 * With `reactive`, an effect follows `params` (compared with `equal`): a change ends the old
 * subscription at once and starts the new one; the signal shows `initial` meanwhile, never
 * the previous params' value. Otherwise it subscribes at once and needs no effect.
 */
function bind<P, T>(
  params: () => P | SkipToken,
  reactive: boolean,
  open: (params: P) => Observable<T>,
  initial: T,
  onValue?: (value: T) => void,
  equal: (a: P | SkipToken, b: P | SkipToken) => boolean = Object.is,
): Signal<T> {
  const current = computed(params, { equal });
  const state = signal<{ params: P | SkipToken | undefined; value: T }>({ params: undefined, value: initial });
  let sub: Subscription | undefined;
  const zone = injectZone();
  const switchTo = (p: P | SkipToken) => {
    const old = sub;
    sub = undefined;
    if (old) zone.outside(() => old.unsubscribe());
    state.set({ params: p, value: initial });
    if (p === skipToken) return;
    // Values given while subscribing land where the caller is; later ones in Angular's zone.
    let subscribing = true;
    const deliver = (value: T) => {
      state.set({ params: p, value });
      onValue?.(value);
    };
    sub = zone.outside(() =>
      open(p).subscribe((value) => (subscribing ? deliver(value) : zone.inside(() => deliver(value)))),
    );
    subscribing = false;
  };
  inject(DestroyRef).onDestroy(() => zone.outside(() => sub?.unsubscribe()));
  if (reactive)
    effect(() => {
      const p = current();
      untracked(() => switchTo(p)); // the subscription and its first values track nothing
    });
  else switchTo(untracked(current));
  return computed(() => {
    const s = state();
    return s.params === current() ? s.value : initial;
  });
}

/**
 * An `Entry` Observable, or a function of signals returning one, as a signal (`loading`
 * until it emits); unsubscribed when the injection context is destroyed.
 * @example
 * readonly key = entrySignal(injectIvsStore().streamKeys.get$(KEY_ARN));
 */
export function entrySignal<T>(source: MaybeSignal<Observable<Entry<T>> | undefined>): Signal<Entry<T>> {
  return bind(
    () => read(source) ?? skipToken,
    typeof source === 'function',
    (obs) => obs,
    LOADING as Entry<T>,
  );
}

/**
 * The options of every query `inject*` function (`HookOptions`): the store's, `enabled`
 * and `select`. Give a function of signals to make them follow signals too.
 * @example
 * readonly name = injectChannel(() => this.arn(), { select: (c) => c.name });
 */
export type InjectQueryOptions<T, U = T> = HookOptions<T, U>;

/**
 * An inject function's options (`InjectQueryOptions`, with `X`'s extras), or a function of signals returning them.
 * @inline
 */
type Options<T, U, X = unknown> = MaybeSignal<(InjectQueryOptions<T, U> & X) | undefined>;
type Params<A, X> = { id: A; options: QueryOptions & X };

const sameParams = <A, X>(a: Params<A, X> | SkipToken, b: Params<A, X> | SkipToken) =>
  a === b || (a !== skipToken && b !== skipToken && shallowEqual(a.id, b.id) && shallowEqual(a.options, b.options));

/** The params of a query: its id and the store's options, or skipToken when it reads nothing. */
const paramsOf =
  <A, X>(id: MaybeSignal<A | SkipToken>, options: MaybeSignal<(X & { enabled?: boolean }) | undefined>) =>
  (): Params<A, X> | SkipToken => {
    const a = read(id);
    const o = read(options);
    return a === skipToken || o?.enabled === false
      ? skipToken
      : { id: a, options: storeOptions(o as QueryOptions & X) as QueryOptions & X };
  };

const reactive = (...args: unknown[]) => args.some((a) => typeof a === 'function');

function injectQuery<A, T, U, X>(
  id: MaybeSignal<A | SkipToken>,
  options: Options<T, U, X> | undefined,
  open: (store: IvsStore, id: A, options: QueryOptions & X) => Observable<Entry<T>>,
): Signal<Entry<U>> {
  const store = injectIvsStore();
  const raw = bind<Params<A, X>, Entry<T>>(
    paramsOf(id, options),
    reactive(id, options),
    (p) => open(store, p.id, p.options),
    LOADING as Entry<T>,
    undefined,
    sameParams,
  );
  // Computed signals pass on only a change: `select` runs when the data (kept by identity
  // while unchanged) or a signal it reads changes, not when `fetching` flips.
  const data = computed(() => raw().data);
  const selected = computed(
    () => {
      const d = data();
      const select = read(options)?.select;
      return (d === undefined || !select ? d : select(d)) as U | undefined;
    },
    { equal: shallowEqual },
  );
  return computed(() => withData(raw(), selected()));
}

type Channel = DataOf<IvsStore['channels']['get$']>;
type Channels = DataOf<IvsStore['channels']['list$']>;
type LiveStreams = DataOf<IvsStore['streams']['live$']>;
type Stage = DataOf<IvsStore['stages']['get$']>;
type Participants = DataOf<IvsStore['participants']['list$']>;

/**
 * A channel as a signal, batched with every other channel read of the tick.
 * @example
 * readonly channel = injectChannel(() => this.arn()); // follows the input
 */
export const injectChannel = <U = Channel>(arn: MaybeSignal<string | SkipToken>, options?: Options<Channel, U>) =>
  injectQuery(arn, options, (s, a, o) => s.channels.get$(a, o));

/**
 * Every channel (all pages), or those `filter` picks, as a signal.
 * @example
 * readonly names = injectChannels(() => ({ name: this.search() }), { select: (list) => list.map((c) => c.name) });
 */
export const injectChannels = <U = Channels>(
  filter?: MaybeSignal<ChannelFilter | undefined | SkipToken>,
  options?: Options<Channels, U>,
) => injectQuery(filter, options, (s, f, o) => s.channels.list$(f, o));

/**
 * A channel's stream health as a signal, `undefined` until first known.
 * @example
 * readonly health = injectStreamHealth(() => this.arn());
 */
export function injectStreamHealth(
  channelArn: MaybeSignal<string | SkipToken>,
  options?: MaybeSignal<(QueryOptions & { enabled?: boolean }) | undefined>,
): Signal<StreamState | undefined> {
  const store = injectIvsStore();
  return bind<Params<string, unknown>, StreamState | undefined>(
    paramsOf(channelArn, options),
    reactive(channelArn, options),
    (p) => store.streams.health$(p.id, p.options),
    undefined,
    undefined,
    sameParams,
  );
}

/**
 * The live streams (ListStreams) as a signal, all of them or those of one health.
 * @example
 * readonly starving = injectLiveStreams('STARVING', { select: (list) => list.length });
 */
export const injectLiveStreams = <U = LiveStreams>(
  health?: MaybeSignal<StreamHealthState | undefined | SkipToken>,
  options?: Options<LiveStreams, U>,
) => injectQuery(health, options, (s, h, o) => s.streams.live$(h ? { health: h } : undefined, o));

/**
 * A stage as a signal.
 * @example
 * readonly stage = injectStage(() => this.stageArn());
 */
export const injectStage = <U = Stage>(arn: MaybeSignal<string | SkipToken>, options?: Options<Stage, U>) =>
  injectQuery(arn, options, (s, a, o) => s.stages.get$(a, o));

/**
 * The participants of a stage's active session as a signal.
 * @example
 * readonly people = injectParticipants(() => this.stageArn(), { select: (list) => list.map((p) => p.userId) });
 */
export const injectParticipants = <U = Participants>(
  stageArn: MaybeSignal<string | SkipToken>,
  options?: Options<Participants, U, { state?: ParticipantState }>,
) => injectQuery(stageArn, options, (s, a, o) => s.participants.list$(a, o));

/**
 * The participant changes of a stage (joined, left, published, unpublished) while the
 * injection context lives.
 *
 * `onChange` is called for each, and the signal holds the last
 * one (`undefined` before the first, and again after the stage ARN changes). With
 * `initial: true`, everyone already on stage at the first read is reported as `joined`.
 * @example
 * readonly last = injectParticipantChanges(() => this.stageArn(), (c) => this.log.push(c.type));
 */
export function injectParticipantChanges(
  stageArn: MaybeSignal<string | SkipToken>,
  onChange?: (change: ParticipantChange) => void,
  options?: MaybeSignal<(QueryOptions & { enabled?: boolean; initial?: boolean }) | undefined>,
): Signal<ParticipantChange | undefined> {
  const store = injectIvsStore();
  return bind<Params<string, { initial?: boolean }>, ParticipantChange | undefined>(
    paramsOf(stageArn, options),
    reactive(stageArn, options),
    (p) => store.participants.changes$(p.id, p.options),
    undefined,
    (change) => change && onChange?.(change),
    sameParams,
  );
}
export * from './infinite.js';
