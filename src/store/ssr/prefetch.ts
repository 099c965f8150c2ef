import type { Observable, Subscription } from 'rxjs';
import type { Entry } from '../../core/entry.js';
import { disposedError, IvsStoreError } from '../../core/errors.js';

/**
 * The settled entries of `prefetch`'s reads, in their order and with their types.
 *
 * @example
 * ```ts
 * const reads = [store.channels.get$(arn), store.streams.get$(arn)] as const;
 * const [channel, stream]: Prefetched<typeof reads> = await prefetch(reads);
 * ```
 */
export type Prefetched<R extends readonly Observable<Entry<unknown>>[]> = {
  -readonly [K in keyof R]: R[K] extends Observable<infer E> ? E : never;
};

/**
 * Options of `prefetch`: a signal to stop waiting (a deadline for the server render).
 *
 * @example
 * ```ts
 * await prefetch([store.channels.list$()], { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
 * ```
 */
export interface PrefetchOptions {
  /** Stops waiting: every read is let go and the promise rejects with an `aborted` error. */
  signal?: AbortSignal;
}

/**
 * Reads what a page is about to show, and resolves once each read has settled.
 *
 * Each settles as `success`, `not-found` or `error` (a failed read does not reject: its
 * entry says so, as the page will). Every read is subscribed in the same tick, so reads of one kind share a call
 * (ten `channels.get$` are one BatchGetChannel), then let go: the data stays in the store's
 * cache for `dehydrate` and for the render, fresh for the reads' `staleTime`.
 *
 * Rejects only when nothing more can come: the store was disposed (`disposed`) or
 * `options.signal` aborted (`aborted`).
 *
 * @example
 * ```ts
 * const store = createIvsStore({ ivs, tabs: false });
 * const [channel] = await prefetch([store.channels.get$(arn), store.channels.list$()]);
 * if (channel.status === 'not-found') return notFoundPage();
 * ```
 */
export function prefetch<const R extends readonly Observable<Entry<unknown>>[]>(
  reads: R,
  options: PrefetchOptions = {},
): Promise<Prefetched<R>> {
  const { signal } = options;
  if (!Array.isArray(reads) || reads.some((r) => typeof (r as Partial<Observable<unknown>>)?.subscribe !== 'function'))
    return Promise.reject(
      new IvsStoreError({
        kind: 'validation',
        operation: 'prefetch',
        field: 'reads',
        message: "prefetch: 'reads' must be an array of the store's query Observables (get$, list$ …)",
      }),
    );
  return new Promise((resolve, reject) => {
    const subs: Subscription[] = [];
    const settled: Array<Entry<unknown> | undefined> = reads.map(() => undefined);
    let left = reads.length;
    let over = false;
    const end = (fn: () => void) => {
      if (over) return;
      over = true;
      signal?.removeEventListener('abort', abort);
      // Later: a read may settle while it is still being subscribed.
      queueMicrotask(() => {
        for (const s of subs) s.unsubscribe();
      });
      fn();
    };
    const abort = () =>
      end(() => reject(new IvsStoreError({ kind: 'aborted', operation: 'prefetch', message: 'prefetch: aborted' })));
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort);
    const done = () => end(() => resolve(settled as Prefetched<R>));
    reads.forEach((read, i) => {
      if (over) return;
      subs.push(
        read.subscribe({
          next(e) {
            // Settled: an answer, and no read someone waits for in flight (a stale entry shows
            // its old data while its first read is fetching).
            if (settled[i] !== undefined || e.status === 'loading' || e.fetching) return;
            settled[i] = e;
            if (--left === 0) done();
          },
          error: (err: unknown) => end(() => reject(err)),
          complete() {
            if (settled[i] === undefined) end(() => reject(disposedError('prefetch')));
          },
        }),
      );
    });
    if (left === 0) done();
  });
}
