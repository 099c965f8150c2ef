/**
 * Garbage collection of cache entries: an entry nobody has watched for `gcTime` goes. One
 * timer for the whole cache, and only while something is waiting to be collected.
 */
export class Collector {
  /** Entries nobody watches, by key, in the order they stopped being watched. */
  private readonly since = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private due = 0;
  private disposed = false;

  constructor(
    private readonly gcTime: number,
    private readonly now: () => number,
    /** Removes these entries (collection and id each). */
    private readonly collect: (expired: Array<[string, string]>) => void,
  ) {}

  /** Watched again: not collected. */
  watched(collection: string, id: string): void {
    if (this.since.size > 0) this.since.delete(key(collection, id));
  }

  /** Nobody watches it from now on (`keep`: unless it was unwatched already, keep that time). */
  unwatched(collection: string, id: string, keep = false): void {
    const k = key(collection, id);
    if (keep && this.since.has(k)) return;
    this.since.delete(k);
    this.since.set(k, this.now());
    this.schedule();
  }

  /** Removes entries nobody has watched for `gcTime`. */
  run(): void {
    const cutoff = this.now() - this.gcTime;
    const expired: Array<[string, string]> = [];
    for (const [k, since] of this.since) {
      if (since > cutoff) continue;
      this.since.delete(k);
      expired.push(k.split('\u0000') as [string, string]);
    }
    if (expired.length > 0) this.collect(expired);
    this.schedule();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.since.clear();
  }

  private schedule(): void {
    const first = this.since.values().next();
    if (first.done || this.disposed) {
      clearTimeout(this.timer);
      this.timer = undefined;
      return;
    }
    // Entries are released in time order and re-watching moves one to the back, so the
    // first is the oldest: O(1) per release, not a scan of everything waiting.
    const due = first.value + this.gcTime;
    if (this.timer !== undefined && this.due <= due) return;
    clearTimeout(this.timer);
    this.due = due;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.run();
      },
      Math.max(0, due - this.now()),
    );
  }
}

const key = (collection: string, id: string) => `${collection}\u0000${id}`;
