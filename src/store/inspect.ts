import type { Observable } from 'rxjs';
import type { Cache } from '../core/cache.js';
import type { StoreMetrics } from '../core/metrics.js';
import type { Pipeline } from '../core/pipeline.js';
import type { Poller } from '../core/poller.js';
import type { QuotaScheduler } from '../core/scheduler.js';

/**
 * Where a store keeps its parts for inspection (`store[INSPECT]()`), for `ivs-store/devtools`
 * only. `Symbol.for`, so that the ESM and the CommonJS copy of the package find each other's.
 */
export const INSPECT = Symbol.for('ivs-store.inspect');

/**
 * A store's engine as devtools reads it. Handed over as they are: what devtools derives from
 * them (src/devtools/inspection.ts) is its own code, so an app without devtools pays for none of it.
 */
export interface StoreParts {
  cache: Cache;
  /** Each query's poller, with the collection it polls. */
  pollers: ReadonlyArray<[string, Poller]>;
  scheduler: QuotaScheduler;
  pipeline: Pipeline;
  /** The store's `metrics$` (a follower's is its leader's). */
  metrics$: Observable<StoreMetrics>;
  /** False while another tab reads for this store (tabs). */
  reads(): boolean;
}
