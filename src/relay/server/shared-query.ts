import { finalize, type Observable, shareReplay } from 'rxjs';
import type { RelayContext } from './context.js';

/**
 * Methods whose Observables are each subscriber's own, never shared between watches: events
 * (a subscriber gets its own first events; a late one must not be replayed another's last),
 * and paged lists (each browser pages on its own).
 */
const OWN: ReadonlySet<string> = new Set(['changes$', 'transitions$', 'pages$']);

/**
 * The store subscribed once per distinct query, whatever the number of watches of it. Why:
 * derived Observables (`health$`, `summary$`, `healthHistory$`…) map per subscriber, so a
 * hundred sockets would derive a hundred copies of each value, encode each and keep each in
 * their resume rings; shared, one value object is derived, encoded once per secret policy
 * (encoding.ts) and its text held once. The last value is replayed to a watch that joins.
 */
export function sharedQuery<P>(ctx: RelayContext<P>, method: string, query: string): Observable<unknown> | undefined {
  return OWN.has(method) ? undefined : ctx.queries.get(query);
}

/** `source` shared under `query` (unless the method is one of `OWN`), forgotten when its last watch ends. */
export function shareQuery<P>(
  ctx: RelayContext<P>,
  method: string,
  query: string,
  source: Observable<unknown>,
): Observable<unknown> {
  if (OWN.has(method)) return source;
  const shared = source.pipe(
    finalize(() => {
      if (ctx.queries.get(query) === shared) ctx.queries.delete(query);
    }),
    shareReplay({ bufferSize: 1, refCount: true }),
  );
  ctx.queries.set(query, shared);
  return shared;
}
