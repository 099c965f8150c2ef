import type { LockManagerLike, Message, TabsOptions, Transport } from '../../index.js';
import type { Cluster } from '../redis/cluster.js';

/**
 * The store's tabs options while the cluster connects to Redis. Why: `createRelay` returns
 * at once with its store, and the store's group only needs its transport and locks once the
 * group is formed; until the cluster is there, messages wait and lock requests wait. If
 * Redis cannot be reached, lock requests fail, and the store's election then has it read
 * for itself (as with `tabs: false`): a relay that serves, alone; `ready` rejects to say so.
 */
export function deferredTabs(
  cluster: Promise<Cluster>,
  key: string | undefined,
): TabsOptions & { locks: LockManagerLike } {
  return {
    ...(key !== undefined && { key }),
    locks: {
      request: (name, options, callback) => cluster.then((c) => c.tabs.locks.request(name, options, callback)),
    },
    transport: (name) => deferredTransport(cluster.then((c) => c.tabs.transport(name))),
  };
}

function deferredTransport(ready: Promise<Transport>): Transport {
  let transport: Transport | undefined;
  let closed = false;
  const waiting: Message[] = [];
  const listeners = new Map<(m: Message) => void, () => void>();
  ready.then(
    (t) => {
      if (closed) return t.close();
      transport = t;
      for (const [fn] of listeners) listeners.set(fn, t.listen(fn));
      for (const m of waiting.splice(0)) t.post(m);
    },
    () => undefined,
  );
  return {
    post: (m) => {
      if (closed) return;
      if (transport) transport.post(m);
      else waiting.push(m);
    },
    listen: (fn) => {
      listeners.set(fn, transport ? transport.listen(fn) : () => undefined);
      return () => {
        listeners.get(fn)?.();
        listeners.delete(fn);
      };
    },
    close: () => {
      closed = true;
      transport?.close();
    },
  };
}
