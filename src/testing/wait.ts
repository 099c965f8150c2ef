/**
 * Waiting for a value in tests, on real time even under fake timers: a test that has
 * frozen the clock still gets its timeout error instead of hanging until the runner's.
 */
import type { Observable } from 'rxjs';
import type { Entry, ErrorEntry, NotFoundEntry, SuccessEntry } from '../index.js';

type TimerName = 'setTimeout' | 'clearTimeout' | 'setImmediate';
type Faked = { clock?: Record<string, unknown> };

/**
 * The real timer function even while `vi.useFakeTimers()` / Jest's modern timers are
 * installed: both use @sinonjs/fake-timers, which keeps the original as `clock._<name>`.
 */
export function realTimer<K extends TimerName>(name: K): (typeof globalThis)[K] {
  const current = globalThis[name] as (typeof globalThis)[K] & Faked;
  return ((current.clock?.[`_${name}`] as (typeof globalThis)[K] | undefined) ?? current) as (typeof globalThis)[K];
}

/**
 * How long `waitFor` and `firstSettled` wait by default, ms: within a test runner's usual 5 s.
 *
 * @example
 * ```ts
 * import { DEFAULT_WAIT_MS } from 'ivs-store/testing';
 *
 * console.log(DEFAULT_WAIT_MS); // 3000
 * ```
 */
export const DEFAULT_WAIT_MS = 3000;

/**
 * How long `waitFor` and `firstSettled` wait, and what their timeout error calls the awaited value.
 *
 * @example
 * ```ts
 * import { type WaitOptions } from 'ivs-store/testing';
 *
 * const options: WaitOptions = { timeout: 1000, what: 'channel renamed' };
 * ```
 */
export interface WaitOptions {
  /** Give up after this long, ms of real time (fake timers do not move it). Default 3000. */
  timeout?: number;
  /** Said in the timeout error, e.g. `'channel renamed'`. */
  what?: string;
}

/**
 * The first value of `source` that satisfies `predicate`.
 *
 * Rejects with an error saying what was awaited and the last value seen if none does within `timeout` (real time), and with
 * the Observable's own error if it fails first.
 *
 * @example
 * ```ts
 * import { createTestStore, waitFor } from 'ivs-store/testing';
 *
 * const t = await createTestStore();
 * const arn = t.control.ivs.createChannel({ name: 'lobby' }).arn;
 * const entry = await waitFor(t.store.channels.get$(arn), (e) => e.status === 'success', { timeout: 2000 });
 * console.log(entry.data?.name); // 'lobby'
 * await t.stop();
 * ```
 */
export function waitFor<T, S extends T>(
  source: Observable<T>,
  predicate: (value: T) => value is S,
  options?: WaitOptions,
): Promise<S>;
export function waitFor<T>(source: Observable<T>, predicate: (value: T) => boolean, options?: WaitOptions): Promise<T>;
export function waitFor<T>(source: Observable<T>, predicate: (value: T) => boolean, options: WaitOptions = {}) {
  const ms = options.timeout ?? DEFAULT_WAIT_MS;
  if (!(typeof ms === 'number' && ms > 0 && Number.isFinite(ms)))
    return Promise.reject(new TypeError(`waitFor: timeout must be a positive number of ms, got ${String(ms)}`));
  const what = options.what ?? 'value matching the predicate';
  return new Promise<T>((resolve, reject) => {
    let seen = 0;
    let last: T | undefined;
    let done = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      realTimer('clearTimeout')(timer);
      // Unsubscribed after the call that delivered the value has returned.
      queueMicrotask(() => sub?.unsubscribe());
      fn();
    };
    const timer = realTimer('setTimeout')(() => {
      const lastSeen = seen === 0 ? 'nothing was emitted' : `${seen} value(s) seen, the last: ${preview(last)}`;
      finish(() => reject(new Error(`waitFor: no ${what} within ${ms} ms (real time); ${lastSeen}`)));
    }, ms);
    const sub = source.subscribe({
      next: (value) => {
        seen++;
        last = value;
        let matched: boolean;
        try {
          matched = predicate(value);
        } catch (err) {
          return finish(() => reject(err));
        }
        if (matched) finish(() => resolve(value));
      },
      error: (err: unknown) => finish(() => reject(err)),
      complete: () =>
        finish(() => reject(new Error(`waitFor: the Observable completed without ${what}; last: ${preview(last)}`))),
    });
  });
}

/**
 * An entry that is no longer loading: what `firstSettled` resolves with.
 *
 * @example
 * ```ts
 * import type { StoreChannel } from 'ivs-store';
 * import type { SettledEntry } from 'ivs-store/testing';
 *
 * const nameOf = (e: SettledEntry<StoreChannel>) => (e.status === 'success' ? e.data.name : e.status);
 * ```
 */
export type SettledEntry<T> = SuccessEntry<T> | ErrorEntry<T> | NotFoundEntry;

/**
 * The first entry of a query that is not `loading`: `success`, `error` or `not-found`.
 *
 * @example
 * ```ts
 * import { createTestStore, firstSettled } from 'ivs-store/testing';
 *
 * const t = await createTestStore();
 * const arn = t.control.ivs.createChannel({ name: 'lobby' }).arn;
 * const entry = await firstSettled(t.store.channels.get$(arn));
 * if (entry.status === 'success') console.log(entry.data.name); // 'lobby'
 * await t.stop();
 * ```
 */
export function firstSettled<T>(source: Observable<Entry<T>>, options: WaitOptions = {}): Promise<SettledEntry<T>> {
  return waitFor(source, (e): e is SettledEntry<T> => e.status !== 'loading', {
    what: 'settled entry (success, error or not-found)',
    ...options,
  });
}

/** A short, safe look at a value for an error message (Secrets serialize redacted). */
function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
