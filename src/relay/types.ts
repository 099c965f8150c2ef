import type { IncomingMessage } from 'node:http';
import type { IvsClient } from '@aws-sdk/client-ivs';
import type { Observable } from 'rxjs';
// The package's own types (as the bindings do): a relay's store is the very IvsStore of 'ivs-store'.
import type { IvsStore, IvsStoreOptions, RealtimeResources, StoreMetrics } from '../index.js';

/** What `authenticate` is given: the token the client sent, and the HTTP upgrade request (headers, cookies, origin). */
export interface RelayRequest {
  /** The `token` of the client's hello (its relay option), if it sent one. */
  token: string | undefined;
  /** The HTTP upgrade request: headers, cookies, origin, remote address. */
  request: IncomingMessage;
}

/** `read`: a query (watch) or a read-only call; `write`: a mutation; `secret`: see Secret values (stream keys, tokens). */
export type RelayAction = 'read' | 'write' | 'secret';

/** What a principal asks for: `store[resource][method](...args)`. */
export interface RelayTarget {
  /** A resource of the store (`channels`, `streamKeys`…), or `store` for `store.metrics$`. */
  resource: string;
  /** Its method: `get$`, `list$`… for a watch, `create`, `refresh`… for a call. */
  method: string;
  /** The arguments as the client sent them (decoded: Dates are Dates). */
  args: readonly unknown[];
}

/** Per-connection limits. */
export interface RelayLimits {
  /** Watches one connection may hold at once. Default 1000. */
  maxWatches?: number;
  /** Largest message accepted, bytes. Default 64 KiB. */
  maxMessageBytes?: number;
  /** Messages per second, sustained. Default 50. */
  messagesPerSecond?: number;
  /** Messages allowed at once above the rate. Default 500 (a dashboard's first watches). */
  burst?: number;
  /** Bytes waiting in a socket before it is a slow consumer (sent snapshots, not every change). Default 1 MiB. */
  maxBufferedBytes?: number;
  /** How long a closed connection's session is kept for a resume, ms. Default 30 000. */
  resumeMs?: number;
  /** How long a new socket may wait before its hello, ms. Default 10 000. */
  helloTimeoutMs?: number;
}

/** Relays sharing one poller through Redis. */
export interface RelayClusterOptions {
  /** Relays of the same key share (default: derived from the IVS client's region, endpoint and access key id). */
  key?: string;
  /** How long the poller's lease lasts without renewal, ms: a dead leader is replaced within it. Default 5000. */
  leaseMs?: number;
}

/** `createRelay` and `startRelay`: the IVS clients, who may connect and what they may do, and the limits. */
export interface RelayOptions<P = unknown> {
  /** The IVS client the relay reads with (its credentials never leave the server). */
  ivs: IvsClient;
  /** `realtimeResources(new IVSRealTimeClient(config))`, for stages and participants. */
  realtime?: RealtimeResources;
  /** Options of the relay's own store (intervals, quotas, events…). */
  store?: Omit<IvsStoreOptions, 'ivs' | 'realtime' | 'tabs'>;
  /**
   * Redis shared by the relays of one account: a URL (`redis://host:6379`) or an ioredis
   * client (duplicated for pub/sub). Without it, this relay polls alone.
   */
  redis?: string | object;
  /** With `redis`: the cluster's key and lease. */
  cluster?: RelayClusterOptions;
  /**
   * Who is connecting: a principal, or `undefined` (or a throw) to refuse.
   *
   * Verify a JWT here, e.g. with aws-jwt-verify (README "Relay"). A session is resumed only by a
   * principal with the same JSON: return a stable identity (`{ sub, groups }`), not a payload whose `exp` changes.
   * @example authenticate: async ({ token }) => (token ? { sub: (await verifier.verify(token)).sub } : undefined)
   */
  authenticate(request: RelayRequest): P | undefined | Promise<P | undefined>;
  /**
   * What a principal may do. Default: reads only, no secrets.
   * @example authorize: (user, action) => action === 'read' || user['cognito:groups']?.includes('admins')
   */
  authorize?(principal: P, action: RelayAction, target: RelayTarget): boolean | Promise<boolean>;
  /** Per-connection limits (see RelayLimits for the defaults). */
  limits?: RelayLimits;
}

export interface StartRelayOptions<P = unknown> extends RelayOptions<P> {
  /** Port on `host`. Default 0 (any free port; see `url`). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

/** The relay's state, in `metrics$`. */
export interface RelayMetrics {
  /** Sockets open now (welcomed). */
  connections: number;
  /** Watches held for them (sessions waiting for a resume included). */
  watches: number;
  /** Distinct queries among those watches (what the store reads for them). */
  queries: number;
  /** `leader` polls for the cluster (or alone), `follower` mirrors the leader over Redis, `pending` before the election. */
  role: 'pending' | 'leader' | 'follower';
  /** Relays in the cluster, this one included (1 without Redis). */
  relays: number;
  /** Connections now treated as slow consumers (snapshots instead of every change). */
  slow: number;
  /** Delay from a value's emission to its write to the socket, ms, over the last minute. */
  lag: {
    /** The median, ms. */
    p50: number;
    /** The 95th percentile, ms. */
    p95: number;
  };
  /** Refusals so far, by reason. */
  refused: {
    /** Sockets closed 4401: no hello in time, or `authenticate` refused. */
    unauthenticated: number;
    /** Watches and calls `authorize` refused. */
    forbidden: number;
    /** Sockets closed 4400 (or 1009, oversized): malformed or binary messages. */
    malformed: number;
    /** Sockets closed 4429: over the message rate. */
    rateLimited: number;
    /** Watches refused over `maxWatches`. */
    overLimit: number;
  };
  /** The relay's store: calls, throttles, budget (the cluster's, on a follower). */
  store: StoreMetrics;
}

/** A relay mounted on a server of the app's: `server.on('upgrade', relay.upgrade)`. */
export interface RelayHandler {
  /**
   * The `upgrade` listener of a `node:http` server.
   * @example server.on('upgrade', relay.upgrade)
   */
  upgrade(request: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): void;
  /** The relay's state, at most every 250 ms. */
  metrics$: Observable<RelayMetrics>;
  /** The relay's store (reads here are shared with every client). */
  store: IvsStore;
  /**
   * Resolves once the relay has joined its cluster (at once without `redis`); rejects when Redis cannot be reached.
   *
   * A relay whose cluster did not start still serves, polling alone (as without `redis`).
   * @example await relay.ready
   */
  ready: Promise<void>;
  /**
   * Closes every socket (1001), leaves the cluster, disposes the store.
   * @example process.on('SIGTERM', () => void relay.stop())
   */
  stop(): Promise<void>;
}

/** A relay on a server of its own. */
export interface Relay extends Omit<RelayHandler, 'upgrade'> {
  /** `ws://host:port/` */
  url: string;
}
