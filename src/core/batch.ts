/** The Batcher's options and bookkeeping: what one key and one call carry, kept small (no object per waiter). */

export interface BatcherOptions<K, V> {
  /**
   * Sends one batch. Resolves with a value or an Error per key it knows about: by key in a
   * Map, or in the order of `keys` in an array (cheaper: no Map to build nor look up; an
   * entry undefined or past its end is missing).
   */
  fetch: (keys: K[], signal: AbortSignal) => Promise<Outcomes<K, V>>;
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

export type Outcomes<K, V> = Map<K, V | Error> | ReadonlyArray<V | Error>;

/** One key of a batch that came back. */
export interface Settled<K, V> {
  key: K;
  /** The key's value, or its error (the whole call's, when the call failed). */
  outcome: V | Error;
  /** Waiters this outcome answers (those who gave up before are not counted). */
  waiters: number;
}

export type Resolve<V> = (value: V) => void;

/**
 * One call: filled while queued, then on the wire; aborted once no key it carries has
 * anyone waiting. Flags start unset (fewer bytes than a literal of falses).
 */
export interface Flight<K, V> {
  slots: Array<Slot<K, V>>;
  /** Keys of this call that still have waiters. */
  waiting: number;
  /** Loads of these keys while the call was queued, given up or not (for `onBatch`). */
  requested: number;
  /** A waiter without a signal never gives up: nobody can abandon this call. */
  anchored?: boolean;
  sent?: boolean;
  /**
   * Only for a call that can be abandoned. Why not always: Node makes an AbortSignal in
   * microseconds (dearer than the 50 keys it carries); any other call can only stop on
   * dispose, and shares the Batcher's signal.
   */
  controller?: AbortController;
  /** Aborted, or came back: it takes no more waiters (a key asked again gets a new slot). */
  closed?: boolean;
}

/**
 * A key queued, in flight, or answered (`flight` undefined). Its first waiter is inline
 * (most keys have one), others in `more`; a waiter is its promise's resolve function.
 */
export interface Slot<K, V> {
  key: K;
  resolve: Resolve<V> | undefined;
  more: Array<Resolve<V>> | undefined;
  /** Waiters not yet answered nor gone. */
  waiters: number;
  flight: Flight<K, V> | undefined;
}

/**
 * Answers every waiter of a slot, once: a slot answered has none left, and no call (a new
 * load queues it again; an abort of a waiter answered does nothing). A failure reaches the
 * waiters as one promise rejected for all (why no reject function is kept per waiter).
 */
export function answer<K, V>(slot: Slot<K, V>, outcome: V | Error, failed: boolean): void {
  const { resolve, more, waiters } = slot;
  slot.resolve = slot.more = slot.flight = undefined;
  slot.waiters = 0;
  if (waiters === 0) return; // (a rejection nobody handles would be reported)
  const answer = (failed ? Promise.reject(outcome) : outcome) as V;
  resolve?.(answer);
  if (more) for (const r of more) r(answer);
}

/** The outcome of the i-th key of a call; a key the answer leaves out is `missing`. */
export function outcomeOf<K, V>(results: Outcomes<K, V> | undefined, i: number, key: K, missing: (key: K) => Error) {
  const byKey = results instanceof Map;
  const value = byKey ? results.get(key) : (results as ReadonlyArray<V | Error> | undefined)?.[i];
  return value !== undefined || (byKey && results.has(key)) ? (value as V | Error) : missing(key);
}

export function abortError(): Error {
  const err = new Error('The read was aborted: nobody waits for it any more');
  err.name = 'AbortError';
  return err;
}
