/**
 * Per-operation TPS quotas, as IVS enforces them per account and region. A token
 * bucket per operation holds one second's worth of requests and refills continuously,
 * so a burst of `tps` goes through and anything beyond is throttled (429).
 */
export class Quotas {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private limits: Map<string, number> | undefined;

  constructor(
    private readonly defaults: ReadonlyMap<string, number>,
    setting: boolean | Record<string, number> | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.configure(setting);
  }

  /** `true`: the published quotas; an object: those with overrides; `false`: off. */
  configure(setting: boolean | Record<string, number> | undefined): void {
    this.buckets.clear();
    if (!setting) {
      this.limits = undefined;
      return;
    }
    const limits = new Map(this.defaults);
    if (typeof setting === 'object') {
      for (const [op, tps] of Object.entries(setting)) {
        if (!(typeof tps === 'number' && tps > 0 && Number.isFinite(tps))) {
          throw new TypeError(`quotas.${op} must be a positive number of requests per second, got ${String(tps)}`);
        }
        // Keys are `service:Operation`; an override names the operation, and applies to
        // it in every service that has it (the tag operations exist in both).
        const keys = [...this.defaults.keys()].filter((k) => k.slice(k.indexOf(':') + 1) === op);
        if (keys.length === 0) throw new TypeError(`quotas.${op}: no operation of that name`);
        for (const key of keys) limits.set(key, tps);
      }
    }
    this.limits = limits;
  }

  get enabled(): boolean {
    return this.limits !== undefined;
  }

  /**
   * Takes a token for the key's operation; false when the request must be throttled.
   * `perResourceTps` is the rate of a bucket keyed by the key itself (which then names
   * the resource too, e.g. `ivs:PutMetadata:<channel ARN>`), used while quotas are on.
   */
  take(key: string, perResourceTps?: number): boolean {
    const tps = this.limits === undefined ? undefined : (perResourceTps ?? this.limits.get(key));
    if (tps === undefined) return true;
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: tps, at: t };
    b.tokens = Math.min(tps, b.tokens + ((t - b.at) / 1000) * tps);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
