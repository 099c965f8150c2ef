import { BehaviorSubject, type Observable } from 'rxjs';

/** What the store has done, for dashboards of the dashboard and for tests. */
export interface StoreMetrics {
  /** Calls sent, by operation (each retry counts). */
  calls: Readonly<Record<string, number>>;
  /** Calls that failed, by operation. */
  errors: Readonly<Record<string, number>>;
  /** Retries the store made. */
  retries: number;
  /** Calls answered with throttling. */
  throttles: number;
  /** Per-key reads asked for. */
  keysRequested: number;
  /** Keys actually sent in batch reads (fewer than asked for: duplicates and cached ones collapse). */
  keysSent: number;
  /** Batch reads sent (each carried some of `keysSent`; a retry is another call, not another batch). */
  batches: number;
  /** Per polled kind: the interval subscribers asked for and the one the quotas allow. */
  polling: Readonly<
    Record<
      string,
      {
        /** The lowest interval a subscriber asked for, ms. */
        requestedMs: number;
        /** The interval the quotas allow, ms (longer than asked when they stretch it). */
        effectiveMs: number;
        /** How many entries of the kind are watched. */
        watched: number;
      }
    >
  >;
  /**
   * With tabs sharing one poller (the `tabs` option): this store's role and the group's size.
   * A follower's other figures are the leader's: the calls and budget of the whole group.
   */
  tabs?: {
    /** `pending` until the election answers, then `leader` (reads for all) or `follower`. */
    role: 'pending' | 'leader' | 'follower';
    /** Stores in the group, this one included. */
    members: number;
  };
  /** With an event feed (the `events` option): what came in and what the store did with it. */
  events?: EventMetrics;
  /**
   * In relay mode (`createIvsStore({ relay })`): this page's connection to the relay. The
   * other figures are then the relay's store's (shared by everyone it serves).
   */
  relay?: RelayClientMetrics;
}

/** The connection to the relay, in `metrics$` of a relay-mode store. */
export interface RelayClientMetrics {
  /** `connecting` (first time or again), `open` (welcomed), or `closed` (disposed, or refused for good). */
  status: 'connecting' | 'open' | 'closed';
  /** Reconnections so far (welcomed again after a lost socket). */
  reconnects: number;
  /** Of the reconnections, those that picked up the session where it was (the relay replayed what was missed). */
  resumed: number;
  /** Why the socket last closed, if it did. */
  lastClose?:
    | {
        /** The close code: 4401 token refused, 4400 malformed, 4429 rate limited, 1001 going away… */
        code: number;
        /** The reason text the relay gave. */
        reason: string;
      }
    | undefined;
}

/** An event feed's counters; every event received is counted once under one outcome. */
export interface EventMetrics {
  /** Something arrived within `quietAfter` and the feed has not failed: covered kinds poll at the safety interval. */
  healthy: boolean;
  /** Events received (heartbeats are not events). */
  received: number;
  /** Events written into entries the store holds (changing them or not) or asking for a confirming read. */
  applied: number;
  /** Events already seen (same id): best-effort delivery may repeat one. */
  duplicates: number;
  /** Events older than what the store holds (a later read or event): they change nothing. */
  stale: number;
  /** Events about nothing the store holds, or of a kind it does not read. */
  unused: number;
  /** Events from another source, account or region. */
  foreign: number;
  /** Items that are not an event in AWS's envelope. */
  malformed: number;
  /** Times the feed failed (errored or ended); it is subscribed again. */
  failures: number;
  /** When something last arrived (ms epoch), event or heartbeat. */
  lastAt: number | undefined;
}

/** Nothing done yet: what `metrics$` starts with. */
export const EMPTY_METRICS: StoreMetrics = {
  calls: {},
  errors: {},
  retries: 0,
  throttles: 0,
  keysRequested: 0,
  keysSent: 0,
  batches: 0,
  polling: {},
};

/** Collects counters; `metrics$` emits an immutable snapshot after each change. */
export class MetricsRecorder {
  private readonly subject = new BehaviorSubject<StoreMetrics>(EMPTY_METRICS);
  readonly metrics$: Observable<StoreMetrics> = this.subject.asObservable();

  get snapshot(): StoreMetrics {
    return this.subject.value;
  }

  call(operation: string): void {
    const m = this.subject.value;
    this.subject.next({ ...m, calls: { ...m.calls, [operation]: (m.calls[operation] ?? 0) + 1 } });
  }

  error(operation: string, throttled: boolean): void {
    const m = this.subject.value;
    this.subject.next({
      ...m,
      errors: { ...m.errors, [operation]: (m.errors[operation] ?? 0) + 1 },
      throttles: m.throttles + (throttled ? 1 : 0),
    });
  }

  retry(): void {
    const m = this.subject.value;
    this.subject.next({ ...m, retries: m.retries + 1 });
  }

  batch(requested: number, sent: number): void {
    const m = this.subject.value;
    this.subject.next({
      ...m,
      keysRequested: m.keysRequested + requested,
      keysSent: m.keysSent + sent,
      batches: m.batches + 1,
    });
  }

  polling(kind: string, value: { requestedMs: number; effectiveMs: number; watched: number } | undefined): void {
    const m = this.subject.value;
    const current = m.polling[kind];
    if (
      current &&
      value &&
      current.requestedMs === value.requestedMs &&
      current.effectiveMs === value.effectiveMs &&
      current.watched === value.watched
    )
      return;
    const { [kind]: _removed, ...rest } = m.polling;
    this.subject.next({ ...m, polling: value ? { ...rest, [kind]: value } : rest });
  }

  events(value: EventMetrics): void {
    this.subject.next({ ...this.subject.value, events: value });
  }

  complete(): void {
    this.subject.complete();
  }
}
