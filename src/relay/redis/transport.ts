import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { isMessage, type Message, type Transport } from '../../query/sync/protocol.js';
import { redisName } from './names.js';

/** Transports per channel on each subscriber connection: the last to close unsubscribes. */
const subscribed = new WeakMap<Redis, Map<string, number>>();

/** A Transport over Redis pub/sub, and what the cluster needs to stop it cleanly. */
export interface RedisTransport extends Transport {
  /** Resolves once every message posted so far has been handed to Redis. */
  flush(): Promise<void>;
}

/**
 * The tabs' Transport over one Redis pub/sub channel per group: messages as JSON (the
 * protocol's values are encoded to survive it), each tagged with this transport's id so that
 * a member does not hear itself, as with a BroadcastChannel. Pub/sub keeps nothing: what is
 * published while a subscriber is disconnected is lost to it; ioredis subscribes again on
 * reconnection, and then the group's resync hook runs (members say again what they hold).
 *
 * `pub` publishes (any connection; the cluster's command one), `sub` is in subscriber mode.
 *
 * @example
 * const transport = redisTransport(redis, redis.duplicate(), 'ivs-store:group');
 * const stop = transport.listen((message) => console.log(message.t));
 */
export function redisTransport(pub: Redis, sub: Redis, name: string): RedisTransport {
  const channel = redisName(name);
  const self = randomUUID();
  const listeners = new Set<(m: Message) => void>();
  const resyncs = new Set<() => void>();
  const pending = new Set<Promise<unknown>>();
  let closed = false;
  let dropped = false;

  const onMessage = (from: string, text: string) => {
    if (from !== channel || closed) return;
    let parsed: { i?: unknown; m?: unknown };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      return;
    }
    if (parsed?.i === self || !isMessage(parsed?.m)) return;
    for (const l of [...listeners]) l(parsed.m);
  };
  // Resync once subscribed again: our SUBSCRIBE is answered after ioredis's own resubscription.
  const onClose = () => (dropped = true);
  const onReady = () => {
    if (!dropped || closed) return;
    dropped = false;
    sub.subscribe(channel).then(
      () => {
        if (!closed) for (const r of [...resyncs]) r();
      },
      () => undefined,
    );
  };
  sub.on('message', onMessage);
  sub.on('close', onClose);
  sub.on('ready', onReady);
  const counts = subscribed.get(sub) ?? new Map<string, number>();
  subscribed.set(sub, counts);
  counts.set(channel, (counts.get(channel) ?? 0) + 1);
  // Nothing is posted before this member hears the group: a hello's answer would be lost.
  const ready = sub.subscribe(channel).then(
    () => undefined,
    () => undefined,
  );

  return {
    post(message) {
      // A call that answers after its store was disposed has nobody to tell.
      if (closed) return;
      const text = JSON.stringify({ i: self, m: message });
      const sent: Promise<unknown> = ready
        .then(() => pub.publish(channel, text))
        .catch(() => undefined)
        .finally(() => pending.delete(sent));
      pending.add(sent);
    },
    listen(onMessage) {
      listeners.add(onMessage);
      return () => listeners.delete(onMessage);
    },
    onResync(resync) {
      resyncs.add(resync);
      return () => resyncs.delete(resync);
    },
    close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      resyncs.clear();
      sub.off('message', onMessage);
      sub.off('close', onClose);
      sub.off('ready', onReady);
      const left = (counts.get(channel) ?? 1) - 1;
      if (left > 0) counts.set(channel, left);
      else {
        counts.delete(channel);
        sub.unsubscribe(channel).catch(() => undefined);
      }
    },
    flush: () => Promise.all([...pending]).then(() => undefined),
  };
}
