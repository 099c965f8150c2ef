import type { BatcherOptions, Flight, Outcomes, Resolve, Slot } from './batch.js';
import { abortError, answer, outcomeOf } from './batch.js';

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
 * Per-key work is DataLoader's and one Map lookup and insert (profiled, see
 * bench/scenarios/coalescer.ts): a key joins its call as it is asked for, its first waiter
 * is inline, one listener per AbortSignal whatever the number of keys it covers (a poll
 * passes one signal for thousands of keys), and a call counts its waiting keys so that an
 * abort is O(1). Members are `#private` so that minifiers shorten their names (the core's
 * size budget).
 */
export class Batcher<K, V> {
  readonly #options: BatcherOptions<K, V>;
  readonly #max: number;
  readonly #window: number;
  /** Every key queued, in flight, or answered since the Batcher was last idle. */
  readonly #slots = new Map<K, Slot<K, V>>();
  /** Keys queued or in flight. */
  #live = 0;
  /** Calls to send at the next flush; the last one is filling. */
  #queue: Array<Flight<K, V>> = [];
  /** Per signal, its waiters: slot, call and resolve function of each. */
  readonly #bySignal = new WeakMap<AbortSignal, Array<Slot<K, V> | Flight<K, V> | Resolve<V>>>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;
  /** Aborted on dispose: the signal of every call that cannot be abandoned. */
  #life: AbortController | undefined;

  constructor(options: BatcherOptions<K, V>) {
    const { maxBatchSize: max = 50, windowMs: win = 0 } = options;
    // One message for both (bytes: the store checks `batchWindow` already, sizes are constants).
    if (!(Number.isInteger(max) && max > 0 && Number.isFinite(win) && win >= 0))
      throw new TypeError(`Batcher: maxBatchSize must be a positive integer (${max}), windowMs a number >= 0 (${win})`);
    this.#options = options;
    this.#max = max;
    this.#window = win;
  }

  /** Number of keys waiting to be sent or in flight. */
  get pending(): number {
    return this.#live;
  }

  load(key: K, signal?: AbortSignal): Promise<V> {
    if (this.#disposed) return Promise.reject(new Error('Batcher is disposed'));
    if (signal?.aborted) return Promise.reject(abortError());
    // An executor written here, not a shared method: the compiler inlines it (10 ns a key, profiled).
    let resolve!: Resolve<V>;
    const promise = new Promise<V>((res) => {
      resolve = res;
    });
    let slot = this.#slots.get(key);
    // A call aborted can only answer 'aborted', and one that came back is answering: a new
    // slot asks again (the old one answers its call). A key answered is queued again.
    if (slot === undefined || slot.flight?.closed) {
      slot = { key, resolve, more: undefined, waiters: 0, flight: undefined };
      this.#slots.set(key, slot);
      this.#enqueue(slot);
    } else {
      if (slot.flight === undefined) this.#enqueue(slot);
      if (slot.resolve === undefined) slot.resolve = resolve;
      else (slot.more ??= []).push(resolve);
    }
    const flight = slot.flight as Flight<K, V>;
    if (slot.waiters++ === 0) flight.waiting++;
    flight.requested++;
    if (signal) this.#follow(signal, slot, flight, resolve);
    else flight.anchored = true;
    return promise;
  }

  /** Rejects everything waiting and stops scheduling. */
  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#timer);
    this.#life?.abort();
    const error = new Error('Batcher is disposed');
    for (const slot of this.#slots.values()) {
      slot.flight?.controller?.abort();
      answer(slot, error, true);
    }
    this.#live = 0;
    this.#slots.clear();
    this.#queue = [];
  }

