import type { IvsEvent } from '../world/events.js';
import { Rng } from '../world/rng.js';

/**
 * How the feed spoils delivery, as EventBridge may ("best effort": late, duplicated,
 * out of order, missing). Every field is optional; none set means every event is
 * delivered once, in order, right after the state change.
 */
export interface EventFaults {
  /** Every delivery waits this long (ms): a fixed number or a `[min, max]` range. */
  delayMs?: number | [number, number];
  /** Fraction (0–1) of events delivered twice, both copies with the same `id`. */
  duplicateRate?: number;
  /** Fraction (0–1) of events never delivered. */
  dropRate?: number;
  /** Each delivery is held a further random 0..N ms, so events closer than N ms may swap. */
  reorderWindowMs?: number;
}

/** Which events `control.events.events` and `emitted` list; every field given must match. */
export interface EventFilter {
  /** Only events of this `detail-type`, e.g. `'IVS Stream State Change'`. */
  detailType?: string;
  /** Only events naming this ARN in `resources`. */
  resource?: string;
}

const FRACTIONS = ['duplicateRate', 'dropRate'] as const;

export function checkEventFaults(f: EventFaults, where: string): void {
  if (typeof f !== 'object' || f === null) throw new TypeError(`${where} must be an object`);
  for (const key of FRACTIONS) {
    const v = f[key];
    if (v !== undefined && !(typeof v === 'number' && v >= 0 && v <= 1))
      throw new TypeError(`${where}.${key} must be a number from 0 to 1, got ${String(v)}`);
  }
  const bad = (n: unknown) => typeof n !== 'number' || !Number.isFinite(n) || n < 0;
  const d = f.delayMs;
  if (d !== undefined && (Array.isArray(d) ? d.length !== 2 || d.some(bad) || d[0] > d[1] : bad(d)))
    throw new TypeError(
      `${where}.delayMs must be a non-negative number or a [min, max] pair, got ${JSON.stringify(d)}`,
    );
  if (f.reorderWindowMs !== undefined && bad(f.reorderWindowMs))
    throw new TypeError(`${where}.reorderWindowMs must be a non-negative number, got ${String(f.reorderWindowMs)}`);
}

const matches = (e: IvsEvent, f: EventFilter) =>
  (f.detailType === undefined || e['detail-type'] === f.detailType) &&
  (f.resource === undefined || e.resources.includes(f.resource));

/**
 * Delivers the world's events to subscribers (control and the SSE endpoint) through the
 * delivery faults. Fault decisions draw on their own seeded generator, in emission
 * order, so a seed gives the same drops, duplicates and delays every run; only the
 * timers' firing is real time. Deliveries never run inside the state change that
 * emitted them (a subscriber may call back into the world).
 */
export class EventFeed {
  private readonly rng: Rng;
  private readonly listeners = new Set<(event: IvsEvent) => void>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private emittedList: IvsEvent[] = [];
  private deliveredList: IvsEvent[] = [];
  private faults: EventFaults = {};
  private stopped = false;

  constructor(
    seed: number,
    private readonly limit: number,
    private readonly onListenerError: (err: unknown) => void,
  ) {
    this.rng = new Rng(seed ^ 0xfeed);
  }

  setFaults(faults: EventFaults): void {
    checkEventFaults(faults, 'event faults');
    this.faults = { ...faults };
  }

  subscribe(listener: (event: IvsEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Called for every event the world emits. */
  accept(event: IvsEvent): void {
    if (this.stopped) return;
    this.keep(this.emittedList, event);
    const { dropRate = 0, duplicateRate = 0 } = this.faults;
    if (dropRate > 0 && this.rng.chance(dropRate)) return;
    const copies = duplicateRate > 0 && this.rng.chance(duplicateRate) ? 2 : 1;
    for (let i = 0; i < copies; i++) this.schedule(event, this.waitMs());
  }

  emitted(filter: EventFilter = {}): IvsEvent[] {
    return this.emittedList.filter((e) => matches(e, filter)).map((e) => structuredClone(e));
  }

  delivered(filter: EventFilter = {}): IvsEvent[] {
    return this.deliveredList.filter((e) => matches(e, filter)).map((e) => structuredClone(e));
  }

  clear(): void {
    this.emittedList = [];
    this.deliveredList = [];
  }

  /** Pending deliveries are dropped; nothing is delivered after this. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.listeners.clear();
  }

  private waitMs(): number {
    const { delayMs = 0, reorderWindowMs = 0 } = this.faults;
    const delay = Array.isArray(delayMs) ? delayMs[0] + this.rng.next() * (delayMs[1] - delayMs[0]) : delayMs;
    return delay + (reorderWindowMs > 0 ? this.rng.next() * reorderWindowMs : 0);
  }

  private schedule(event: IvsEvent, ms: number): void {
    if (ms <= 0) {
      queueMicrotask(() => this.deliver(event));
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.deliver(event);
    }, ms);
    this.timers.add(timer);
  }

  private deliver(event: IvsEvent): void {
    if (this.stopped) return;
    this.keep(this.deliveredList, event);
    for (const listener of [...this.listeners]) {
      try {
        listener(structuredClone(event));
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  private keep(list: IvsEvent[], event: IvsEvent): void {
    list.push(event);
    if (list.length > this.limit) list.splice(0, list.length - this.limit);
  }
}
