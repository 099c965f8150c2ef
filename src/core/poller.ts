import type { Observable, Subscription } from 'rxjs';
import type { MetricsRecorder } from './metrics.js';

export interface PollerOptions {
  /** Name for metrics, e.g. `channels`. */
  kind: string;
  /**
   * Refreshes keys; resolves with the keys that failed (for backoff). The signal aborts
   * when every key of the refresh stopped being watched (e.g. still queued for quota).
   */
  refresh: (keys: string[], reason: 'poll' | 'resume', signal: AbortSignal) => Promise<ReadonlySet<string>>;
  /** True while polling makes sense (page visible and online). */
  active$: Observable<boolean>;
  /** How long a background call would wait for quota now (to stretch, and say so). */
  quotaDelay?: () => number;
  metrics?: MetricsRecorder;
  /** Keep polling this long after the last release. Default 2000 ms. */
  graceMs?: number;
  /** Back off at most to interval × 2^maxBackoffSteps. Default 5. */
  maxBackoffSteps?: number;
  /** When a key's answering read was sent: a poll answered by another query's older read is dated by it. */
  readAt?: (key: string) => number | undefined;
  now?: () => number;
}

interface KeyState {
  watchers: number;
  /** With two watchers or more, the interval each asked for (a multiset); one watcher's is `interval`. */
  intervals: number[] | undefined;
  /** When the key was last refreshed (or first watched). */
  last: number;
  errors: number;
  /** Set while nobody watches: polling stops then. */
  releaseAt: number | undefined;
  /** Lowest interval asked for; kept through the grace after the last release. */
  interval: number;
  /** Read at this time, whatever the interval (something said it changed by then). */
  dueAt?: number | undefined;
}

/** Keys due within this share of their interval are refreshed with the ones due now. */
const ALIGN = 0.25;

/**
 * Interest-driven polling for one kind of resource, one timer whatever the number of
 * subscribers. A key is polled at the lowest interval any watcher asked for; keys due close
 * together are refreshed in one batch; the last release stops polling after a grace (a
 * widget re-mounting keeps its rhythm); errors back a key off exponentially; a hidden or
 * offline page pauses everything and its return refreshes every watched key once.
 */
export class Poller {
  private readonly keys = new Map<string, KeyState>();
  private readonly inFlight = new Set<string>();
  /** Refreshes under way, to abort those nobody watches any more. */
  private readonly batches = new Set<{ keys: string[]; controller: AbortController }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;
  private active = true;
  private readonly activity: Subscription;
  private readonly graceMs: number;
  private readonly maxBackoffSteps: number;
  private readonly now: () => number;
  private disposed = false;
  private scheduled = false;
  /** The longest gap between two completed refreshes of a key in the last cycle: the interval keys really get. */
  private observedMs: number | undefined;
  /** While set, no key is polled more often than this (`stretch`). */
  private floorMs: number | undefined;

  constructor(private readonly options: PollerOptions) {
    this.graceMs = options.graceMs ?? 2000;
    this.maxBackoffSteps = options.maxBackoffSteps ?? 5;
    this.now = options.now ?? (() => Date.now()); // looked up per call: fake timers may come later
    let first = true;
    this.activity = options.active$.subscribe((active) => {
      const resumed = active && !this.active && !first;
      first = false;
      this.active = active;
      if (resumed) this.refresh([...this.peek().keys()], 'resume');
      this.schedule();
    });
  }

  /** Polls `key` at most every `intervalMs`: one more watcher; each `add` is undone by one `remove`. */
  add(key: string, intervalMs: number): void {
    if (!(typeof intervalMs === 'number' && intervalMs > 0 && Number.isFinite(intervalMs))) {
      throw new TypeError(`refetchInterval must be a positive number of ms, got ${String(intervalMs)}`);
    }
    let state = this.keys.get(key);
    if (!state) {
      state = {
        watchers: 0,
        intervals: undefined,
        last: this.now(),
        errors: 0,
        releaseAt: undefined,
        interval: intervalMs,
      };
      this.keys.set(key, state);
    }
    // No array for the usual single watcher: it is one per watched key.
    if (state.watchers === 0) state.interval = intervalMs;
    else {
      state.intervals = state.intervals ? [...state.intervals, intervalMs] : [state.interval, intervalMs];
      state.interval = Math.min(state.interval, intervalMs);
    }
    state.watchers++;
    state.releaseAt = undefined;
    this.schedule();
  }

  remove(key: string, intervalMs: number): void {
    const s = this.keys.get(key);
    if (!s || s.watchers === 0) return;
    if (s.intervals) {
      const i = s.intervals.indexOf(intervalMs);
      if (i < 0) return;
      const rest = s.intervals.filter((_, j) => j !== i);
      s.intervals = rest.length > 1 ? rest : undefined;
      s.interval = Math.min(...rest);
    } else if (s.interval !== intervalMs) return;
    if (--s.watchers === 0) s.releaseAt = this.now() + this.graceMs;
    this.schedule();
  }

  /** The interval a key is polled at now (lowest asked for, backed off after errors). */
  intervalOf(key: string): number | undefined {
    const s = this.keys.get(key);
    return s && this.intervalFor(s);
  }

  private intervalFor(s: KeyState): number {
    const interval = Math.max(s.interval, this.floorMs ?? 0);
    return s.errors === 0 ? interval : interval * 2 ** Math.min(s.errors, this.maxBackoffSteps);
  }

