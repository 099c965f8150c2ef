import type { StoreMetrics } from 'ivs-store';

/** Calls per second are averaged over this many seconds: short, so the meter follows the load. */
export const RATE_WINDOW_S = 5;
/**
 * Batching, throttles and retries are counted over this many seconds: long enough to span
 * a few refresh cycles (2 s), short enough that the indicator is back to normal soon after
 * a storm ends, instead of showing the page's whole history forever.
 */
export const RECENT_WINDOW_S = 10;

/** One reading of `store.metrics$`. */
export type Reading = StoreMetrics;

export interface Counts {
  /** Per-key reads the widgets asked for (a card's channel, a badge's health). */
  reads: number;
  /** Batch calls that carried them (first attempts; a retry is another call, counted in `retries`). */
  batches: number;
  throttles: number;
  retries: number;
}

export interface Budget {
  /** Calls per second over the last RATE_WINDOW_S, all operations. */
  callsPerSecond: number;
  /** The operation closest to its own per-account quota. */
  busiest: { operation: string; perSecond: number; quota: number } | undefined;
  /** Over the last RECENT_WINDOW_S. */
  recent: Counts;
  /** Since the page opened. */
  total: Counts;
  /** Calls since the page opened, by operation. */
  calls: Readonly<Record<string, number>>;
}

const sum = (calls: Readonly<Record<string, number>>) => Object.values(calls).reduce((a, b) => a + b, 0);

const countsOf = (r: Reading): Counts => ({
  reads: r.keysRequested,
  batches: r.batches,
  throttles: r.throttles,
  retries: r.retries,
});

const minus = (a: Counts, b: Counts): Counts => ({
  reads: a.reads - b.reads,
  batches: a.batches - b.batches,
  throttles: a.throttles - b.throttles,
  retries: a.retries - b.retries,
});

/** Readings kept: enough for both windows. */
const KEEP = Math.max(RATE_WINDOW_S, RECENT_WINDOW_S) + 1;

/** One reading a second, oldest first; `fromStart`: the first is the store's birth, all counters 0 before it. */
export interface Window {
  readings: readonly Reading[];
  fromStart: boolean;
}

export const EMPTY_WINDOW: Window = { readings: [], fromStart: true };

const callSum = (r: Reading) => sum(r.calls);

/**
 * Whether two readings a second apart count different things: this tab's role or its group
 * changed (a follower shows the leader's figures: a new leader, or the first figures of one,
 * are other counters), or a counter went back.
 */
function sourceChanged(a: Reading, b: Reading): boolean {
  if (a.tabs?.role !== b.tabs?.role || a.tabs?.members !== b.tabs?.members) return true;
  const [x, y] = [countsOf(a), countsOf(b)];
  return callSum(b) < callSum(a) || y.reads < x.reads || y.batches < x.batches || y.throttles < x.throttles;
}

/** Adds a reading; starts the window over from it when the figures' source changed, so no rate spans two sources. */
export function slide(w: Window, r: Reading): Window {
  const last = w.readings.at(-1);
  if (last && sourceChanged(last, r)) return { readings: [r], fromStart: false };
  return { readings: [...w.readings, r].slice(-KEEP), fromStart: w.fromStart };
}

/**
 * The budget from one reading a second, oldest first (at least one). `quotaOf` gives an
 * operation's published per-account rate (ivs-store's `publishedQuota`). `fromStart`: the
 * first reading is the store's birth (else what came before it is not counted as recent).
 */
export function budgetOf(
  readings: readonly Reading[],
  quotaOf: (operation: string) => number,
  fromStart = true,
): Budget {
  const now = readings.at(-1);
  if (!now) throw new RangeError('budgetOf needs at least one reading');
  const at = (secondsAgo: number) => readings[Math.max(0, readings.length - 1 - secondsAgo)]!;
  const rateFrom = at(RATE_WINDOW_S);
  const rateS = Math.max(1, Math.min(RATE_WINDOW_S, readings.length - 1));
  let busiest: Budget['busiest'];
  for (const [operation, n] of Object.entries(now.calls)) {
    const perSecond = (n - (rateFrom.calls[operation] ?? 0)) / rateS;
    const quota = quotaOf(operation);
    if (perSecond > 0 && (!busiest || perSecond / quota > busiest.perSecond / busiest.quota))
      busiest = { operation, perSecond, quota };
  }
  const total = countsOf(now);
  return {
    callsPerSecond: (sum(now.calls) - sum(rateFrom.calls)) / rateS,
    busiest,
    // The store was made with the page: before its first reading there was nothing to count.
    recent: readings.length > RECENT_WINDOW_S || !fromStart ? minus(total, countsOf(at(RECENT_WINDOW_S))) : total,
    total,
    calls: now.calls,
  };
}
