/**
 * The mutation state machine behind `useMutation` (React, Vue) and `injectMutation`
 * (Angular), modelled on TanStack Query's: each binding only keeps the state in its own
 * reactive primitive. Shared by the binding entry points, never imported by the core.
 */
import { isIvsStoreError, IvsStoreError } from '../index.js';

/** Where a mutation is: not called yet, in flight, or settled. */
export type MutationStatus = 'idle' | 'pending' | 'success' | 'error';

/**
 * A mutation's state, a union on `status` (as TanStack Query's): `status === 'error'` narrows `error`.
 * `pending` mirrors `status === 'pending'`; `variables` are the latest call's arguments.
 */
export type MutationState<A extends unknown[], R> =
  | {
      /** Not called yet (or `reset()`). */
      status: 'idle';
      /** Not in flight. */
      pending: false;
      /** Nothing yet. */
      data: undefined;
      /** No error. */
      error: undefined;
      /** No call yet. */
      variables: undefined;
    }
  | {
      /** The latest call is in flight. */
      status: 'pending';
      /** In flight. */
      pending: true;
      /** Not settled yet. */
      data: undefined;
      /** No error yet. */
      error: undefined;
      /** The arguments of the call in flight. */
      variables: A;
    }
  | {
      /** The latest call succeeded. */
      status: 'success';
      /** Settled. */
      pending: false;
      /** What the call resolved with. */
      data: R;
      /** No error. */
      error: undefined;
      /** The arguments of that call. */
      variables: A;
    }
  | {
      /** The latest call failed. */
      status: 'error';
      /** Settled. */
      pending: false;
      /** Nothing: it failed. */
      data: undefined;
      /** Why it failed. */
      error: IvsStoreError;
      /** The arguments of that call. */
      variables: A;
    };

/** `variables` is the arguments of the call, as a tuple. */
export interface MutationCallbacks<A extends unknown[], R> {
  /** After a call succeeds, with what it resolved with. */
  onSuccess?: (data: R, variables: A) => void;
  /** After a call fails, with its IvsStoreError. */
  onError?: (error: IvsStoreError, variables: A) => void;
  /** After either, once the call settles. */
  onSettled?: (data: R | undefined, error: IvsStoreError | undefined, variables: A) => void;
}

/** The functions of a mutation hook; each keeps its identity for the component's life. */
export interface MutationFunctions<A extends unknown[], R> {
  /**
   * Runs the mutation; never rejects: the outcome goes to the state and the callbacks.
   * @example rename.mutate({ arn, name: 'studio-2' })
   */
  mutate: (...args: A) => void;
  /**
   * `mutate` with callbacks for this call only (TanStack's `mutate(variables, callbacks)`).
   * @example rename.mutateWith([{ arn, name }], { onSuccess: () => close() })
   */
  mutateWith: (args: A, callbacks: MutationCallbacks<A, R>) => void;
  /**
   * Runs the mutation and returns its promise, which rejects with the IvsStoreError.
   * @example const channel = await rename.mutateAsync({ arn, name })
   */
  mutateAsync: (...args: A) => Promise<R>;
  /**
   * Back to `idle`; calls still in flight no longer land in the state.
   * @example rename.reset()
   */
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
