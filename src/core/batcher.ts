import type { BatcherOptions, Flight, Outcomes, Reject, Resolve, Settled, Slot } from './batch.js';
import { abortError, answer, asError, newFlight, release } from './batch.js';

export type { BatcherOptions, Outcomes, Settled } from './batch.js';

/**
 * Coalesces per-key reads into batch calls, DataLoader-style. Keys asked for in the same
 * tick (or within `windowMs`) are sent together, at most `maxBatchSize` per call; the
 * same key asked twice, or asked while already in flight, shares one request. Results map
 * back by key: an error for one key fails only that key, and a key the response leaves
 * out fails with `missing(key)` (some servers omit unknown keys instead of erroring).
 *
 * Why a microtask and not a timer by default: UI frameworks subscribe all the widgets of
 * one render synchronously, so one microtask collects them all without adding latency.
 *
 * Per-key work is DataLoader's and one Set insert (profiled, see bench/scenarios/coalescer.ts):
 * a key joins its call's arrays as it is asked for, its first waiter is inline, one listener
 * per AbortSignal whatever the number of keys it covers (a poll passes one signal for
 * thousands of keys), and a call counts its waiting keys so that an abort is O(1).
 */
export class Batcher<K, V> {
  private readonly maxBatchSize: number;
  private readonly windowMs: number;
  /**
   * Keys queued since the Batcher was last idle. Why a Set and not a Map to the slots: one
   * insert tells a new key (the usual case) at half the cost of a Map lookup and insert;
   * the first key asked again builds `index` from what is pending, which then serves
   * until idle.
   */
  private seen = new Set<K>();
  private index: Map<K, Slot<K, V>> | undefined;
  /** Keys queued or in flight. */
  private live = 0;
  /** Calls to send at the next flush; the last one is filling. */
  private queue: Array<Flight<K, V>> = [];
  /** Every call made since the Batcher was last idle. (Not a Set of those in flight: 3× slower, profiled.) */
  private flights: Array<Flight<K, V>> = [];
  /** Keys dropped from `queue` since the last flush: the flush packs the calls again. */
  private dropped = 0;
  /** Per signal, its waiters as slot, resolve pairs. */
  private readonly bySignal = new WeakMap<AbortSignal, Array<Slot<K, V> | Resolve<V>>>();
  private scheduled = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  /** Aborted on dispose: the signal of every call that cannot be abandoned. */
  private life: AbortController | undefined;
  private readonly flushNow = (): void => this.flush();

  constructor(private readonly options: BatcherOptions<K, V>) {
    const max = options.maxBatchSize ?? 50;
    if (!Number.isInteger(max) || max < 1)
      throw new TypeError(`Batcher: maxBatchSize must be a positive integer, got ${String(options.maxBatchSize)}`);
    const win = options.windowMs ?? 0;
    if (!(typeof win === 'number' && win >= 0 && Number.isFinite(win)))
      throw new TypeError(`Batcher: windowMs must be a non-negative number, got ${String(options.windowMs)}`);
    this.maxBatchSize = max;
    this.windowMs = win;
  }

  /** Number of keys waiting to be sent or in flight. */
  get pending(): number {
    return this.live;
  }

  load(key: K, signal?: AbortSignal): Promise<V> {
    if (this.disposed) return Promise.reject(new Error('Batcher is disposed'));
    if (signal?.aborted) return Promise.reject(abortError());
    // An executor written here, not a shared method: the compiler inlines it (10 ns a key, profiled).
    let resolve!: Resolve<V>;
    let reject!: Reject;
    const promise = new Promise<V>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    let slot = this.pendingSlot(key);
    // A call aborted can only answer 'aborted', and one that came back is answering: a new
    // slot asks again (the old one answers its call). A key answered is queued again.
    if (slot === undefined || slot.flight?.closed === true) {
      slot = { key, resolve, reject, more: undefined, waiters: 0, flight: undefined, anchored: false };
      this.index?.set(key, slot);
      this.enqueue(slot);
    } else {
      if (slot.flight === undefined) {
        slot.anchored = false; // answered, asked again: a new call, new waiters
        this.enqueue(slot);
      }
      if (slot.resolve === undefined) {
        slot.resolve = resolve;
        slot.reject = reject;
      } else (slot.more ??= []).push(resolve, reject);
    }
    const flight = slot.flight as Flight<K, V>;
    if (slot.waiters++ === 0) flight.waiting++;
    flight.requested++;
    if (signal) this.follow(signal, slot, resolve);
    else slot.anchored = flight.anchored = true;
    return promise;
  }

