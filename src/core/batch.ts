/** The Batcher's options and bookkeeping: what one key and one call carry, kept small (no object per waiter). */

export interface BatcherOptions<K, V> {
  /**
   * Sends one batch. Resolves with a value or an Error per key it knows about: by key in a
   * Map, or in the order of `keys` in an array (cheaper: no Map to build nor look up; keys
   * past its end are missing).
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
export type Reject = (error: unknown) => void;

/**
 * One call: filled while queued, then on the wire; aborted once no key it carries has
 * anyone waiting.
 */
export interface Flight<K, V> {
  keys: K[];
  slots: Array<Slot<K, V>>;
  /** Keys of this call that still have waiters. */
  waiting: number;
  /** Loads these keys answer, less those given up while queued (for `onBatch`). */
  requested: number;
  /** A waiter without a signal never gives up: nobody can abandon this call. */
  anchored: boolean;
  sent: boolean;
  /**
   * Only for a call that can be abandoned. Why not always: Node makes an AbortSignal in
   * microseconds (dearer than the 50 keys it carries); any other call can only stop on
   * dispose, and shares the Batcher's signal.
   */
  controller: AbortController | undefined;
  /** Aborted, or came back: it takes no more waiters (a key asked again gets a new slot). */
  closed: boolean;
}

export const newFlight = <K, V>(): Flight<K, V> => ({
  keys: [],
  slots: [],
  waiting: 0,
  requested: 0,
  anchored: false,
  sent: false,
  controller: undefined,
  closed: false,
});

/**
 * A key queued, in flight, or answered (`flight` undefined). Its first waiter is inline
 * (most keys have one), others in `more` as resolve, reject pairs. A waiter is known by its
 * resolve function (one per promise).
 */
export interface Slot<K, V> {
  key: K;
  resolve: Resolve<V> | undefined;
  reject: Reject | undefined;
  more: Array<Resolve<V> | Reject> | undefined;
  /** Waiters not yet answered nor gone. */
  waiters: number;
  flight: Flight<K, V> | undefined;
  /** A waiter without a signal came: the call carrying this key is never abandoned. */
  anchored: boolean;
}

/** Answers every waiter of a slot, once: a slot answered has none left. */
export function answer<K, V>(slot: Slot<K, V>, outcome: V | Error, failed: boolean): void {
  if (slot.resolve !== undefined) {
    if (failed) slot.reject?.(outcome);
    else slot.resolve(outcome as V);
    slot.resolve = slot.reject = undefined;
  }
  const more = slot.more;
  if (more !== undefined) {
    slot.more = undefined;
    for (let i = 0; i < more.length; i += 2) {
      if (failed) (more[i + 1] as Reject)(outcome);
      else (more[i] as Resolve<V>)(outcome as V);
    }
  }
  slot.waiters = 0;
}

/** Rejects one waiter with an AbortError; false if it was answered already. */
export function release<K, V>(slot: Slot<K, V>, resolve: Resolve<V>): boolean {
  let reject: Reject | undefined;
  if (slot.resolve === resolve) {
    reject = slot.reject;
    slot.resolve = slot.reject = undefined;
  } else {
    const i = slot.more ? slot.more.indexOf(resolve) : -1;
    if (i < 0) return false;
    reject = slot.more?.[i + 1] as Reject;
    slot.more?.splice(i, 2);
  }
  reject?.(abortError());
  return true;
}

export const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

export function abortError(): Error {
  const err = new Error('The read was aborted: nobody waits for it any more');
  err.name = 'AbortError';
  return err;
}
