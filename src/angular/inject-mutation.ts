/** `injectMutation` of `ivs-store/angular`: the shared mutation machine with its state in signals. */
import { DestroyRef, computed, inject, signal, type Signal } from '@angular/core';
import type { IvsStore, IvsStoreError } from '../index.js';
import {
  IDLE,
  mutationFunctions,
  type MutationCallbacks,
  type MutationFunctions,
  type MutationState,
  type MutationStatus,
} from '../bindings/mutation.js';
import { injectIvsStore } from './store.js';

/** Signals of the latest call's state, and the functions that start calls. */
export interface InjectMutationResult<A extends unknown[], R> extends MutationFunctions<A, R> {
  /** Where the latest call is: `idle`, `pending`, `success` or `error`. */
  status: Signal<MutationStatus>;
  /** Whether the latest call is in flight (`status === 'pending'`). */
  pending: Signal<boolean>;
  /** Why the latest call failed (`status === 'error'` only). */
  error: Signal<IvsStoreError | undefined>;
  /** What the latest call resolved with (`status === 'success'` only). */
  data: Signal<R | undefined>;
  /** The arguments of the latest call. */
  variables: Signal<A | undefined>;
}

/**
 * A store mutation with its state as signals, modelled on TanStack Query's injectMutation.
 *
 * Call it in an injection context. Only the latest call's outcome lands in the signals, and
 * none once the context is destroyed; `options` callbacks run for every call, those given
 * to `mutateWith` only for the latest call while the context lives.
 *
 * @example
 * readonly rename = injectMutation((s) => s.channels.update, { onError: (e) => this.toast(e.message) });
 * // template: <button [disabled]="rename.pending()" (click)="rename.mutate({ arn, name })">Save</button>
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
