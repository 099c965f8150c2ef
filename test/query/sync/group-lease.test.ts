import { BehaviorSubject, filter, firstValueFrom, Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Cache } from '../../../src/core/cache.js';
import { EMPTY_METRICS } from '../../../src/core/metrics.js';
import { Group, type Role } from '../../../src/query/sync/group.js';
import type { LockManagerLike, Transport } from '../../../src/query/sync/protocol.js';
import { GroupState } from '../../../src/query/sync/state.js';
import { Hub, tick } from '../../support/memory-transport.js';

/**
 * Locks that can be lost while held, as Redis leases are: `lose(name)` aborts the holder's
 * `lost` and frees the lock at once (the key expired or was taken), though the holder's
 * callback is still pending; waiters get it in order.
 */
class Leases {
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
function resyncing(hub: Hub): Transport & { resync(): void } {
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

function member(hub: Hub, leases: Leases, name: string) {
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

const roleIs = (g: Group, role: Role) => firstValueFrom(g.role$.pipe(filter((r) => r === role)));
const eventually = async (done: () => boolean) => {
  for (let i = 0; i < 400 && !done(); i++) await tick();
  expect(done()).toBe(true);
};

describe('Group over leases (locks that can be lost while held)', () => {
  it('a leader whose lease is lost steps down at once: another leads, and it follows that one', async () => {
    const hub = new Hub();
    const leases = new Leases();
    const a = member(hub, leases, 'a');
    await roleIs(a.group, 'leader');
    const b = member(hub, leases, 'b');
    await roleIs(b.group, 'follower');
    b.group.watch('channels', 'get$', ['x']);
    await eventually(() => a.held.length === 1);
    // a's lease ran out (Redis unreachable): b, waiting, gets it at once.
    leases.lose('g:leader');
    await roleIs(b.group, 'leader');
    await roleIs(a.group, 'follower');
    expect(leases.holder('g:leader')).toBe('b');
    // a no longer holds what b watches (b reads for itself); a's calls run in b.
    await eventually(() => a.held.length === 0);
    await expect(a.group.call('channels', 'refresh', [], () => 'here')).resolves.toBe('b ran');
    // It queued again: when b's lease goes, a leads again.
    leases.lose('g:leader');
    await roleIs(a.group, 'leader');
  });

  it('a member whose own lease is lost takes it again and says hello again: the leader holds its interest again', async () => {
    const hub = new Hub();
    const leases = new Leases();
    const a = member(hub, leases, 'a');
    await roleIs(a.group, 'leader');
    const b = member(hub, leases, 'b');
    await roleIs(b.group, 'follower');
    b.group.watch('channels', 'get$', ['x']);
    await eventually(() => a.held.length === 1);
    const hellos = hub.of('hello').filter((m) => m.from === b.group.self).length;
    // The leader, waiting for b's lock, gets it first: it thinks b gone and drops its interest.
    leases.lose(`g:member:${b.group.self}`);
    await eventually(() => leases.holder(`g:member:${b.group.self}`) === 'b');
    expect(hub.of('hello').filter((m) => m.from === b.group.self)).toHaveLength(hellos + 1);
    await eventually(() => a.held.length === 1);
    expect(a.held).toEqual(['channels.get$(x)']);
    expect(b.group.role$.value).toBe('follower');
  });

  it('after a resync, a leader says again that it leads, with a snapshot; a follower says hello and its interest again', async () => {
    const hub = new Hub();
    const leases = new Leases();
    const a = member(hub, leases, 'a');
    await roleIs(a.group, 'leader');
    const b = member(hub, leases, 'b');
    await roleIs(b.group, 'follower');
    b.group.watch('channels', 'get$', ['x']);
    await eventually(() => a.held.length === 1);
    const count = () => ({
      leader: hub.of('leader').length,
      toAll: hub.of('changes').filter((m) => m.to === undefined).length,
      hello: hub.of('hello').length,
      watch: hub.of('watch').length,
    });
    const before = count();
    a.transport.resync();
    await eventually(() => count().watch === before.watch + 1);
    expect(count()).toEqual({ ...before, leader: before.leader + 1, toAll: before.toAll + 1, watch: before.watch + 1 });
    const mid = count();
    b.transport.resync();
    await eventually(() => count().watch === mid.watch + 1);
    expect(count()).toMatchObject({ hello: mid.hello + 1, leader: mid.leader });
    // Held once all along: sent again, not read again.
    expect(a.held).toEqual(['channels.get$(x)']);
  });
});
