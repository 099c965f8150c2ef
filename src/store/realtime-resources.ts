import type { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';

/** What `realtimeResources(client)` from `ivs-store/realtime` returns: pass it as `realtime`. */
export interface RealtimeResources {
  /** The IVS RealTime client every RealTime call is sent with. */
  readonly client: IVSRealTimeClient;
  /**
   * Loads the chunk of one RealTime resource's code, by the resource's name on the store.
   * Its factory's type is checked in the table of chunks (realtime-registry.ts), not here:
   * naming it here would tie the public options type to the registry and back.
   */
  readonly load: (name: string) => Promise<object>;
}
