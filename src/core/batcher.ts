/**
 * Coalesces per-key reads into batch calls, DataLoader-style. Keys asked for in the same
 * tick (or within `windowMs`) are sent together, at most `maxBatchSize` per call; the
 * same key asked twice, or asked while already in flight, shares one request. Results map
 * back by key: an error for one key fails only that key, and a key the response leaves
 * out fails with `missing(key)` (some servers omit unknown keys instead of erroring).
 *
 * Why a microtask and not a timer by default: UI frameworks subscribe all the widgets of
 * one render synchronously, so one microtask collects them all without adding latency.
 */
export interface BatcherOptions<K, V> {
  /** Sends one batch. Resolves with a value or an Error per key it knows about. */
  fetch: (keys: K[], signal: AbortSignal) => Promise<Map<K, V | Error>>;
  /** The error for a key the response did not mention. */
  missing: (key: K) => Error;
  /** At most this many keys per call. Default 50 (IVS batch limit). */
  maxBatchSize?: number;
  /** Collect keys for this long before sending; 0 (default) means the current tick. */
  windowMs?: number;
  /** Told about every batch sent: how many keys were asked for and how many were sent. */
  onBatch?: (info: { requested: number; sent: number }) => void;
}

interface Waiter<V> {
  resolve: (value: V) => void;
  reject: (error: unknown) => void;
}

interface Slot<V> {
  waiters: Set<Waiter<V>>;
  requested: number;
  flight: AbortController | undefined;
}

export class Batcher<K, V> {
  private readonly maxBatchSize: number;
  private readonly windowMs: number;
  private queue = new Map<K, Slot<V>>();
  private readonly inFlight = new Map<K, Slot<V>>();
  private scheduled = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(private readonly options: BatcherOptions<K, V>) {
    const max = options.maxBatchSize ?? 50;
    if (!Number.isInteger(max) || max < 1) throw new TypeError(`Batcher: maxBatchSize must be a positive integer, got ${String(options.maxBatchSize)}`);
    const win = options.windowMs ?? 0;
    if (!(typeof win === 'number' && win >= 0 && Number.isFinite(win))) throw new TypeError(`Batcher: windowMs must be a non-negative number, got ${String(options.windowMs)}`);
    this.maxBatchSize = max;
    this.windowMs = win;
  }

  /** Number of keys waiting to be sent or in flight. */
  get pending(): number {
    return this.queue.size + this.inFlight.size;
  }

  load(key: K, signal?: AbortSignal): Promise<V> {
    if (this.disposed) return Promise.reject(new Error('Batcher is disposed'));
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise<V>((resolve, reject) => {
      const waiter: Waiter<V> = { resolve, reject };
      const slot = this.inFlight.get(key) ?? this.queue.get(key) ?? this.enqueue(key);
      slot.waiters.add(waiter);
      slot.requested++;
      signal?.addEventListener('abort', () => this.abandon(key, slot, waiter), { once: true });
    });
  }

  /** Rejects everything waiting and stops scheduling. */
  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    for (const [key, slot] of [...this.queue, ...this.inFlight]) {
      slot.flight?.abort();
      for (const w of slot.waiters) w.reject(new Error(`Batcher disposed before ${String(key)} was loaded`));
    }
    this.queue.clear();
    this.inFlight.clear();
  }

  private enqueue(key: K): Slot<V> {
    const slot: Slot<V> = { waiters: new Set(), requested: 0, flight: undefined };
    this.queue.set(key, slot);
    if (!this.scheduled) {
      this.scheduled = true;
      if (this.windowMs > 0) this.timer = setTimeout(() => this.flush(), this.windowMs);
      else queueMicrotask(() => this.flush());
    }
    return slot;
  }

  /** A waiter gave up. A queued key nobody waits for is dropped; a flight nobody waits for is aborted. */
  private abandon(key: K, slot: Slot<V>, waiter: Waiter<V>): void {
    if (!slot.waiters.delete(waiter)) return;
    waiter.reject(abortError());
    if (slot.waiters.size > 0) return;
    if (this.queue.get(key) === slot) this.queue.delete(key);
    if (slot.flight && [...this.inFlight.values()].every((s) => s.flight !== slot.flight || s.waiters.size === 0)) slot.flight.abort();
  }

  private flush(): void {
    this.scheduled = false;
    this.timer = undefined;
    const batch = this.queue;
    this.queue = new Map();
    const keys = [...batch.keys()];
    for (let i = 0; i < keys.length; i += this.maxBatchSize) {
      void this.send(keys.slice(i, i + this.maxBatchSize), batch);
    }
  }

  private async send(keys: K[], batch: Map<K, Slot<V>>): Promise<void> {
    const controller = new AbortController();
    let requested = 0;
    for (const key of keys) {
      const slot = batch.get(key) as Slot<V>;
      slot.flight = controller;
      requested += slot.requested;
      this.inFlight.set(key, slot);
    }
    this.options.onBatch?.({ requested, sent: keys.length });
    let results: Map<K, V | Error> | undefined;
    let failure: unknown;
    try {
      results = await this.options.fetch(keys, controller.signal);
    } catch (err) {
      failure = err;
    }
    for (const key of keys) {
      const slot = batch.get(key) as Slot<V>;
      if (this.inFlight.get(key) === slot) this.inFlight.delete(key);
      const outcome = failure !== undefined ? failure : results?.has(key) ? results.get(key) : this.options.missing(key);
      for (const w of slot.waiters) {
        if (outcome instanceof Error || failure !== undefined) w.reject(outcome);
        else w.resolve(outcome as V);
      }
      slot.waiters.clear();
    }
  }
}

function abortError(): Error {
  const err = new Error('The read was aborted: nobody waits for it any more');
  err.name = 'AbortError';
  return err;
}
