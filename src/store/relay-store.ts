import type { Observable } from 'rxjs';
import { defaultEnvironment } from '../core/environment.js';
import { disposedError, IvsStoreError } from '../core/errors.js';
import type { RelayClient, RelayClientInit } from '../query/relay/client.js';
import type { WebSocketConstructorLike } from '../query/relay/options.js';
import type { StoreMetrics } from '../core/metrics.js';
import type { IvsStore, RelayStoreOptions } from './ivs-store.js';
import { durationOption } from './duration-option.js';
import { lazyResource, once } from './lazy-resource.js';
import { REGISTRY } from './registry.js';

/** Whether `createIvsStore` was given relay options (then `ivs` must not be there). */
export const isRelayOptions = (options: unknown): options is RelayStoreOptions =>
  typeof options === 'object' && options !== null && (options as { relay?: unknown }).relay !== undefined;

/**
 * The store over a relay. Its code (the connection, the remote queries) is a chunk loaded as
 * the store starts: an app reading directly pays only for this file, and a relay-mode page
 * loads the core and that chunk, no resource code and no AWS SDK. Until the chunk is there,
 * resources are stand-ins that take every call (lazy-resource.ts).
 */
export function createRelayStore(options: RelayStoreOptions): IvsStore {
  const init = checkRelayOptions(options);
  let disposed = false;
  let client: RelayClient | undefined;
  const gone = () => disposedError('relay');
  const load = once(() =>
    disposed
      ? Promise.reject(gone())
      : import('../query/relay/client.js').then(
          (m) => {
            if (disposed) throw gone();
            return (client ??= m.startRelayClient(init));
          },
          (err: unknown) => {
            throw new IvsStoreError({
              kind: 'network',
              operation: 'relay',
              message: `relay client code: ${err}`,
              cause: err,
            });
          },
        ),
  );
  const store = {} as Record<string, unknown>;
  for (const name of Object.keys(REGISTRY))
    store[name] = lazyResource(name, () => load().then((c) => c.resource(name)));
  // `metrics$` behind a stand-in too: it subscribes once the code is there, and completes if disposed first.
  const relay = lazyResource<{ metrics$(): Observable<StoreMetrics> }>('relay', () =>
    load().then((c) => ({ metrics$: () => c.metrics$ })),
  );
  // The socket opens as the store starts, as a direct store's first reads would.
  load().catch(() => undefined);
  return Object.assign(store as unknown as Omit<IvsStore, 'metrics$' | 'dispose'>, {
    metrics$: relay.metrics$(),
    dispose() {
      if (disposed) return;
      disposed = true;
      client?.dispose();
    },
  });
}

function checkRelayOptions(options: RelayStoreOptions): RelayClientInit {
  const fail = (msg: string): never => {
    throw new TypeError(`createIvsStore: ${msg}`);
  };
  const given = options as unknown as Record<string, unknown>;
  for (const direct of ['ivs', 'realtime', 'tabs', 'events'])
    if (given[direct] !== undefined) fail(`${direct} cannot be given with relay (the relay reads)`);
  const r = (typeof options.relay === 'object' && options.relay) || fail('relay must be an object { url, token? }');
  if (!/^wss?:\/\/[^/\s]/i.test(String(r.url)))
    fail(`relay.url must be a ws:// or wss:// URL, got ${JSON.stringify(r.url)}`);
  // The token itself is never shown: it is a credential.
  if (r.token !== undefined && !/^(string|function)$/.test(typeof r.token))
    fail('relay.token must be a string or a function returning one (or its Promise)');
  const WebSocket = r.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructorLike }).WebSocket;
  if (typeof WebSocket !== 'function')
    fail(
      "relay.WebSocket must be a WebSocket class (where there is no global one, Node before 22: the 'ws' package's)",
    );
  const { initialDelay: i, maxDelay: m } = r.reconnect ?? {};
  const initialDelay = durationOption('relay.reconnect.initialDelay', i, 500);
  const maxDelay = durationOption('relay.reconnect.maxDelay', m, 30_000);
  if (maxDelay < initialDelay) fail('relay.reconnect.maxDelay must be at least its initialDelay');
  return {
    url: r.url,
    token: r.token,
    WebSocket: WebSocket as WebSocketConstructorLike,
    initialDelay,
    maxDelay,
    gcTime: durationOption('gcTime', options.gcTime, 5 * 60_000, true),
    online$: (options.environment ?? defaultEnvironment()).online$,
  };
}
