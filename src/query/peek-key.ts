import type { Observable } from 'rxjs';

// The key of a query's peek and the two calls on it, without the engine: the store's tabs
// wrapper, loaded up front, passes peeks on (what pipes a query is in peeked.ts, loaded with it).

/**
 * The key of a query's peek: what a new subscriber would be given first, read without
 * subscribing (nothing watched, polled or read), so a framework can render cached data in
 * its first render, and on the server. A registry symbol: the bindings, which do not import
 * the engine, name it too (and an ESM and a CJS copy agree on it).
 */
export const PEEK: unique symbol = Symbol.for('ivs-store.peek');

/** A query's current value from the cache alone; the same object while unchanged. */
export type Peek<E> = () => E | undefined;

type Peekable<T> = Observable<T> & { [PEEK]?: Peek<T> };

/** What `obs` would give a new subscriber first, if it can tell without a subscription; undefined otherwise. */
export function peekOf<T>(obs: Observable<T>): T | undefined {
  const p = (obs as Peekable<T>)[PEEK];
  return typeof p === 'function' ? p.call(obs) : undefined;
}

/** `obs` answering PEEK with `peek`, which must read only the cache and give the same object while nothing changed. */
export function withPeek<T>(obs: Observable<T>, peek: Peek<T>): Observable<T> {
  (obs as Peekable<T>)[PEEK] = peek;
  return obs;
}
