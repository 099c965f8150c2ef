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
  /**
   * Told once per batch that comes back, before any of its waiters: every key of the call
   * with its outcome and how many waiters that outcome answers. Why: a consumer that writes
   * answers somewhere (a cache) writes the whole batch at once, instead of gathering
   * per-key answers again behind the Batcher.
   */
  settled?: (batch: ReadonlyArray<Settled<K, V>>) => void;
}

/** One key of a batch that came back. */
export interface Settled<K, V> {
  key: K;
  /** The key's value, or its error (the whole call's, when the call failed). */
  outcome: V | Error;
  /** Waiters this outcome answers (those who gave up before are not counted). */
  waiters: number;
}

interface Waiter<V> {
  resolve: (value: V) => void;
  reject: (error: unknown) => void;
}

/** One call on the wire: aborted once no key it carries has anyone waiting. */
interface Flight {
  /**
   * Only for a call that can be abandoned: every waiter of every key gave a signal. Why not
   * always: Node makes an AbortSignal in microseconds (dearer than the 50 keys it carries);
   * any other call can only stop on dispose, and shares the Batcher's signal.
   */
  controller: AbortController | undefined;
  /** Keys of this call that still have waiters. */
  waiting: number;
  aborted: boolean;
}

interface Slot<V> {
  key: unknown;
  waiters: Array<Waiter<V>>;
  requested: number;
  flight: Flight | undefined;
  /** A waiter without a signal never gives up: the call carrying this key is never abandoned. */
  anchored: boolean;
}

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
 * Per-key work is kept to a few object writes (DataLoader's league): waiters in arrays,
 * one listener per AbortSignal whatever the number of keys it covers (a poll passes one
 * signal for thousands of keys), and a flight counts its waiting keys so that an abort is
 * O(1), not a scan of everything in flight.
 */
export class Batcher<K, V> {
  private readonly maxBatchSize: number;
  private readonly windowMs: number;
  /** Every key queued or in flight (one lookup shares both); `queued` is what the next flush sends. */
  private readonly slots = new Map<K, Slot<V>>();
  private queued: Array<Slot<V>> = [];
  private readonly bySignal = new WeakMap<AbortSignal, Array<[Slot<V>, Waiter<V>]>>();
  private scheduled = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  /** Aborted on dispose: the signal of every call that cannot be abandoned. */
  private life: AbortController | undefined;

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
    return this.slots.size;
  }

  load(key: K, signal?: AbortSignal): Promise<V> {
    if (this.disposed) return Promise.reject(new Error('Batcher is disposed'));
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise<V>((resolve, reject) => {
      const waiter: Waiter<V> = { resolve, reject };
      let slot = this.slots.get(key);
      // A call that was aborted can only answer 'aborted': ask again.
      if (!slot || slot.flight?.aborted) slot = this.enqueue(key);
      if (slot.waiters.length === 0 && slot.flight) slot.flight.waiting++;
      slot.waiters.push(waiter);
      slot.requested++;
      if (signal) this.follow(signal, slot, waiter);
      else slot.anchored = true;
    });
  }

  /** Rejects everything waiting and stops scheduling. */
  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.life?.abort();
    for (const [key, slot] of this.slots) {
      slot.flight?.controller?.abort();
      for (const w of slot.waiters) w.reject(new Error(`Batcher disposed before ${String(key)} was loaded`));
      slot.waiters = [];
    }
    this.slots.clear();
    this.queued = [];
  }

  /** One 'abort' listener per signal, however many keys it covers. */
  private follow(signal: AbortSignal, slot: Slot<V>, waiter: Waiter<V>): void {
    let followed = this.bySignal.get(signal);
    if (!followed) {
      const list: Array<[Slot<V>, Waiter<V>]> = [];
      followed = list;
      this.bySignal.set(signal, list);
      signal.addEventListener(
        'abort',
        () => {
          this.bySignal.delete(signal);
          for (const [s, w] of list) this.abandon(s, w);
        },
        { once: true },
      );
    }
    followed.push([slot, waiter]);
  }

  private enqueue(key: K): Slot<V> {
    const slot: Slot<V> = { key, waiters: [], requested: 0, flight: undefined, anchored: false };
    this.slots.set(key, slot);
    this.queued.push(slot);
    if (!this.scheduled) {
      this.scheduled = true;
      if (this.windowMs > 0) this.timer = setTimeout(() => this.flush(), this.windowMs);
      else queueMicrotask(() => this.flush());
    }
    return slot;
  }

  /** A waiter gave up. A queued key nobody waits for is dropped; a flight nobody waits for is aborted. */
  private abandon(slot: Slot<V>, waiter: Waiter<V>): void {
    const i = slot.waiters.indexOf(waiter);
    if (i < 0) return; // already answered
    slot.waiters.splice(i, 1);
    waiter.reject(abortError());
    if (slot.waiters.length > 0) return;
    if (!slot.flight) {
      // Still queued: drop it (the flush skips slots nobody waits for).
      if (this.slots.get(slot.key as K) === slot) this.slots.delete(slot.key as K);
      return;
    }
    const flight = slot.flight;
    // Aborted a microtask later, unless someone asked again meanwhile: a widget re-mounted in
    // the same task (React StrictMode) keeps the call already sent.
    if (--flight.waiting === 0)
      queueMicrotask(() => {
        if (flight.waiting > 0) return;
        flight.aborted = true;
        flight.controller?.abort();
      });
  }

  private flush(): void {
    this.scheduled = false;
    this.timer = undefined;
    const batch = this.queued.filter((slot) => slot.waiters.length > 0);
    this.queued = [];
    for (let i = 0; i < batch.length; i += this.maxBatchSize) {
      void this.send(batch.slice(i, i + this.maxBatchSize));
    }
  }

  private async send(slots: Array<Slot<V>>): Promise<void> {
    const flight: Flight = { controller: undefined, waiting: 0, aborted: false };
    let requested = 0;
    let anchored = false;
    const keys: K[] = [];
    for (const slot of slots) {
      slot.flight = flight;
      requested += slot.requested;
      anchored ||= slot.anchored;
      if (slot.waiters.length > 0) flight.waiting++;
      keys.push(slot.key as K);
    }
    if (!anchored) flight.controller = new AbortController();
    const signal = flight.controller ? flight.controller.signal : (this.life ??= new AbortController()).signal;
    this.options.onBatch?.({ requested, sent: keys.length });
    let results: Map<K, V | Error> | undefined;
    let failure: unknown;
    let failed = false;
    try {
      results = await this.options.fetch(keys, signal);
    } catch (err) {
      failure = err;
      failed = true;
    }
    const outcomeOf = (key: K): V | Error =>
      failed ? asError(failure) : results?.has(key) ? (results.get(key) as V | Error) : this.options.missing(key);
    const { settled } = this.options;
    // Outcomes are gathered for `settled` only when someone listens (an object per key otherwise saved).
    const outcomes = settled
      ? slots.map(
          (slot): Settled<K, V> => ({
            key: slot.key as K,
            outcome: outcomeOf(slot.key as K),
            waiters: slot.waiters.length,
          }),
        )
      : undefined;
    for (const slot of slots) if (this.slots.get(slot.key as K) === slot) this.slots.delete(slot.key as K);
    try {
      if (outcomes) settled?.(outcomes);
    } finally {
      slots.forEach((slot, i) => {
        const outcome = outcomes ? (outcomes[i] as Settled<K, V>).outcome : outcomeOf(slot.key as K);
        const waiters = slot.waiters;
        slot.waiters = [];
        for (const w of waiters) {
          if (outcome instanceof Error) w.reject(outcome);
          else w.resolve(outcome);
        }
      });
    }
  }
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

function abortError(): Error {
  const err = new Error('The read was aborted: nobody waits for it any more');
  err.name = 'AbortError';
  return err;
}