  /** Polls keys at least `ms` apart while an event feed keeps them fresh; `undefined` ends it at once. */
  stretch(ms: number | undefined): void {
    if (ms === this.floorMs) return;
    this.floorMs = ms;
    this.schedule();
  }

  /**
   * Reads these keys at the next opportunity from `at` on (a change known to have happened
   * by then: a read sent sooner might not show it; a poll falling due sooner waits for it),
   * with whatever else is due then, in one batch. Keys nobody polls are left alone.
   */
  confirm(keys: Iterable<string>, at = this.now()): boolean {
    let any = false;
    for (const key of keys) {
      const s = this.keys.get(key);
      if (!s || s.watchers === 0) continue;
      any = true;
      s.dueAt = Math.max(s.dueAt ?? 0, at);
    }
    if (any) this.schedule();
    return any;
  }

  /** Stops polling a watched key (e.g. it no longer exists). */
  stop(key: string): void {
    this.keys.delete(key);
    this.schedule();
  }

  dispose(): void {
    this.disposed = true;
    for (const b of this.batches) b.controller.abort();
    this.batches.clear();
    this.activity.unsubscribe();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.keys.clear();
    this.options.metrics?.polling(this.options.kind, undefined);
  }

  /** The watched keys: how many watch each, and when it is next read (ms; 0 while being read, undefined while paused). */
  peek(): Map<string, [watchers: number, nextAt: number | undefined]> {
    const due = new Map<string, [number, number | undefined]>();
    for (const [k, s] of this.keys) {
      const next = !this.active ? undefined : this.inFlight.has(k) ? 0 : (s.dueAt ?? s.last + this.intervalFor(s));
      if (s.watchers > 0) due.set(k, [s.watchers, next]);
    }
    return due;
  }

  /**
   * Re-plans the one timer. Coalesced into a microtask, so mounting thousands of widgets
   * in one render costs one pass over the keys, not one pass each.
   */
  private schedule(): void {
    if (this.scheduled || this.disposed) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.plan();
    });
  }

  /** One timer: set for the earliest due poll or grace expiry. */
  private plan(): void {
    if (this.disposed) return;
    let next = Infinity;
    let requested = Infinity;
    let watched = 0;
    for (const [key, s] of this.keys) {
      if (s.releaseAt !== undefined) next = Math.min(next, s.releaseAt);
      if (this.active && !this.inFlight.has(key)) next = Math.min(next, s.dueAt ?? s.last + this.intervalFor(s));
      if (s.watchers > 0) {
        requested = Math.min(requested, s.interval);
        watched++;
      }
    }
    this.report(requested, watched);
    if (next === this.timerAt && this.timer !== undefined) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = next;
    if (next === Infinity) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Infinity;
        this.tick();
      },
      Math.max(0, next - this.now()),
    );
  }

  private tick(): void {
    const now = this.now();
    let dropped = false;
    for (const [key, s] of [...this.keys]) {
      if (s.releaseAt !== undefined && s.releaseAt <= now && s.watchers === 0) {
        this.keys.delete(key);
        dropped = true;
      }
    }
    if (dropped) {
      for (const b of this.batches) if (b.keys.every((k) => !this.keys.has(k))) b.controller.abort();
    }
    if (this.active) {
      const due: string[] = [];
      for (const [key, s] of this.keys) {
        if (this.inFlight.has(key)) continue;
        const interval = this.intervalFor(s);
        if ((s.dueAt ?? Number.POSITIVE_INFINITY) <= now || s.last + interval - interval * ALIGN <= now) due.push(key);
      }
      if (due.length > 0) this.refresh(due, 'poll');
    }
    this.schedule();
  }

  private refresh(keys: string[], reason: 'poll' | 'resume'): void {
    if (keys.length === 0) return;
    const sent = this.now();
    for (const k of keys) {
      this.inFlight.add(k);
      const s = this.keys.get(k);
      // A read sent before the change it was due for does not count; one marked while out reads again after.
      if (s && (s.dueAt ?? Number.POSITIVE_INFINITY) <= sent) s.dueAt = undefined;
    }
    const batch = { keys, controller: new AbortController() };
    this.batches.add(batch);
    const settle = (failed: ReadonlySet<string>) => {
      this.batches.delete(batch);
      const now = this.now();
      let observed: number | undefined;
      for (const k of keys) {
        this.inFlight.delete(k);
        const s = this.keys.get(k);
        if (!s) continue;
        if (reason === 'poll') observed = Math.max(observed ?? 0, now - s.last);
        // Answered by a read sent before this poll (another query's): due with that one's next.
        const at = failed.has(k) ? undefined : this.options.readAt?.(k);
        s.last = at !== undefined && at < sent ? at : now;
        s.errors = failed.has(k) ? s.errors + 1 : 0;
      }
      if (observed !== undefined) this.observedMs = observed;
      this.schedule();
    };
    this.options.refresh(keys, reason, batch.controller.signal).then(settle, () => settle(new Set(keys)));
  }

  private report(requested: number, watched: number): void {
    const metrics = this.options.metrics;
    if (!metrics) return;
    if (requested === Infinity) {
      metrics.polling(this.options.kind, undefined);
      return;
    }
    // Polls that cannot fit the quota wait in the scheduler: report the interval they really
    // get, from the quota backlog now or from the gaps actually seen, whichever is longer.
    const base = Math.max(requested, this.floorMs ?? 0);
    const effectiveMs = Math.max(base + (this.options.quotaDelay?.() ?? 0), Math.round(this.observedMs ?? 0));
    metrics.polling(this.options.kind, { requestedMs: requested, effectiveMs, watched });
  }
}