  /** Rejects everything waiting and stops scheduling. */
  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.life?.abort();
    for (const flight of this.flights) {
      if (!flight.closed) flight.controller?.abort();
      for (const slot of flight.slots)
        answer(slot, new Error(`Batcher disposed before ${String(slot.key)} was loaded`), true);
    }
    this.forget();
    this.queue = [];
  }

  /** The slot of a key asked for since the Batcher was last idle, if any. */
  private pendingSlot(key: K): Slot<K, V> | undefined {
    if (this.index === undefined) {
      const { seen } = this;
      const size = seen.size;
      seen.add(key); // not `.add(key).size`: the compiler would not know it is the Set's getter
      if (seen.size !== size) return undefined;
      this.indexPending();
    }
    return this.index?.get(key);
  }

  /**
   * Indexes the keys of calls queued or in flight, later calls last (a key queued again
   * maps to its last slot). Keys of calls that came back or were aborted are left out: a
   * load of one of them makes a new slot, as it would on finding it.
   */
  private indexPending(): void {
    const index = new Map<K, Slot<K, V>>();
    this.flights = this.flights.filter((flight) => !flight.closed);
    for (const flight of this.flights) for (const slot of flight.slots) index.set(slot.key, slot);
    this.index = index;
    this.seen = new Set();
  }

  /** One 'abort' listener per signal, however many keys it covers. */
  private follow(signal: AbortSignal, slot: Slot<K, V>, resolve: Resolve<V>): void {
    let followed = this.bySignal.get(signal);
    if (!followed) {
      const list: Array<Slot<K, V> | Resolve<V>> = [];
      followed = list;
      this.bySignal.set(signal, list);
      signal.addEventListener(
        'abort',
        () => {
          this.bySignal.delete(signal);
          for (let i = 0; i < list.length; i += 2) this.abandon(list[i] as Slot<K, V>, list[i + 1] as Resolve<V>);
        },
        { once: true },
      );
    }
    followed.push(slot, resolve);
  }

  /** Puts a key in the call filling now (a new one when full). */
  private enqueue(slot: Slot<K, V>): void {
    let flight = this.queue[this.queue.length - 1];
    if (flight === undefined || flight.keys.length === this.maxBatchSize) {
      if (!this.scheduled) {
        this.scheduled = true;
        if (this.windowMs > 0) this.timer = setTimeout(this.flushNow, this.windowMs);
        else queueMicrotask(this.flushNow);
      }
      flight = newFlight();
      this.queue.push(flight);
      this.flights.push(flight);
    }
    flight.keys.push(slot.key);
    flight.slots.push(slot);
    slot.flight = flight;
    this.live++;
  }

  /** A waiter gave up. A queued key nobody waits for is dropped; a flight nobody waits for is aborted. */
  private abandon(slot: Slot<K, V>, resolve: Resolve<V>): void {
    if (!release(slot, resolve)) return; // already answered
    const flight = slot.flight as Flight<K, V>;
    if (!flight.sent) flight.requested--;
    if (--slot.waiters > 0) return;
    flight.waiting--;
    // Still queued: the flush leaves it out. (A re-ask in the same tick takes it back.)
    if (!flight.sent) this.dropped++;
    // Aborted a microtask later, unless someone asked again meanwhile: a widget re-mounted in
    // the same task (React StrictMode) keeps the call already sent.
    else if (flight.waiting === 0)
      queueMicrotask(() => {
        if (flight.waiting > 0 || flight.closed) return;
        flight.closed = true;
        flight.controller?.abort();
      });
  }

  private flush(): void {
    this.timer = undefined;
    let queue = this.queue;
    this.queue = [];
    if (this.dropped > 0) {
      // Keys everyone gave up on while queued are not sent; the others are packed again
      // (`scheduled` still set: that schedules nothing).
      this.dropped = 0;
      for (const flight of queue) flight.closed = true; // never sent: its keys move to new calls
      for (const slot of queue.flatMap((f) => f.slots)) {
        this.live--;
        const { anchored, waiters } = slot;
        slot.flight = undefined;
        if (waiters === 0) continue;
        this.enqueue(slot);
        const flight = slot.flight as unknown as Flight<K, V>;
        flight.waiting++;
        flight.requested += waiters;
        flight.anchored ||= anchored;
      }
      queue = this.queue;
      this.queue = [];
    }
    this.scheduled = false;
    for (const flight of queue) void this.send(flight);
    this.tidy();
  }

  private async send(flight: Flight<K, V>): Promise<void> {
    flight.sent = true;
    if (!flight.anchored) flight.controller = new AbortController();
    const signal = flight.controller ? flight.controller.signal : (this.life ??= new AbortController()).signal;
    this.options.onBatch?.({ requested: flight.requested, sent: flight.keys.length });
    let results: Outcomes<K, V> | undefined;
    let failure: Error | undefined;
    try {
      results = await this.options.fetch(flight.keys, signal);
      if (!(results instanceof Map || Array.isArray(results)))
        failure = new TypeError('Batcher: fetch must resolve with a Map or an array');
    } catch (err) {
      failure = asError(err);
    }
    this.land(flight, results as Outcomes<K, V>, failure);
  }

  /** A call came back: `settled` hears of all its keys, then each waiter. */
  private land(flight: Flight<K, V>, results: Outcomes<K, V>, failure: Error | undefined): void {
    const { settled, missing } = this.options;
    const { slots } = flight;
    flight.closed = true;
    // Gathered for `settled` only when someone listens (an object per key otherwise saved).
    const outcomes: Array<Settled<K, V>> | undefined = settled ? [] : undefined;
    const inOrder = failure === undefined && Array.isArray(results) ? (results as ReadonlyArray<V | Error>) : undefined;
    const byKey = failure === undefined && !inOrder ? (results as Map<K, V | Error>) : undefined;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as Slot<K, V>;
      const key = slot.key;
      let outcome: V | Error | undefined = failure;
      if (inOrder) outcome = i < inOrder.length ? inOrder[i] : missing(key);
      else if (byKey) {
        outcome = byKey.get(key);
        if (outcome === undefined && !byKey.has(key)) outcome = missing(key);
      }
      if (outcomes) outcomes.push({ key, outcome: outcome as V | Error, waiters: slot.waiters });
      else {
        answer(slot, outcome as V | Error, outcome instanceof Error);
        slot.flight = undefined; // answered: a new load queues it again
      }
    }
    try {
      if (outcomes) settled?.(outcomes);
    } finally {
      outcomes?.forEach(({ outcome }, i) => {
        const slot = slots[i] as Slot<K, V>;
        answer(slot, outcome, outcome instanceof Error);
        slot.flight = undefined;
      });
      // (Once disposed, everything is forgotten already.)
      if (!this.disposed) {
        this.live -= slots.length;
        this.tidy();
      }
    }
  }

  /**
   * Forgets answered keys: all at once when nothing is pending (one clear, cheaper than a
   * delete per key, profiled); if they pile up while others wait, keeps the pending ones.
   */
  private tidy(): void {
    const { live } = this;
    if (live === 0) this.forget();
    else if ((this.index?.size ?? this.seen.size) > 2 * live + 1024 || this.flights.length > live + 64)
      this.indexPending();
  }

  private forget(): void {
    this.live = 0;
    this.seen.clear();
    this.index = undefined;
    this.flights = [];
  }
}
