import { useEffect, useMemo, useRef, useState } from 'react';
import type { IvsStore } from '../index.js';
import {
  IDLE,
  mutationFunctions,
  type MutationCallbacks,
  type MutationFunctions,
  type MutationState,
} from '../bindings/mutation.js';
import { useIvsStore } from './context.js';

/** What `useMutation` returns: the latest call's state and the functions that start calls. */
export type UseMutationResult<A extends unknown[], R> = MutationState<A, R> & MutationFunctions<A, R>;

/**
 * A store mutation with its state, modelled on TanStack Query's useMutation.
 *
 * Only the latest call's outcome lands in the state; `options` callbacks run for every call
 * (even after unmount, like TanStack's), those given to `mutateWith` only for the latest
 * call while mounted. The returned functions keep their identity across renders.
 *
 * @example
 * const rename = useMutation((s) => s.channels.update, { onError: (e) => toast(e.message) });
 * const onSave = () => rename.mutate({ arn, name });
 * // <button disabled={rename.pending} onClick={onSave}>Save</button>
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
