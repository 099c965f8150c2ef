/** Delays from a value's emission to its write to a socket, over the last minute, bounded in memory. */
export class LagSamples {
  private readonly times: number[] = [];
  private readonly delays: number[] = [];

  constructor(
    private readonly windowMs = 60_000,
    private readonly max = 10_000,
  ) {}

  add(delay: number, now = Date.now()): void {
    this.times.push(now);
    this.delays.push(delay);
    if (this.times.length > this.max) this.drop(this.times.length - this.max);
  }

  /** The p50 and p95 of the last minute's delays, ms (0 without any). */
  percentiles(now = Date.now()): { p50: number; p95: number } {
    let old = 0;
    while (old < this.times.length && (this.times[old] as number) < now - this.windowMs) old++;
    this.drop(old);
    const sorted = [...this.delays].sort((a, b) => a - b);
    const at = (q: number) =>
      sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number) : 0;
    return { p50: at(0.5), p95: at(0.95) };
  }

  private drop(n: number): void {
    this.times.splice(0, n);
    this.delays.splice(0, n);
  }
}
