import { from, type Observable, type Subscription } from 'rxjs';
import { seqAt } from '../../core/cache-writer.js';
import type { NewsOutcome } from '../../core/cache-writer.js';
import type { EventMetrics, MetricsRecorder } from '../../core/metrics.js';
import { checkEvent, type Checked } from './check-event.js';
import { outcomeOf, type RuleSet } from './rules.js';
import type { EventFeed, EventFeedItem } from './types.js';

export interface FeedInit {
  source: EventFeed;
  safetyInterval: number;
  quietAfter: number;
  /** Kinds (as named in RuleSet.covers) polled at the safety interval while healthy. */
  covers: ReadonlySet<string>;
  account: string | undefined;
  /** The store's region, once known: events of another are foreign. */
  region: () => string | undefined;
  /** The server's clock minus this machine's, ms (the SDK's `systemClockOffset`). */
  clockOffset: () => number;
  /** True while this store reads for itself: only then is the feed subscribed. */
  reads$: Observable<boolean>;
  metrics: MetricsRecorder;
  now?: () => number;
}

/** Ids remembered to drop repeated deliveries: AWS retries an event for hours, not forever. */
const REMEMBERED = 10_000;
/** Events no rules knew, kept for rules still loading: at most this many, this long (ms). */
const UNUSED_KEPT = 100;
const UNUSED_MS = 30_000;
/** Subscribing again after a failure: 1 s, doubling to 30 s. */
const RETRY_MS = 1000;
const RETRY_MAX_MS = 30_000;

const EMPTY: EventMetrics = {
  healthy: false,
  received: 0,
  applied: 0,
  duplicates: 0,
  stale: 0,
  unused: 0,
  foreign: 0,
  malformed: 0,
  failures: 0,
  lastAt: undefined,
};

/**
 * The store's event feed: subscribed while the store reads for itself, every item checked,
 * each event applied once by the rules of the resources loaded, and its health kept:
 * healthy while something arrived within `quietAfter` and the source has not failed. While
 * healthy, the kinds it covers poll at the safety interval; the moment it is not, they go
 * back to their own intervals. A source that fails or ends is subscribed again, backing off.
 */
export class EventFeedReader {
  private readonly sets: RuleSet[] = [];
  private readonly seen = new Set<string>();
  /** Events no rule set knew when they came (a resource's rules may still be loading). */
  private unused: Array<{ checked: Checked; at: number }> = [];
  private counts: EventMetrics = EMPTY;
  private subscription: Subscription | undefined;
  private readonly reading: Subscription;
  private quiet: ReturnType<typeof setTimeout> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private retryMs = RETRY_MS;
  private readonly now: () => number;

  constructor(private readonly init: FeedInit) {
    this.now = init.now ?? Date.now;
    init.metrics.events(EMPTY);
    this.reading = init.reads$.subscribe((reads) => (reads ? this.open() : this.close()));
  }

  /**
   * A resource's rules; its covered kinds stretch at once if the feed is healthy. Events
   * that came while they loaded, which no rules knew then, are applied now (once).
   */
  add(set: RuleSet): void {
    this.sets.push(set);
    this.stretch(set, this.counts.healthy);
    const since = this.now() - UNUSED_MS;
    const waiting = this.unused.filter((u) => u.at >= since && !this.seen.has(u.checked.event.id));
    this.unused = [];
    for (const { checked, at } of waiting) {
      const outcome = this.apply(checked, [set]);
      if (outcome === 'unused') this.unused.push({ checked, at });
      else {
        this.remember(checked.event.id);
        this.count({ unused: this.counts.unused - 1, [outcome]: this.counts[outcome] + 1 });
      }
    }
  }

  dispose(): void {
    this.reading.unsubscribe();
    this.close();
  }

  private open(): void {
    if (this.subscription) return;
    const subscription = from(this.init.source).subscribe({
      next: (item) => this.take(item),
      error: () => this.failed(),
      complete: () => this.failed(),
    });
    // A source that failed as it was subscribed has already asked to be subscribed again.
    if (!subscription.closed) this.subscription = subscription;
  }

  private close(): void {
    clearTimeout(this.retry);
    clearTimeout(this.quiet);
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.health(false);
  }

  private failed(): void {
    this.subscription = undefined;
    clearTimeout(this.quiet);
    this.count({ failures: this.counts.failures + 1 });
    this.health(false);
    this.retry = setTimeout(() => this.open(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }

  private take(item: EventFeedItem): void {
    this.retryMs = RETRY_MS;
    clearTimeout(this.quiet);
    this.quiet = setTimeout(() => this.health(false), this.init.quietAfter);
    const n = this.counts;
    const change: Partial<EventMetrics> = { lastAt: this.now() };
    if (item !== 'heartbeat') {
      const outcome = this.outcome(item);
      change.received = n.received + 1;
      change[outcome] = n[outcome] + 1;
    }
    this.count(change);
    this.health(true);
  }

  /** What became of one item that is not a heartbeat. */
  private outcome(item: EventFeedItem): 'malformed' | 'foreign' | 'duplicates' | NewsOutcome {
    const checked = checkEvent(item, this.init.account, this.init.region());
    if (typeof checked === 'string') return checked;
    if (this.seen.has(checked.event.id)) return 'duplicates';
    const outcome = this.apply(checked, this.sets);
    // An event about nothing held yet may count when it comes again, or when rules still loading arrive.
    if (outcome !== 'unused') this.remember(checked.event.id);
    else this.unused = [...this.unused.slice(1 - UNUSED_KEPT), { checked, at: this.now() }];
    return outcome;
  }

  /** Every rule set that knows the event's kind and name; unused if none does. */
  private apply(c: Checked, sets: readonly RuleSet[]): NewsOutcome {
    const at = c.at - this.init.clockOffset();
    const news = { ...c, at, seq: seqAt(at) };
    const outcomes: NewsOutcome[] = [];
    for (const set of sets) {
      const rule = set.rules[c.event['detail-type']]?.[c.name];
      try {
        if (rule) outcomes.push(...[rule(news)].flat());
      } catch {
        // A rule's bug must not stop the feed, nor the other rules: the event counts as unused.
      }
    }
    return outcomeOf(outcomes);
  }

  private remember(id: string): void {
    this.seen.add(id);
    // A Set iterates in insertion order: the first is the oldest.
    if (this.seen.size > REMEMBERED) this.seen.delete(this.seen.values().next().value as string);
  }

  private health(healthy: boolean): void {
    if (healthy === this.counts.healthy) return;
    this.count({ healthy });
    for (const set of this.sets) this.stretch(set, healthy);
  }

  private stretch(set: RuleSet, healthy: boolean): void {
    for (const [kind, pollers] of Object.entries(set.covers ?? {})) {
      if (!this.init.covers.has(kind)) continue;
      for (const poller of pollers) poller.stretch(healthy ? this.init.safetyInterval : undefined);
    }
  }

  private count(change: Partial<EventMetrics>): void {
    this.counts = { ...this.counts, ...change };
    this.init.metrics.events(this.counts);
  }
}
