import type { Observable } from 'rxjs';
import type { Cache } from '../core/cache.js';
import type { StoreMetrics } from '../core/metrics.js';
import type { Pipeline } from '../core/pipeline.js';
import type { Poller } from '../core/poller.js';
import type { QuotaScheduler } from '../core/scheduler.js';
import { invalidInput } from '../core/errors.js';

/**
 * What the store's own functions outside the store object (`dehydrate`, `hydrate`,
 * `ivs-store/devtools`) reach, its engine's own objects as they are:
 * kept under a registry symbol, not enumerable, so it is no part of the store's API and an
 * ESM and a CJS copy of the package in one process (the dual-package hazard) still find it.
 */
export const INTERNALS = Symbol.for('ivs-store.internals');

/** A resource API's code: whether it is there, and how to wait for it (lazy-resource.ts). */
export const CODE = Symbol.for('ivs-store.code');

export interface ResourceCode {
  loaded: boolean;
  ready(): Promise<unknown>;
}

export interface StoreInternals {
  cache: Cache;
  /** The resource APIs by name, as the store built them (before any tab forwarding). */
  resources: Record<string, object>;
  /** Each query's poller, with the collection it polls. */
  pollers: ReadonlyArray<[string, Poller]>;
  scheduler: QuotaScheduler;
  pipeline: Pipeline;
  /** The store's `metrics$` (a follower's is its leader's). */
  metrics$: Observable<StoreMetrics>;
  /** False while another tab reads for this store (tabs). */
  reads(): boolean;
}

/** The internals of a store made by `createIvsStore`, or undefined for anything else. */
export function internalsOf(store: unknown): StoreInternals | undefined {
  return typeof store === 'object' && store !== null
    ? (store as { [INTERNALS]?: StoreInternals })[INTERNALS]
    : undefined;
}

/** The code of one resource API, or undefined when it cannot be had (no client for it). */
export const codeOf = (api: object | undefined): ResourceCode | undefined =>
  (api as { [CODE]?: ResourceCode } | undefined)?.[CODE];

/** The internals of `store`, or a validation error naming `operation`'s `store` argument. */
export function storeOf(store: unknown, operation: string): StoreInternals {
  const internals = internalsOf(store);
  if (!internals) throw invalidInput(operation, 'store', 'must be a store made by createIvsStore');
  return internals;
}
