import type { SimErrorName } from '../operations/errors.js';
import { Rng } from '../world/rng.js';

/**
 * A fault to inject. Every field is optional; a rule applies to the operations it
 * names (all when omitted) and, with `times`, only to that many matching requests.
 */
export interface FaultRule {
  /** Operation names this rule applies to, e.g. `['BatchGetChannel']`. Default: all. */
  operations?: string[];
  /** Added latency in ms: a fixed number or a `[min, max]` range. */
  latencyMs?: number | [number, number];
  /** Fraction (0–1) of requests answered with `error` instead of being served. */
  errorRate?: number;
  /** The error those requests get. Default `InternalServerException` (500). */
  error?: SimErrorName;
  /** Fraction (0–1) of requests whose connection is destroyed with no answer. */
  dropRate?: number;
  /** Fraction (0–1) of keys a batch operation reports in `errors[]` instead of serving. */
  batchErrorRate?: number;
  /** Apply to at most this many matching requests, then expire. Default: forever. */
  times?: number;
}

/** What `control.injectFault` returns: the rule's off switch. */
export interface FaultHandle {
  /**
   * Stop applying this rule.
   * @example
   * ```ts
   * const fault = sim.control.injectFault({ operations: ['ListStreams'], errorRate: 1, error: 'ThrottlingException' });
   * fault.remove();
   * ```
   */
  remove(): void;
}

/** What the server does to one request, decided before it is handled. */
export interface FaultDecision {
  latencyMs: number;
  drop: boolean;
  error: SimErrorName | undefined;
  batchErrorRate: number;
}

const FRACTIONS = ['errorRate', 'dropRate', 'batchErrorRate'] as const;

export function checkFaultRule(rule: FaultRule, where: string): void {
  if (typeof rule !== 'object' || rule === null) throw new TypeError(`${where} must be an object`);
  for (const key of FRACTIONS) {
    const v = rule[key];
    if (v !== undefined && !(typeof v === 'number' && v >= 0 && v <= 1)) {
      throw new TypeError(`${where}.${key} must be a number from 0 to 1, got ${String(v)}`);
    }
  }
  const l = rule.latencyMs;
  const bad = (n: unknown) => typeof n !== 'number' || !Number.isFinite(n) || n < 0;
  if (l !== undefined && (Array.isArray(l) ? l.length !== 2 || l.some(bad) || l[0] > l[1] : bad(l))) {
    throw new TypeError(
      `${where}.latencyMs must be a non-negative number or a [min, max] pair, got ${JSON.stringify(l)}`,
    );
  }
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times > 0)) {
    throw new TypeError(`${where}.times must be a positive integer, got ${String(rule.times)}`);
  }
  if (
    rule.operations !== undefined &&
    !(Array.isArray(rule.operations) && rule.operations.every((o) => typeof o === 'string'))
  ) {
    throw new TypeError(`${where}.operations must be an array of operation names`);
  }
}

/**
 * The active fault rules. Decisions draw on their own seeded generator so that
 * injecting faults never changes the ids or moves of the simulated world.
 */
export class Faults {
  private readonly rules = new Set<{ rule: FaultRule; left: number }>();
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = new Rng(seed ^ 0x5eed);
  }

  add(rule: FaultRule): FaultHandle {
    checkFaultRule(rule, 'fault');
    const entry = { rule: { ...rule }, left: rule.times ?? Infinity };
    this.rules.add(entry);
    return { remove: () => void this.rules.delete(entry) };
  }

  clear(): void {
    this.rules.clear();
  }

  /** True with probability `p`, from the faults' own generator. */
  roll(p: number): boolean {
    return p > 0 && this.rng.chance(p);
  }

  decide(operation: string): FaultDecision {
    const out: FaultDecision = { latencyMs: 0, drop: false, error: undefined, batchErrorRate: 0 };
    for (const entry of this.rules) {
      const { rule } = entry;
      if (rule.operations && !rule.operations.includes(operation)) continue;
      if (rule.latencyMs !== undefined) {
        const l = rule.latencyMs;
        out.latencyMs += Array.isArray(l) ? l[0] + this.rng.next() * (l[1] - l[0]) : l;
      }
      if (!out.drop && rule.dropRate && this.rng.chance(rule.dropRate)) out.drop = true;
      if (!out.error && rule.errorRate && this.rng.chance(rule.errorRate))
        out.error = rule.error ?? 'InternalServerException';
      if (rule.batchErrorRate) out.batchErrorRate = Math.max(out.batchErrorRate, rule.batchErrorRate);
      if (--entry.left <= 0) this.rules.delete(entry);
    }
    return out;
  }
}
