import type { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import type * as RealtimeModule from './realtime-family.js';

/** What `realtimeResources(client)` from `ivs-store/realtime` returns: pass it as `realtime`. */
export interface RealtimeResources {
  readonly client: IVSRealTimeClient;
  /** Loads the RealTime resources' code (a chunk of its own). */
  readonly load: () => Promise<typeof RealtimeModule>;
}
