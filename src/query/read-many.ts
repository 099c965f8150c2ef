/** The shape of an entity kind's read, as `EntityQuery` calls it and the read shapes (reads.ts, sweep.ts) implement it. */
import type { Poller } from '../core/poller.js';
import type { Priority } from '../core/scheduler.js';

/** Sends one call through the pipeline, with the priority and signal of the read it serves. */
export type Caller = <O>(
  operation: string,
  send: (signal: AbortSignal) => Promise<O>,
  /** `group`: the quota group, when not the operation's own (operations two services share). */
  options?: { resourceId?: string | undefined; dedupeKey?: string; group?: string | undefined },
) => Promise<O>;

/**
 * What a read is, beside `call`, for one that may take a list read the store shares
 * (list-source.ts) instead of calling: its priority and signal; the poller of its ids
 * (their intervals: how old a read a background read of them may take); and `dated(seq)`,
 * which dates the answers by the sequence that read was sent at. The entity query always
 * gives it; a read used elsewhere (a batch of mutations) may not.
 */
export interface ReadContext {
  priority: Priority;
  signal: AbortSignal | undefined;
  poller: Pick<Poller, 'intervalOf'>;
  dated(seq: number): void;
}

/**
 * Reads ids gathered in one tick, mapping answers back by id: a value, or the id's own
 * error. An id left out is not found. It may make one call or several (a batch get, a list
 * sweep, one get per id), always through `call`, so each counts against its own quota, or
 * take a shared list read (dated through `read`).
 */
export type ReadMany<T> = (ids: string[], call: Caller, read?: ReadContext) => Promise<Map<string, T | Error>>;
