import { notFound } from '../operations/errors.js';
import { WorldEvents } from './events.js';
import { Rng } from './rng.js';
import { createIvsState, type IvsState } from './ivs-state.js';
import { createRealtimeState, type RealtimeState } from './realtime-state.js';

/** How long the simulated service takes for things that are not instant. */
export interface SimTimings {
  /** Composition STARTING -> ACTIVE. Default 2000 ms. */
  compositionStartMs: number;
  /** Composition STOPPING -> STOPPED. Default 1000 ms. */
  compositionStopMs: number;
  /** An ACTIVE composition stops by itself this long after its stage empties. Default 60000 ms. */
  compositionIdleStopMs: number;
}

export const DEFAULT_TIMINGS: SimTimings = {
  compositionStartMs: 2_000,
  compositionStopMs: 1_000,
  compositionIdleStopMs: 60_000,
};

export interface WorldOptions {
  region: string;
  accountId: string;
  seed: number;
  clock: () => number;
  timings: SimTimings;
}

/**
 * Everything the simulated account holds. Per-service state lives in `ivs` and
 * `realtime`; what both services share (ids, clock, tags, the set of live ARNs) is here.
 * Handlers and control moves read and write it directly; it never does I/O.
 */
export class World {
  readonly region: string;
  readonly accountId: string;
  readonly rng: Rng;
  readonly timings: SimTimings;
  readonly ivs: IvsState;
  readonly realtime: RealtimeState;
  /** Where state changes become EventBridge events (see events.ts). */
  readonly events: WorldEvents;
  /** Tags of every taggable resource, by ARN (present from creation to deletion). */
  readonly tags = new Map<string, Record<string, string>>();
  private readonly clock: () => number;
  private seqCounter = 0;

  constructor(opts: WorldOptions) {
    this.region = opts.region;
    this.accountId = opts.accountId;
    this.rng = new Rng(opts.seed);
    this.clock = opts.clock;
    this.timings = opts.timings;
    this.ivs = createIvsState();
    this.realtime = createRealtimeState();
    this.events = new WorldEvents(opts.seed, opts.accountId, opts.region);
  }

  now(): number {
    return this.clock();
  }

  nowDate(): Date {
    return new Date(this.clock());
  }

  /** ISO-8601, as timestamps travel on the wire. */
  nowIso(): string {
    return new Date(this.clock()).toISOString();
  }

  /** A creation sequence number: orders lists and backs pagination tokens. */
  nextSeq(): number {
    return ++this.seqCounter;
  }

  /** A fresh resource id, 12 alphanumerics like the real service's. */
  newId(length = 12): string {
    return this.rng.chars(length);
  }

  arn(type: string, id: string = this.newId()): string {
    return `arn:aws:ivs:${this.region}:${this.accountId}:${type}/${id}`;
  }

  /** Start tracking a taggable resource's tags (at creation). */
  registerTags(arn: string, tags: Record<string, string> | undefined): Record<string, string> {
    const copy = { ...(tags ?? {}) };
    this.tags.set(arn, copy);
    return copy;
  }

  /** Stop tracking a resource's tags (at deletion). */
  forgetTags(arn: string): void {
    this.tags.delete(arn);
  }

  tagsOf(arn: string): Record<string, string> {
    const t = this.tags.get(arn);
    if (!t) throw notFound('Resource', arn);
    return { ...t };
  }
}
