import type { Observable } from 'rxjs';
import type { Cache } from '../core/cache.js';
import type { MetricsRecorder } from '../core/metrics.js';
import type { Pipeline } from '../core/pipeline.js';
import type { Poller } from '../core/poller.js';
import type { QuotaScheduler } from '../core/scheduler.js';
import type { ListContext } from './list-source.js';
import type { PushRegistry } from './push/rules.js';

/** What every query and resource of one store shares: the engine, and the store's options. */
export interface StoreContext extends ListContext {
  cache: Cache;
  pipeline: Pipeline;
  scheduler: QuotaScheduler;
  metrics: MetricsRecorder;
  active$: Observable<boolean>;
  /** Default polling interval of queries, ms. */
  refetchInterval: number;
  /** Batch window, ms (0: same tick). */
  batchWindow: number;
  /** Keep polling this long after the last unsubscribe, ms. */
  graceTime: number;
  /** Retries for calls of a client (0 when the client retries by itself). */
  retriesFor(service: string): () => number | undefined;
  /**
   * False while another store reads for this one (a tab following the tab that leads):
   * nothing is read here then, entries come from that store. Absent: always reads.
   */
  reads?: () => boolean;
  /** Where resources hand their event apply rules; only on stores given an event feed. */
  push?: PushRegistry;
  /** Where each query hands its collection's poller, for the store's inspection (devtools). */
  pollers?: Array<[collection: string, poller: Poller]>;
  /** Release everything on dispose. */
  onDispose(fn: () => void): void;
  /**
   * Code loaded on first use (a dynamic import, a chunk of its own), then built on this
   * store: one load whatever the number of calls; a failed load is an IvsStoreError of
   * kind `network` and the next call tries again; nothing is built after dispose.
   */
  onDemand<M, R>(name: string, importModule: () => Promise<M>, build: (m: M) => R): () => Promise<R>;
}
