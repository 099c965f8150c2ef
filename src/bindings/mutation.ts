/**
 * The mutation state machine behind `useMutation` (React, Vue) and `injectMutation`
 * (Angular), modelled on TanStack Query's: each binding only keeps the state in its own
 * reactive primitive. Shared by the binding entry points, never imported by the core.
 */
import { isIvsStoreError, IvsStoreError } from '../index.js';

export type MutationStatus = 'idle' | 'pending' | 'success' | 'error';

/** A mutation's state, a union on `status` (as TanStack Query's): `status === 'error'` narrows `error`. */
export type MutationState<A extends unknown[], R> =
  | { status: 'idle'; pending: false; data: undefined; error: undefined; variables: undefined }
  | { status: 'pending'; pending: true; data: undefined; error: undefined; variables: A }
  | { status: 'success'; pending: false; data: R; error: undefined; variables: A }
  | { status: 'error'; pending: false; data: undefined; error: IvsStoreError; variables: A };

/** `variables` is the arguments of the call, as a tuple. */
export interface MutationCallbacks<A extends unknown[], R> {
  onSuccess?: (data: R, variables: A) => void;
  onError?: (error: IvsStoreError, variables: A) => void;
  onSettled?: (data: R | undefined, error: IvsStoreError | undefined, variables: A) => void;
}

export interface MutationFunctions<A extends unknown[], R> {
  /** Runs the mutation; never rejects: the outcome goes to the state and the callbacks. */
  mutate: (...args: A) => void;
  /** `mutate` with callbacks for this call only (TanStack's `mutate(variables, callbacks)`). */
  mutateWith: (args: A, callbacks: MutationCallbacks<A, R>) => void;
  /** Runs the mutation and returns its promise, which rejects with the IvsStoreError. */
  mutateAsync: (...args: A) => Promise<R>;
  /** Back to `idle`; calls still in flight no longer land in the state. */
  reset: () => void;
}

/** A state object; `pending` mirrors `status` so a template can test one boolean. */
const make = <A extends unknown[], R>(status: MutationStatus, variables?: A, data?: R, error?: IvsStoreError) =>
  ({ status, pending: status === 'pending', data, error, variables }) as MutationState<A, R>;

export const IDLE = make('idle') as Extract<MutationState<[], never>, { status: 'idle' }>;

/** Whatever a mutation threw, as an IvsStoreError (by brand, so one from another copy of the library counts). */
const asError = (e: unknown): IvsStoreError =>
  isIvsStoreError(e)
    ? e
    : new IvsStoreError({ kind: 'unknown', message: String((e as Error | undefined)?.message ?? e), cause: e });

/** What a binding gives the machine: read at each call, so the latest props are used. */
export interface MutationHost<A extends unknown[], R> {
  /** The store method to call (the latest `pick`, applied to the store). */
  method(): (...args: A) => Promise<R>;
  /** Callbacks for every call (the hook's options). */
  options(): MutationCallbacks<A, R> | undefined;
  /** Puts a new state where the framework renders it. */
  publish(state: MutationState<A, R>): void;
  /** Whether the component (scope, injector) is still there. */
  alive(): boolean;
}

/**
 * The functions of a mutation. Only the latest call's outcome is published, and none once
 * the host is gone; `options` callbacks run for every call (even after unmount, like
 * TanStack's), those given to `mutateWith` only for the latest call while the host lives.
 */
export function mutationFunctions<A extends unknown[], R>(host: MutationHost<A, R>): MutationFunctions<A, R> {
  let seq = 0;
  const set = (id: number, next: MutationState<A, R>) => {
    if (id === seq && host.alive()) host.publish(next);
  };
  const run = (args: A, own?: MutationCallbacks<A, R>): Promise<R> => {
    const id = ++seq;
    const hook = host.options();
    set(id, make<A, R>('pending', args));
    // Async, so a mutation that throws synchronously rejects like any other.
    const result = (async () => host.method()(...args))().catch((e: unknown) => {
      throw asError(e);
    });
    const settle = (data?: R, error?: IvsStoreError) => {
      set(id, make<A, R>(error ? 'error' : 'success', args, data, error));
      for (const c of [hook, id === seq && host.alive() && own]) {
        if (!c) continue;
        if (error) c.onError?.(error, args);
        else c.onSuccess?.(data as R, args);
        c.onSettled?.(data, error, args);
      }
    };
    // A branch of its own: a callback that throws is reported as unhandled, and neither
    // changes the outcome nor is swallowed by mutate().
    void result.then(
      (data) => settle(data),
      (error: IvsStoreError) => settle(undefined, error),
    );
    return result;
  };
  const quiet = (p: Promise<R>) => void p.catch(() => undefined);
  return {
    mutate: (...args) => quiet(run(args)),
    mutateWith: (args, callbacks) => quiet(run(args, callbacks)),
    mutateAsync: (...args) => run(args),
    reset: () => set(++seq, IDLE),
  };
}
