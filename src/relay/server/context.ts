import type { IvsStore } from '../../index.js';
import type { CheckedRelayOptions } from './check-options.js';
import type { LagSamples } from './lag.js';
import type { Fanout } from './shared-query.js';
import type { Session } from './session.js';
import type { RelayMetrics } from '../types.js';

/** What a relay's connections share: its options, its store, the sessions and the counters. */
export interface RelayContext<P> {
  options: CheckedRelayOptions<P>;
  store: IvsStore;
  /** The store's resources (its keys but `metrics$` and `dispose`): the only ones a client may name. */
  resources: ReadonlySet<string>;
  sessions: Map<string, Session<P>>;
  /** One subscription of the store per distinct query, shared by every watch of it (shared-query.ts). */
  queries: Map<string, Fanout>;
  refused: RelayMetrics['refused'];
  lag: LagSamples;
  /** Something metrics count changed. */
  changed(): void;
  /** Sockets welcomed and open now. */
  connections: number;
  stopped: boolean;
}
