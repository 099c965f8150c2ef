import type { TabsOptions } from '../../store/tabs.js';
import type { LockManagerLike, Transport } from '../../query/sync/protocol.js';
import type { RelayClusterOptions } from '../types.js';

/** Relays of one account on Redis: the store's `tabs` option, run over a lease and pub/sub. */
export interface Cluster {
  tabs: TabsOptions & { transport: (name: string) => Transport; locks: LockManagerLike };
  /** Lets go of the lease and the connections. */
  stop(): Promise<void>;
}

/** CONTRACT (helper C implements): connects to `redis` (URL or ioredis client) and gives the store's tabs options. */
export async function startCluster(redis: string | object, options: RelayClusterOptions): Promise<Cluster> {
  void redis;
  void options;
  throw new Error('not yet');
}
