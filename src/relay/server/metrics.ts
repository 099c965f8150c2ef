import { auditTime, combineLatest, map, type Observable, ReplaySubject, share, startWith, type Subject } from 'rxjs';
import type { StoreMetrics } from '../../index.js';
import type { RelayContext } from './context.js';
import type { RelayMetrics } from '../types.js';

/** How often metrics$ emits at most, ms: counting watches walks every session. */
const EVERY_MS = 250;

/** The relay's metrics: on each change of the store's metrics or of the relay's counts, at most every 250 ms. */
export function relayMetrics$<P>(ctx: RelayContext<P>, changes: Subject<void>): Observable<RelayMetrics> {
  return combineLatest([ctx.store.metrics$, changes.pipe(startWith(undefined))]).pipe(
    auditTime(EVERY_MS),
    map(([store]) => snapshot(ctx, store)),
    share({ connector: () => new ReplaySubject(1), resetOnRefCountZero: true }),
  );
}

function snapshot<P>(ctx: RelayContext<P>, store: StoreMetrics): RelayMetrics {
  let watches = 0;
  let slow = 0;
  const queries = new Set<string>();
  for (const s of ctx.sessions.values()) {
    watches += s.watches.size;
    if (s.slow) slow++;
    for (const w of s.watches.values()) queries.add(w.query);
  }
  return {
    connections: ctx.connections,
    watches,
    queries: queries.size,
    role: store.tabs?.role ?? 'leader',
    relays: store.tabs?.members ?? 1,
    slow,
    lag: ctx.lag.percentiles(),
    refused: { ...ctx.refused },
    store,
  };
}
