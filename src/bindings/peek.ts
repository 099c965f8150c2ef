import type { Observable } from 'rxjs';

/**
 * The store's query Observables answer this registry symbol with what a new subscriber would
 * be given first, read from the cache without subscribing (the engine's PEEK: the bindings do
 * not import the engine, and a registry symbol is the same in an ESM and a CJS copy).
 */
const PEEK = Symbol.for('ivs-store.peek');

/**
 * What `obs` would give a new subscriber first, if it can tell without being subscribed (the
 * store's `get$` and `list$` can); undefined otherwise. No side effect: safe in a render.
 */
export function peek<T>(obs: Observable<T>): T | undefined {
  const p = (obs as unknown as { [PEEK]?: () => T | undefined })[PEEK];
  return typeof p === 'function' ? p.call(obs) : undefined;
}
