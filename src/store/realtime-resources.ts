import type { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import type { StoreContext } from '../query/context.js';

/**
 * The RealTime family's module as the store loads it. Its resources' types are checked in
 * the module itself (its return type, `FamilyApis`), not here: naming them here would tie the public options
 * type to the registry and back.
 */
export interface RealtimeModule {
  createRealtimeFamily(ctx: StoreContext, client: IVSRealTimeClient): object;
}

/** What `realtimeResources(client)` from `ivs-store/realtime` returns: pass it as `realtime`. */
export interface RealtimeResources {
  readonly client: IVSRealTimeClient;
  /** Loads the RealTime resources' code (a chunk of its own). */
  readonly load: () => Promise<RealtimeModule>;
}
