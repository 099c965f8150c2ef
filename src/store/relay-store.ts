import { Observable, type Subscription } from 'rxjs';
import { defaultEnvironment } from '../core/environment.js';
import { disposedError, IvsStoreError } from '../core/errors.js';
import type { RelayClient, RelayClientInit } from '../query/relay/client.js';
import type { WebSocketConstructorLike } from '../query/relay/options.js';
import type { StoreMetrics } from '../core/metrics.js';
import type { IvsStore, RelayStoreOptions } from './ivs-store.js';
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
              message: `Could not load the relay client code: ${err instanceof Error ? err.message : String(err)}`,
              cause: err,
            });
          },
        ),
  );
  const store = {} as Record<string, unknown>;
  for (const name of Object.keys(REGISTRY))
    store[name] = lazyResource(name, () => load().then((c) => c.resource(name)));
  // The socket opens as the store starts, as a direct store's first reads would.
  load().catch(() => undefined);
  const metrics$ = new Observable<StoreMetrics>((subscriber) => {
    let inner: Subscription | undefined;
    let closed = false;
    load().then(
      (c) => {
        if (!closed) inner = c.metrics$.subscribe(subscriber);
      },
      () => subscriber.complete(),
    );
    return () => {
      closed = true;
      inner?.unsubscribe();
    };
  });
  return Object.assign(store as unknown as Omit<IvsStore, 'metrics$' | 'dispose'>, {
    metrics$,
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
    if (given[direct] !== undefined)
      fail(`${direct} cannot be given with relay: in relay mode the relay reads (give one or the other)`);
  const relay = options.relay as unknown as Record<string, unknown> | null;
  if (typeof relay !== 'object' || relay === null)
    fail('relay must be an object { url, token?, WebSocket?, reconnect? }');
  const r = relay as Record<string, unknown>;
  if (typeof r.url !== 'string' || !/^wss?:\/\/[^/\s]/i.test(r.url))
    fail(
      `relay.url must be a ws:// or wss:// URL, got ${typeof r.url === 'string' ? JSON.stringify(r.url) : String(r.url)}`,
    );
  // The token itself is never shown: it is a credential.
  if (r.token !== undefined && typeof r.token !== 'string' && typeof r.token !== 'function')
    fail(`relay.token must be a string or a function returning one (or a Promise of one), got a ${typeof r.token}`);
  const WebSocket = (r.WebSocket ?? (globalThis as { WebSocket?: unknown }).WebSocket) as unknown;
  if (typeof WebSocket !== 'function')
    fail(
      r.WebSocket === undefined
        ? "relay.WebSocket is needed where there is no global WebSocket (Node before 22): pass the 'ws' package's WebSocket"
        : 'relay.WebSocket must be a WebSocket class',
    );
  const reconnect = (r.reconnect ?? {}) as Record<string, unknown>;
  if (typeof reconnect !== 'object' || reconnect === null) fail('relay.reconnect must be { initialDelay?, maxDelay? }');
  const ms = (name: string, value: unknown, fallback: number, allowZero = false) => {
    const v = value ?? fallback;
    if (!(typeof v === 'number' && Number.isFinite(v) && (allowZero ? v >= 0 : v > 0)))
      fail(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number of ms, got ${String(value)}`);
    return v as number;
  };
  const initialDelay = ms('relay.reconnect.initialDelay', reconnect.initialDelay, 500);
  const maxDelay = ms('relay.reconnect.maxDelay', reconnect.maxDelay, 30_000);
  if (maxDelay < initialDelay) fail('relay.reconnect.maxDelay must be at least relay.reconnect.initialDelay');
  return {
    url: r.url as string,
    token: r.token as RelayClientInit['token'],
    WebSocket: WebSocket as WebSocketConstructorLike,
    initialDelay,
    maxDelay,
    gcTime: ms('gcTime', options.gcTime, 5 * 60_000, true),
    online$: (options.environment ?? defaultEnvironment()).online$,
  };
}
