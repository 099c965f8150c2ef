/**
 * `ivs-store/realtime`: the IVS RealTime resources (stages, participants, compositions,
 * configurations, replication, tags), given to the store as
 * `createIvsStore({ ivs, realtime: realtimeResources(new IVSRealTimeClient(config)) })`.
 *
 * Why an entry of its own: `@aws-sdk/client-ivs-realtime` is an optional peer. A bundler
 * resolves every import it can reach, dynamic ones included, so if the core entry could
 * reach the RealTime code an app without that package installed would not build. Only an
 * app that imports this entry reaches it; each resource's code still loads on first use.
 *
 * @module ivs-store/realtime
 */
import type { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import type { RealtimeResources } from '../index.js';
import { REALTIME_REGISTRY } from '../store/realtime-registry.js';

/**
 * The RealTime resources over an IVS RealTime client: pass them as the store's `realtime`.
 *
 * @example
 * ```ts
 * import { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
 * import { realtimeResources } from 'ivs-store/realtime';
 *
 * const store = createIvsStore({ ivs, realtime: realtimeResources(new IVSRealTimeClient({ region, maxAttempts: 1 })) });
 * ```
 */
export function realtimeResources(client: IVSRealTimeClient): RealtimeResources {
  if (!client || typeof (client as { send?: unknown }).send !== 'function') {
    throw new TypeError('realtimeResources: client must be an IVSRealTimeClient (an object with send())');
  }
  return { client, load: (name) => REALTIME_REGISTRY[name as keyof typeof REALTIME_REGISTRY]() };
}
