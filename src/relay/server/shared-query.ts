import type { Observable, Subscription } from 'rxjs';

/**
 * Methods whose Observables are each subscriber's own, never shared between watches: events
 * (a subscriber gets its own first events; a late one must not be replayed another's last),
 * and paged lists (each browser pages on its own).
 */
const OWN: ReadonlySet<string> = new Set(['changes$', 'transitions$', 'pages$']);

/** What a watch is told of its query. */
export interface Target {
  next(value: unknown): void;
  error(err: unknown): void;
  complete(): void;
}

/** One store subscription of a query, and the watches it fans out to. */
export interface Fanout {
  targets: Set<Target>;
  /** The last value, replayed to a watch that joins. */
  latest: { value: unknown } | undefined;
  subscription: Subscription | undefined;
  /** Ended (error or complete) as it was subscribed: nothing to hold. */
  ended: boolean;
}

/** The store subscription a watch of `query` joins, if it may share one and one is there. */
export function sharedQuery(queries: Map<string, Fanout>, method: string, query: string): Fanout | undefined {
  return OWN.has(method) ? undefined : queries.get(query);
}

/**
 * The store subscribed once per distinct query, whatever the number of watches of it, and
 * fanned out to them. Why: derived Observables (`health$`, `summary$`, `healthHistory$`…)
 * map per subscriber, so a hundred sockets would derive a hundred copies of each value and
 * encode each (encoding.ts shares the text of one object); and a subscription chain per
 * watch cost a relay about 2 KB each, a dashboard's 170 watches a connection. Here a watch
 * is one entry in a Set. Returns how the watch leaves; the last one out unsubscribes.
 */
export function joinQuery(
  queries: Map<string, Fanout>,
  method: string,
  query: string,
  source: Fanout | Observable<unknown>,
  target: Target,
): { unsubscribe(): void } {
  if (OWN.has(method)) return (source as Observable<unknown>).subscribe(target);
  let q = source as Fanout;
  if (!('targets' in source)) {
    const made: Fanout = { targets: new Set([target]), latest: undefined, subscription: undefined, ended: false };
    q = made;
    queries.set(query, made);
    const end = (tell: (t: Target) => void) => {
      made.ended = true;
      if (queries.get(query) === made) queries.delete(query);
      for (const t of [...made.targets]) tell(t);
      made.targets.clear();
    };
    made.subscription = source.subscribe({
      next: (value) => {
        made.latest = { value };
        for (const t of [...made.targets]) t.next(value);
      },
      error: (err: unknown) => end((t) => t.error(err)),
      complete: () => end((t) => t.complete()),
    });
    if (made.ended) made.subscription.unsubscribe();
  } else {
    q.targets.add(target);
    if (q.latest) target.next(q.latest.value);
  }
  return {
    unsubscribe: () => {
      if (!q.targets.delete(target) || q.targets.size > 0) return;
      q.subscription?.unsubscribe();
      if (queries.get(query) === q) queries.delete(query);
    },
  };
}
