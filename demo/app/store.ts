import { IvsClient } from '@aws-sdk/client-ivs';
import { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import type { createIvsStore, EventFeed, EventsOptions, IvsStore } from 'ivs-store';
import type { realtimeResources } from 'ivs-store/realtime';
import type { DemoConfig } from './config.js';

/**
 * The dashboard's store: the page's own SDK clients (signing its requests, to the
 * simulator or to AWS, as a production page would) and the refresh interval the server
 * says. The library is passed in, so that the tests and the bench that count the page's
 * calls build the very same store over the sources or the build they measure. `events`,
 * when given, is the store's `events` option as is: with the "push events" switch on, the
 * simulator's EventBridge events over SSE (push.ts); the tests and the bench pass the
 * simulator's feed in process.
 */
export function dashboardStore(
  config: DemoConfig,
  lib: { createIvsStore: typeof createIvsStore; realtimeResources: typeof realtimeResources },
  events?: EventFeed | EventsOptions,
): IvsStore {
  if (!config.credentials)
    throw new Error('dashboardStore: the page has no credentials (a relay page uses relayStore)');
  const clientConfig = {
    region: config.region,
    credentials: config.credentials,
    // The store retries through its quota scheduler; SDK retries would bypass it.
    maxAttempts: 1,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
  };
  return lib.createIvsStore({
    ivs: new IvsClient(clientConfig),
    realtime: lib.realtimeResources(new IVSRealTimeClient(clientConfig)),
    refetchInterval: config.refetchInterval,
    ...(events ? { events } : {}),
  });
}
