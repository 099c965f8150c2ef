import type { Observable } from 'rxjs';
import type { EntryStatus } from '../core/entry.js';
import type { IvsStoreErrorKind } from '../core/errors.js';
import type { StoreMetrics } from '../core/metrics.js';
import type { SchedulerStats } from '../core/scheduler.js';
import type { IvsStore } from '../index.js';
import type { StoreInternals } from '../store/internals.js';

/** One cache entry as devtools shows it: its state and bookkeeping, never its data. */
export interface InspectedEntry {
  collection: string;
  id: string;
  status: EntryStatus;
  fetching: boolean;
  /** Queries holding the entry (subscribers of one query share it; one per interval and stale time). */
  watchers: number;
  /** When its data last changed, and when it was last read successfully (ms epoch). */
  updatedAt: number | undefined;
  checkedAt: number | undefined;
  /** When this store's poller reads it next (ms epoch; 0 while it is being read); undefined when not polled here now. */
  nextPollAt: number | undefined;
  /** The last read's error, if the entry is in error (messages never hold a Secret). */
  error: { kind: IvsStoreErrorKind; message: string } | undefined;
}

/** A call the store sent (each retry is one), once it settled. */
export interface InspectedCall {
  operation: string;
  resourceId: string | undefined;
  /** When it went out, ms epoch, and how long until its answer. */
  sentAt: number;
  ms: number;
  /** `ok`, or the kind of the error it ended with. */
  outcome: 'ok' | IvsStoreErrorKind;
}

/** One quota group (an operation) of the store's scheduler, now. */
export interface InspectedQuota extends SchedulerStats {
  operation: string;
}

/** What devtools reads of a store: snapshots to read when drawing, and the calls as they settle. */
export interface StoreInspection {
  /** False while another tab reads for this store (tabs): its polls, budget and calls are that tab's. */
  reads(): boolean;
  entries(): InspectedEntry[];
  /** Each quota group used so far: its rate (`tps`), the calls it admitted in the last second and those waiting. */
  quotas(): InspectedQuota[];
  /** `listener` hears of every call that settles from now on; returns how to stop. */
  onCall(listener: (call: InspectedCall) => void): () => void;
  /** The store's own `metrics$` (polls per kind, calls and errors by operation, tabs). */
  metrics$: Observable<StoreMetrics>;
}

/**
 * The key `createIvsStore` keeps a store's parts under (store/internals.ts's INTERNALS, written
 * out: importing it would put it in a chunk of its own that the core entry then loads).
 */
export const INSPECT_KEY = Symbol.for('ivs-store.internals');

const inspections = new WeakMap<object, StoreInspection>();

/** A store's inspection, one per store whatever the number of panels (they share the call tap); undefined for anything else. */
export function inspect(store: IvsStore): StoreInspection | undefined {
  const parts = (store as unknown as Record<symbol, unknown> | null)?.[INSPECT_KEY];
  if (typeof parts !== 'object' || parts === null) return undefined;
  let made = inspections.get(store);
  if (!made) inspections.set(store, (made = inspection(parts as StoreInternals)));
  return made;
}

/** The inspection of one store, over its engine's own objects: nothing is recorded until asked. */
export function inspection({ cache, pollers, scheduler, pipeline, metrics$, reads }: StoreInternals): StoreInspection {
  const listeners = new Set<(call: InspectedCall) => void>();
  return {
    reads,
    metrics$,
    quotas: () => Object.entries(scheduler.stats()).map(([operation, s]) => ({ operation, ...s })),
    entries() {
      const all = new Map<string, InspectedEntry>();
      const at = (collection: string, id: string) => {
        const k = `${collection}\n${id}`;
        let e = all.get(k);
        if (!e) {
          const { status, fetching, updatedAt, error } = cache.get(collection, id);
          all.set(
            k,
            (e = {
              collection,
              id,
              status,
              fetching,
              watchers: 0,
              updatedAt,
              checkedAt: cache.checkedAt(collection, id),
              nextPollAt: undefined,
              error: error && { kind: error.kind, message: error.message },
            }),
          );
        }
        return e;
      };
      for (const [collection, id] of cache.entries()) at(collection, id);
      for (const [collection, poller] of pollers)
        for (const [id, [watchers, next]] of poller.peek()) {
          const e = at(collection, id);
          e.watchers += watchers;
          if (next !== undefined) e.nextPollAt = Math.min(e.nextPollAt ?? next, next);
        }
      return [...all.values()];
    },
    onCall(listener) {
      listeners.add(listener);
      pipeline.tap = (req, sentAt, error) => {
        const call: InspectedCall = {
          operation: req.operation,
          resourceId: req.resourceId,
          sentAt,
          ms: Date.now() - sentAt,
          outcome: error ? error.kind : 'ok',
        };
        for (const l of listeners) l(call);
      };
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) pipeline.tap = undefined;
      };
    },
  };
}
