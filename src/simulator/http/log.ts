import type { Service } from '../operations/types.js';

/** One request as the simulator saw it. */
export interface RequestLogEntry {
  /** 1, 2, 3, ... in arrival order. */
  seq: number;
  /** Arrival time, ms since epoch (wall clock). */
  time: number;
  /** Which service the request was for, or undefined when it matched no route. */
  service: Service | undefined;
  /** Operation name, or undefined when the request matched no route. */
  operation: string | undefined;
  /** HTTP status sent; 0 when none was: the connection was dropped by fault injection, or the client left before its request was whole. */
  status: number;
  /** Error name sent in `x-amzn-ErrorType`, if any. */
  errorName: string | undefined;
  /** The main resource the call named (`arn`, `channelArn`, `stageArn`, `resourceArn`). */
  resource: string | undefined;
  /** For batch operations: how many keys the call carried. */
  keys: number | undefined;
  /** How long the request took, ms, from arrival to the last byte sent. */
  durationMs: number;
}

/** Which requests `control.requests` and `control.countRequests` count; every field given must match. */
export interface RequestFilter {
  /** Only requests of this operation, e.g. `'BatchGetChannel'`. */
  operation?: string;
  /** Only requests to this service. */
  service?: Service;
  /** Only requests that got this status. */
  status?: number;
}

/** Bounded, newest-last log of requests, for tests that count calls. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly limit: number) {}

  nextSeq(): number {
    return ++this.seq;
  }

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  list(filter: RequestFilter = {}): RequestLogEntry[] {
    return this.entries
      .filter(
        (e) =>
          (filter.operation === undefined || e.operation === filter.operation) &&
          (filter.service === undefined || e.service === filter.service) &&
          (filter.status === undefined || e.status === filter.status),
      )
      .map((e) => ({ ...e }));
  }

  count(filter: RequestFilter = {}): number {
    return this.list(filter).length;
  }

  clear(): void {
    this.entries = [];
  }
}
