import type { MirroredEntry } from '../../core/cache-writer.js';
import type { StoreMetrics } from '../../core/metrics.js';

/**
 * Interest up, changes down: how a store that reads (the leader) serves stores that do
 * not (followers), over any transport that carries messages to every member of a group.
 *
 * Why the store's public API and its cache entries, not the engine's keys: a follower asks
 * for what its app asked for (`channels.get$(arn, { refetchInterval })`), so the leader
 * reads it by the same code, with its quotas, and needs no knowledge of how each query keys
 * its entries; what comes down is the entries that changed, written into the follower's
 * cache, so every Observable the follower derives (lists, health, participant changes)
 * works as in a store that reads. Nothing here knows of tabs: a server could lead.
 *
 * Every message names its sender (`from`); one meant for one member names it (`to`), and
 * `to: 'leader'` is for whoever leads now. Values cross encoded (see codec.ts): secrets
 * stay secrets and errors stay IvsStoreErrors on the other side. `v` is the protocol
 * version, `t` the message type; a `watch` or `call` has an `id` its `unwatch` or `result`
 * repeats, and names the store method (`resource`, `method`, `args`) to run.
 */
export type Message =
  /** A member arrived (or may have missed messages): the leader answers with a snapshot, `changes` to it. */
  | { v: 1; t: 'hello'; from: string }
  /** Whoever leads now (elected, or it may have missed messages): followers send it their interest and visibility again. */
  | { v: 1; t: 'leader'; from: string }
  /** Interest: read `resource.method(...args)` for this follower while it is watched. */
  | { v: 1; t: 'watch'; from: string; to: 'leader'; id: string; resource: string; method: string; args: unknown[] }
  | { v: 1; t: 'unwatch'; from: string; to: 'leader'; id: string }
  /** Entries that changed (to all), or every entry the leader holds (`to` the one that said hello). */
  | { v: 1; t: 'changes'; from: string; to?: string; entries: WireEntry[] }
  /** A mutation, a refresh or any other Promise method, run by the leader under its quotas. */
  | { v: 1; t: 'call'; from: string; to: 'leader'; id: string; resource: string; method: string; args: unknown[] }
  | { v: 1; t: 'result'; from: string; to: string; id: string; ok: boolean; value: unknown }
  /** Whether a member's page is visible: the leader polls while any is. */
  | { v: 1; t: 'visible'; from: string; to: 'leader'; visible: boolean }
  /** The leader's metrics: the group's calls and budget. */
  | { v: 1; t: 'metrics'; from: string; metrics: StoreMetrics; members: number }
  /** A member left (disposed); one that crashed is noticed by its lock instead. */
  | { v: 1; t: 'bye'; from: string };

/** `Omit` over each member of a union (a message without the fields its sender adds). */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** One entry: collection, id and its public fields, values encoded. */
export type WireEntry = [collection: string, id: string, entry: MirroredEntry];

/** Carries messages to every other member of one group (BroadcastChannel does exactly this). */
export interface Transport {
  /**
   * Sends a message to every other member.
   * @example post: (message) => channel.postMessage(message)
   */
  post(message: Message): void;
  /**
   * Messages from the other members; returns how to stop listening.
   * @example listen: (onMessage) => (emitter.on('message', onMessage), () => emitter.off('message', onMessage))
   */
  listen(onMessage: (message: Message) => void): () => void;
  /**
   * Stops sending and listening (the store is disposed).
   * @example close: () => channel.close()
   */
  close(): void;
  /**
   * Calls `resync` when messages may have been lost (a network transport reconnected):
   * members then tell each other again what they hold. Returns how to stop. Optional: a
   * BroadcastChannel loses nothing.
   * @example onResync: (resync) => (redis.on('ready', resync), () => redis.off('ready', resync))
   */
  onResync?(resync: () => void): () => void;
}

/** The part of the Web Locks API the election uses (`navigator.locks`). */
export interface LockManagerLike {
  /**
   * Runs `callback` holding the lock `name` (with `ifAvailable`, at once or not at all), as `navigator.locks.request`.
   * @example const locks: LockManagerLike = navigator.locks
   */
  request<T>(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<T> | T,
  ): Promise<T>;
}

/** A message from a member of another protocol version, or not one at all, is ignored. */
export function isMessage(value: unknown): value is Message {
  const m = value as Partial<Message> | null;
  return typeof m === 'object' && m !== null && m.v === 1 && typeof m.t === 'string' && typeof m.from === 'string';
}

/** A transport over a BroadcastChannel of that name (browsers; Node ≥ 18 has one too). */
export function broadcastTransport(name: string): Transport {
  const channel = new BroadcastChannel(name);
  let closed = false;
  return {
    // A call that answers after its store was disposed has nobody to tell.
    post: (message) => closed || channel.postMessage(message),
    listen(onMessage) {
      const handler = (event: MessageEvent) => {
        if (isMessage(event.data)) onMessage(event.data);
      };
      channel.addEventListener('message', handler as (e: Event) => void);
      return () => channel.removeEventListener('message', handler as (e: Event) => void);
    },
    close: () => {
      closed = true;
      channel.close();
    },
  };
}
