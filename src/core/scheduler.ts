/** Who waits for a call: someone (a first load, a click, a refresh) or no one (a background poll). */
export type Priority = 'user' | 'background';

interface Queued {
  run: () => void;
  reject: (err: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

interface Group {
  tps: number;
  /** Start times of the calls admitted in the last second, oldest first. */
  starts: number[];
  user: Queued[];
  background: Queued[];
  timer: ReturnType<typeof setTimeout> | undefined;
}

export interface SchedulerStats {
  queued: number;
  /** Calls admitted in the last second. */
  recent: number;
  tps: number;
}

// A second plus a guard for network jitter: calls started a second apart can arrive closer
// together, and the service counts arrivals.
const WINDOW_MS = 1050;

/**
 * Keeps calls inside per-account rate quotas, whatever the number of widgets asking.
 *
 * Each quota group (IVS quotas are per operation) admits at most `tps` calls in any
 * sliding second: stricter than the service's own bucket, so the store itself never
 * causes a throttle. Waiting calls are served user-first: a click or a first load goes
 * ahead of a background poll, and polls wait (the poller stretches its interval and says
 * so) rather than fight for the quota.
 */
export class QuotaScheduler {
  private readonly groups = new Map<string, Group>();
  private readonly quotas = new Map<string, number>();
  private disposed = false;

  /**
   * `quotas` by group; a group not listed gets `quotaOf(group)` the first time it is used
   * (without `quotaOf`, using an unlisted group is an error).
   */
  constructor(
    quotas: Readonly<Record<string, number>>,
    private readonly quotaOf?: (group: string) => number,
    private readonly now: () => number = () => Date.now(),
  ) {
    for (const [name, tps] of Object.entries(quotas)) {
      if (!(typeof tps === 'number' && tps > 0))
        throw new TypeError(`quotas.${name} must be a positive number of calls per second, got ${String(tps)}`);
      this.quotas.set(name, tps);
    }
  }

  private group(name: string): Group | undefined {
    let g = this.groups.get(name);
    if (!g) {
      const tps = this.quotas.get(name) ?? this.quotaOf?.(name);
      if (tps === undefined) return undefined;
      this.groups.set(name, (g = { tps, starts: [], user: [], background: [], timer: undefined }));
    }
    return g;
  }

  /** Runs `task` as soon as the group's quota allows, user calls first. */
  run<T>(group: string, priority: Priority, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const g = this.group(group);
    if (!g) return Promise.reject(new TypeError(`No quota group '${group}'`));
    if (this.disposed) return Promise.reject(new Error('The scheduler is disposed'));
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise<T>((resolve, reject) => {
      const entry: Queued = {
        run: () => {
          if (entry.onAbort) entry.signal?.removeEventListener('abort', entry.onAbort);
          task().then(resolve, reject);
        },
        reject,
        signal,
        onAbort: undefined,
      };
      if (signal) {
        entry.onAbort = () => {
          const q = priority === 'user' ? g.user : g.background;
          const i = q.indexOf(entry);
          if (i >= 0) {
            q.splice(i, 1);
            reject(abortError());
          }
        };
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      (priority === 'user' ? g.user : g.background).push(entry);
      this.pump(g);
    });
  }

  /** How long a background call queued now would wait, in ms (0 when it would run at once). */
  delayFor(group: string): number {
    const g = this.group(group);
    if (!g) return 0;
    this.prune(g);
    const ahead = g.user.length + g.background.length;
    const free = g.tps - g.starts.length;
    if (ahead < free) return 0;
    // Each full second admits tps calls; the window frees up as old starts expire.
    const position = ahead - free;
    const oldest = g.starts[0] ?? this.now();
    return Math.max(0, oldest + WINDOW_MS - this.now()) + Math.floor(position / g.tps) * WINDOW_MS;
  }

  stats(): Record<string, SchedulerStats> {
    const out: Record<string, SchedulerStats> = {};
    for (const [name, g] of this.groups) {
      this.prune(g);
      out[name] = { queued: g.user.length + g.background.length, recent: g.starts.length, tps: g.tps };
    }
    return out;
  }

  /** Rejects everything queued and clears every timer. */
  dispose(): void {
    this.disposed = true;
    for (const g of this.groups.values()) {
      if (g.timer !== undefined) clearTimeout(g.timer);
      g.timer = undefined;
      for (const q of [...g.user, ...g.background]) {
        if (q.onAbort) q.signal?.removeEventListener('abort', q.onAbort);
        q.reject(new Error('The store was disposed'));
      }
      g.user = [];
      g.background = [];
    }
  }

  private prune(g: Group): void {
    const cutoff = this.now() - WINDOW_MS;
    while (g.starts.length > 0 && (g.starts[0] as number) <= cutoff) g.starts.shift();
  }

  private pump(g: Group): void {
    if (this.disposed) return;
    this.prune(g);
    while (g.starts.length < g.tps && (g.user.length > 0 || g.background.length > 0)) {
      const next = (g.user.length > 0 ? g.user : g.background).shift() as Queued;
      g.starts.push(this.now());
      next.run();
    }
    if ((g.user.length > 0 || g.background.length > 0) && g.timer === undefined) {
      const wait = Math.max(1, (g.starts[0] as number) + WINDOW_MS - this.now() + 1);
      g.timer = setTimeout(() => {
        g.timer = undefined;
        this.pump(g);
      }, wait);
    }
  }
}

function abortError(): Error {
  const err = new Error('The call was aborted before it started');
  err.name = 'AbortError';
  return err;
}
