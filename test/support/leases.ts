import { BehaviorSubject, Observable } from 'rxjs';
import { Cache } from '../../src/core/cache.js';
import { EMPTY_METRICS } from '../../src/core/metrics.js';
import { Group } from '../../src/query/sync/group.js';
import type { LockManagerLike, Transport } from '../../src/query/sync/protocol.js';
import { GroupState } from '../../src/query/sync/state.js';
import type { Hub } from './memory-transport.js';

/**
 * Locks that can be lost while held, as Redis leases are: `lose(name)` aborts the holder's
 * `lost` and frees the lock at once (the key expired or was taken), though the holder's
 * callback is still pending; waiters get it in order.
 */
export class Leases {
  private readonly held = new Map<string, { owner: string; token: object; lost: AbortController }>();
  private readonly waiting: Array<{ name: string; grant: () => void }> = [];

  of(owner: string): LockManagerLike {
    return {
      request: <T>(
        name: string,
        o: { ifAvailable?: boolean; signal?: AbortSignal },
        cb: (lock: unknown) => Promise<T> | T,
      ): Promise<T> =>
        new Promise<T>((resolve, reject) => {
          const grant = () => {
            const token = {};
            const lost = new AbortController();
            this.held.set(name, { owner, token, lost });
            Promise.resolve()
              .then(() => cb({ name, lost: lost.signal }))
              .then(resolve, reject)
              .finally(() => {
                if (this.held.get(name)?.token !== token) return;
                this.held.delete(name);
                this.pump();
              });
          };
          if (!this.held.has(name) && !this.waiting.some((w) => w.name === name)) return grant();
          if (o.ifAvailable) return void Promise.resolve(cb(null)).then(resolve, reject);
          const w = { name, grant };
          this.waiting.push(w);
          o.signal?.addEventListener('abort', () => {
            const i = this.waiting.indexOf(w);
            if (i < 0) return;
            this.waiting.splice(i, 1);
            reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
          });
        }),
    };
  }

  holder(name: string): string | undefined {
    return this.held.get(name)?.owner;
  }

  lose(name: string): void {
    const h = this.held.get(name);
    if (!h) throw new Error(`${name} is not held`);
    this.held.delete(name);
    h.lost.abort();
    this.pump();
  }

  private pump(): void {
    for (const w of [...this.waiting]) {
      if (this.held.has(w.name)) continue;
      this.waiting.splice(this.waiting.indexOf(w), 1);
      w.grant();
    }
  }
}

/** A Hub transport with the resync hook a network transport has. */
export function resyncing(hub: Hub): Transport & { resync(): void } {
  const t = hub.transport();
  const hooks = new Set<() => void>();
  return Object.assign(t, {
    onResync: (fn: () => void) => {
      hooks.add(fn);
      return () => hooks.delete(fn);
    },
    resync: () => {
      for (const h of hooks) h();
    },
  });
}

export function leaseMember(hub: Hub, leases: Leases, name: string) {
  const held: string[] = [];
  const transport = resyncing(hub);
  const group = new Group({
    name: 'g',
    transport,
    locks: leases.of(name),
    cache: new Cache(),
    invoke: (resource, method, args) => {
      if (!method.endsWith('$')) return Promise.resolve(`${name} ran`);
      return new Observable(() => {
        held.push(`${resource}.${method}(${String(args[0])})`);
        return () => held.splice(held.indexOf(`${resource}.${method}(${String(args[0])})`), 1);
      });
    },
    metrics$: new BehaviorSubject(EMPTY_METRICS),
    visible$: new BehaviorSubject(true),
    state: new GroupState(),
  });
  return { group, held, transport, name };
}