  /** One 'abort' listener per signal, however many keys it covers. */
  #follow(signal: AbortSignal, slot: Slot<K, V>, flight: Flight<K, V>, resolve: Resolve<V>): void {
    let followed = this.#bySignal.get(signal);
    if (!followed) {
      const list: Array<Slot<K, V> | Flight<K, V> | Resolve<V>> = [];
      followed = list;
      this.#bySignal.set(signal, list);
      signal.addEventListener(
        'abort',
        () => {
          this.#bySignal.delete(signal);
          for (let i = 0; i < list.length; i += 3)
            this.#abandon(list[i] as Slot<K, V>, list[i + 1] as Flight<K, V>, list[i + 2] as Resolve<V>);
        },
        { once: true },
      );
    }
    followed.push(slot, flight, resolve);
  }

  /** Puts a key in the call filling now (a new one when full; the first schedules the flush). */
  #enqueue(slot: Slot<K, V>): void {
    const queue = this.#queue;
    let flight = queue[queue.length - 1];
    if (flight === undefined || flight.slots.length === this.#max) {
      if (flight === undefined)
        if (this.#window > 0) this.#timer = setTimeout(this.#flush, this.#window);
        else queueMicrotask(this.#flush);
      flight = { slots: [], waiting: 0, requested: 0 };
      queue.push(flight);
    }
    flight.slots.push(slot);
    slot.flight = flight;
    this.#live++;
  }

  /** A waiter gave up. A queued key nobody waits for is not sent; a call nobody waits for is aborted. */
  #abandon(slot: Slot<K, V>, flight: Flight<K, V>, resolve: Resolve<V>): void {
    // Answered already, or being answered (`settled` counted it): it gets its answer.
    if (slot.flight !== flight || flight.closed) return;
    // (A resolve function settles its promise once: the answer, when it comes, is ignored.)
    resolve(Promise.reject(abortError()) as V);
    if (--slot.waiters > 0) return;
    flight.waiting--;
    if (!flight.sent) {
      // Still queued: not sent (asked again in the same tick, it is queued again).
      flight.slots.splice(flight.slots.indexOf(slot), 1);
      slot.flight = slot.resolve = slot.more = undefined;
      this.#live--;
      return;
    }
    if (flight.waiting > 0) return;
    // Aborted a microtask later, unless someone asked again meanwhile: a widget re-mounted in
    // the same task (React StrictMode) keeps the call already sent.
    queueMicrotask(() => {
      if (flight.waiting > 0 || flight.closed) return;
      flight.closed = true;
      flight.controller?.abort();
    });
  }

  readonly #flush = (): void => {
    const queue = this.#queue;
    this.#queue = [];
    for (const flight of queue) void this.#send(flight);
    this.#tidy();
  };

  async #send(flight: Flight<K, V>): Promise<void> {
    flight.sent = true;
    const keys = flight.slots.map((slot) => slot.key);
    if (keys.length === 0) return; // everyone gave up while it was queued
    if (!flight.anchored) flight.controller = new AbortController();
    const signal = (flight.controller ?? (this.#life ??= new AbortController())).signal;
    this.#options.onBatch?.({ requested: flight.requested, sent: keys.length });
    let results: Outcomes<K, V> | undefined;
    let failure: Error | undefined;
    try {
      results = await this.#options.fetch(keys, signal);
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
    }
    this.#land(flight, results, failure);
  }

  /** A call came back: `settled` hears of all its keys (objects made only for it), then each waiter. */
  #land(flight: Flight<K, V>, results: Outcomes<K, V> | undefined, failure: Error | undefined): void {
    const { settled, missing } = this.#options;
    const { slots } = flight;
    flight.closed = true;
    const outcomes = slots.map((slot, i) => failure ?? outcomeOf(results, i, slot.key, missing));
    try {
      settled?.(slots.map(({ key, waiters }, i) => ({ key, outcome: outcomes[i] as V | Error, waiters })));
    } finally {
      slots.forEach((slot, i) => {
        const outcome = outcomes[i] as V | Error;
        answer(slot, outcome, outcome instanceof Error);
      });
      // (Once disposed, everything is forgotten already.)
      if (!this.#disposed) {
        this.#live -= slots.length;
        this.#tidy();
      }
    }
  }

  /**
   * Forgets answered keys: all at once when nothing is pending (one clear, cheaper than a
   * delete per key, profiled); one by one only if they pile up while others wait.
   */
  #tidy(): void {
    const live = this.#live;
    if (live === 0) this.#slots.clear();
    else if (this.#slots.size > 2 * live + 1024)
      for (const [key, slot] of this.#slots) if (slot.flight === undefined) this.#slots.delete(key);
  }
}
