import { Subject } from 'rxjs';
import { WebSocketServer } from 'ws';
import { createIvsStore } from '../../index.js';
import { type CheckedRelayOptions, checkRelayOptions } from './check-options.js';
import { deferredTabs } from './cluster-tabs.js';
import { connect } from './connection.js';
import type { RelayContext } from './context.js';
import { LagSamples } from './lag.js';
import { relayMetrics$ } from './metrics.js';
import type { RelayHandler, RelayOptions } from '../types.js';

/** How long stop() waits for clients to answer the close before cutting them off, ms. */
const CLOSE_WAIT_MS = 2000;
/**
 * How often sockets are pinged, ms. A connection that died without a close (a laptop's lid,
 * a NAT timeout) would otherwise hold its session and watches for ever; one that has not
 * answered the last ping is cut, and its session waits `resumeMs` for a resume as any other.
 */
const HEARTBEAT_MS = 30_000;

/** ms a relay's store collects batch reads (its `store.batchWindow` overrides it). */
const RELAY_BATCH_WINDOW = 20;

/**
 * A relay to mount on a `node:http` server of the app's: one store reads IVS for every
 * client, and each client's socket gets what its principal may see.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { IvsClient } from '@aws-sdk/client-ivs';
 * import { createRelay } from 'ivs-store/relay';
 *
 * const relay = createRelay({
 *   ivs: new IvsClient({ region: 'us-east-1', maxAttempts: 1 }),
 *   authenticate: ({ token }) => (token === process.env.RELAY_TOKEN ? { user: 'operator' } : undefined),
 * });
 * const server = createServer(app);
 * server.on('upgrade', relay.upgrade);
 * server.listen(8080);
 * ```
 */
export function createRelay<P>(options: RelayOptions<P>): RelayHandler {
  return relayOf(checkRelayOptions(options, 'createRelay'));
}

/** The relay over checked options (startRelay checks them under its own name). */
export function relayOf<P>(o: CheckedRelayOptions<P>): RelayHandler {
  // Only a clustered relay loads the cluster's code (and ioredis with it).
  const cluster =
    o.redis === undefined
      ? undefined
      : import('../redis/cluster.js').then((m) => m.startCluster(o.redis as string | object, o.cluster ?? {}));
  const ready = cluster ? cluster.then(() => undefined) : Promise.resolve();
  ready.catch(() => undefined); // the app sees it through `ready`
  // The store exists at once; with Redis, its group forms once the cluster has connected.
  const store = createIvsStore({
    // A page's watches arrive one message at a time, not in one tick as a page's own
    // subscriptions do: a short window lets its first reads coalesce (one ListStreams for
    // every card's health instead of a GetStream each, one BatchGetChannel for the cards).
    batchWindow: RELAY_BATCH_WINDOW,
    ...o.store,
    ivs: o.ivs,
    realtime: o.realtime,
    tabs: cluster ? deferredTabs(cluster, o.cluster?.key) : false,
  });
  const changes = new Subject<void>();
  const ctx: RelayContext<P> = {
    options: o,
    store,
    resources: new Set(Object.keys(store).filter((k) => k !== 'metrics$' && k !== 'dispose')),
    sessions: new Map(),
    queries: new Map(),
    refused: { unauthenticated: 0, forbidden: 0, malformed: 0, rateLimited: 0, overLimit: 0 },
    lag: new LagSamples(),
    changed: () => changes.next(),
    connections: 0,
    stopped: false,
  };
  const wss = new WebSocketServer({ noServer: true, maxPayload: o.limits.maxMessageBytes });
  const alive = new WeakSet<object>();
  wss.on('connection', (ws, request) => {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    connect(ctx, ws, request);
  });
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.delete(ws)) ws.terminate();
      else ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  let stopping: Promise<void> | undefined;

  return {
    upgrade(request, socket, head) {
      if (ctx.stopped) return void socket.destroy();
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
    },
    metrics$: relayMetrics$(ctx, changes),
    store,
    ready,
    stop: () =>
      (stopping ??= (async () => {
        ctx.stopped = true;
        clearInterval(heartbeat);
        const clients = [...wss.clients];
        const cut = setTimeout(() => {
          for (const ws of clients) ws.terminate();
        }, CLOSE_WAIT_MS);
        await Promise.all(
          clients.map(
            (ws) =>
              new Promise<void>((resolve) => {
                if (ws.readyState === ws.CLOSED) return resolve();
                ws.once('close', () => resolve());
                ws.close(1001, 'the relay stops');
              }),
          ),
        );
        clearTimeout(cut);
        for (const s of ctx.sessions.values()) s.drop();
        ctx.sessions.clear();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        // The store leaves its group (a clustered relay's last word) before the cluster closes.
        store.dispose();
        await cluster?.then(
          (c) => c.stop(),
          () => undefined,
        );
        changes.complete();
      })()),
  };
}
