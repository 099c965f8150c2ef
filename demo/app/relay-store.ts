import type { createIvsStore, IvsStore } from 'ivs-store';
import type { DemoConfig } from './config.js';

/**
 * The dashboard's store with `--relay`: no AWS clients and no credentials in the page, one
 * WebSocket to the relay, which reads once for every page and holds the credentials. This
 * module imports no AWS SDK, so a relay page never loads it (the browser test measures it).
 */
export function relayStore(
  relay: NonNullable<DemoConfig['relay']>,
  lib: { createIvsStore: typeof createIvsStore },
): IvsStore {
  return lib.createIvsStore({ relay: { url: relay.url, token: relay.token } });
}
