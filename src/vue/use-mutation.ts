/** `useMutation` of `ivs-store/vue`: the shared mutation machine with its state in refs. */
import { getCurrentScope, onScopeDispose, shallowRef, toRef, type Ref } from 'vue';
import type { IvsStore, IvsStoreError } from '../index.js';
import {
  IDLE,
  mutationFunctions,
  type MutationCallbacks,
  type MutationFunctions,
  type MutationState,
  type MutationStatus,
} from '../bindings/mutation.js';
import { useIvsStore } from './store.js';

/** Readonly refs of the latest call's state, and the functions that start calls. */
export interface UseMutationReturn<A extends unknown[], R> extends MutationFunctions<A, R> {
  /** Where the latest call is: `idle`, `pending`, `success` or `error`. */
  status: Readonly<Ref<MutationStatus>>;
  /** Whether the latest call is in flight (`status === 'pending'`). */
  pending: Readonly<Ref<boolean>>;
  /** Why the latest call failed (`status === 'error'` only). */
  error: Readonly<Ref<IvsStoreError | undefined>>;
  /** What the latest call resolved with (`status === 'success'` only). */
  data: Readonly<Ref<R | undefined>>;
  /** The arguments of the latest call. */
  variables: Readonly<Ref<A | undefined>>;
}

/**
 * A store mutation with its state as refs, modelled on TanStack Query's useMutation.
 *
 * Only the latest call's outcome lands in the refs, and none after the scope is disposed;
 * `options` callbacks run for every call, those given to `mutateWith` only for the latest
 * call while the scope lives.
 *
 * @example
 * const rename = useMutation((s) => s.channels.update, { onError: (e) => toast(e.message) });
 * // template: <button :disabled="rename.pending.value" @click="rename.mutate({ arn, name })">Save</button>
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
