import { of } from 'rxjs';
import type { Observable } from 'rxjs';
import { Cache } from '../../src/core/cache.js';
import type { Entry } from '../../src/core/entry.js';
import { invalidInput } from '../../src/core/errors.js';
import { MetricsRecorder } from '../../src/core/metrics.js';
import { Pipeline } from '../../src/core/pipeline.js';
import { QuotaScheduler } from '../../src/core/scheduler.js';
import type { StoreContext } from '../../src/query/context.js';
import { EntityQuery, type EntityDefinition } from '../../src/query/entity-query.js';

/**
 * A StoreContext built by hand for the kit's unit tests: a real Cache, Pipeline,
 * QuotaScheduler (every group not in `quotas` at a quota no test reaches) and MetricsRecorder; always
 * active; same-tick batches; no grace; no retries. `dispose()` runs what the kit registered
 * with `onDispose`, then disposes the engine the way the store does.
 */
export interface TestContext extends StoreContext {
  /** Quota groups the scheduler was asked about, in order of first use. */
  groups: string[];
  dispose(): void;
}

export function testContext(options: { refetchInterval?: number; quotas?: Record<string, number> } = {}): TestContext {
  const groups: string[] = [];
  const scheduler = new QuotaScheduler(options.quotas ?? {}, (group) => {
    groups.push(group);
    return 10_000;
  });
  const metrics = new MetricsRecorder();
  const pipeline = new Pipeline(scheduler, metrics, { retries: 0 });
  const cache = new Cache();
  const disposers: Array<() => void> = [];
  return {
    cache,
    pipeline,
    scheduler,
    metrics,
    groups,
    active$: of(true),
    refetchInterval: options.refetchInterval ?? 60_000,
    batchWindow: 0,
    graceTime: 0,
    retriesFor: () => () => 0,
    onDispose: (fn) => disposers.push(fn),
    onDemand: () => () => Promise.reject(new Error('onDemand is not used by the kit tests')),
    dispose() {
      for (const fn of disposers.splice(0)) fn();
      pipeline.dispose();
      scheduler.dispose();
      cache.dispose();
      metrics.complete();
    },
  };
}

/** A promise and the functions that settle it (for answers a test releases by hand). */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending microtask and a macrotask run (batches flush, answers land). */
export const settle = (ms = 0) => new Promise<void>((r) => setTimeout(r, ms));

/** Subscribes and records every entry; `last()` is the latest, `stop()` unsubscribes. */
export function record<T>(obs: Observable<Entry<T>>) {
  const seen: Array<Entry<T>> = [];
  const sub = obs.subscribe((e) => seen.push(e));
  return { seen, last: () => seen.at(-1) as Entry<T>, stop: () => sub.unsubscribe() };
}

/** An entry reduced to what the tests compare: status, fetching and data. */
export const brief = <T>(e: Entry<T>) => ({ status: e.status, fetching: e.fetching, data: e.data });

/** An SDK-like error with the service's name (how classifyError sees it). */
export const sdkError = (name: string, message = name) =>
  Object.assign(new Error(message), { name, exceptionMessage: message });

/** What a fake read answers for its ids: a value or an Error per id (ids left out are not found). */
export type Answer<T> = Map<string, T | Error> | Promise<Map<string, T | Error>>;

/**
 * An entity kind `things` (operation GetThings, ids starting with `bad` refused) whose read
 * answers from `answer(ids, signal)` in one call through the pipeline; `reads` records the
 * ids of each read.
 */
export function entityKind<T>(
  ctx: StoreContext,
  answer: (ids: string[], signal: AbortSignal) => Answer<T>,
  extra: Partial<EntityDefinition<T>> = {},
) {
  const reads: string[][] = [];
  const query = new EntityQuery<T>(ctx, {
    collection: 'things',
    service: 'test',
    operation: 'GetThings',
    max: 50,
    checkId: (id) => (id.startsWith('bad') ? invalidInput('GetThings', 'id', 'must not start with bad') : undefined),
    read: (ids, call) => {
      reads.push(ids);
      return call('GetThings', async (signal) => answer(ids, signal));
    },
    ...extra,
  });
  return { query, reads };
}
