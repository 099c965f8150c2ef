import { BehaviorSubject, filter, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Cache } from '../../../src/core/cache.js';
import { EMPTY_METRICS } from '../../../src/core/metrics.js';
import { Group } from '../../../src/query/sync/group.js';
import type { LockManagerLike } from '../../../src/query/sync/protocol.js';
import { GroupState } from '../../../src/query/sync/state.js';
import { FakeLocks } from '../../support/fake-locks.js';
import { Hub, tick } from '../../support/memory-transport.js';

function member(hub: Hub, locks: LockManagerLike, visible$ = new BehaviorSubject(true)) {
  const calls: string[] = [];
  const group = new Group({
    handoverMs: 100,
    name: 'g',
    transport: hub.transport(),
    locks,
    cache: new Cache(),
    invoke: (resource, method) => {
      calls.push(`${resource}.${method}`);
      return Promise.resolve('ran');
    },
    metrics$: new BehaviorSubject(EMPTY_METRICS),
    visible$,
    state: new GroupState(),
  });
  return { group, calls };
}

/** Once the election has answered (the roles' code is a chunk: no fixed delay). */
const settled = (...groups: Group[]) =>
  Promise.all(groups.map((g) => firstValueFrom(g.role$.pipe(filter((r) => r !== 'pending')))));

/** Waits for `done()`, without a fixed delay (a loaded machine is slow to load chunks). */
const eventually = async (done: () => boolean) => {
  for (let i = 0; i < 400 && !done(); i++) await tick();
};

describe('Group: the election and the roles', () => {
  it('elects one leader; when it goes, the next member waiting leads', async () => {
    const hub = new Hub();
    const locks = new FakeLocks();
    const a = member(hub, locks.tab('a'));
    await settled(a.group);
    const b = member(hub, locks.tab('b'));
    const c = member(hub, locks.tab('c'));
    await settled(b.group, c.group);
    expect([a, b, c].map((m) => m.group.role$.value)).toEqual(['leader', 'follower', 'follower']);
    a.group.dispose();
    await firstValueFrom(b.group.role$.pipe(filter((r) => r === 'leader')));
    expect([b, c].map((m) => m.group.role$.value)).toEqual(['leader', 'follower']);
    // The new leader runs the calls of those that follow it.
    await expect(c.group.call('channels', 'refresh', [], () => 'here')).resolves.toBe('ran');
    expect(b.calls).toEqual(['channels.refresh']);
    // And its own, itself.
    await expect(b.group.call('channels', 'refresh', [], () => 'here')).resolves.toBe('here');
  });

  it('counts interest per call: the leader hears of each call once, and of its end once', async () => {
    const hub = new Hub();
    const locks = new FakeLocks();
    await settled(member(hub, locks.tab('a')).group);
    const { group } = member(hub, locks.tab('b'));
    await settled(group);
    const stop1 = group.watch('channels', 'get$', ['x']);
    const stop2 = group.watch('channels', 'get$', ['x']);
    group.watch('channels', 'get$', ['y']);
    stop1();
    stop1(); // twice is once
    // Sent once the leader answers (its code loads at the first hello).
    await eventually(() => hub.of('watch').length >= 2);
    await tick(20);
    expect(hub.of('watch').map((m) => m.args)).toEqual([['x'], ['y']]);
    expect(hub.of('unwatch')).toEqual([]);
    stop2();
    await tick();
    expect(hub.of('unwatch')).toHaveLength(1);
  });

  it('sends interest made before the election answered once it follows', async () => {
    const hub = new Hub();
    const locks = new FakeLocks();
    await settled(member(hub, locks.tab('a')).group);
    const { group } = member(hub, locks.tab('b'));
    expect(group.role$.value).toBe('pending');
    group.watch('streams', 'live$', []);
    expect(await settled(group)).toEqual(['follower']);
    await eventually(() => hub.of('watch').length > 0);
    expect(hub.of('watch').map((m) => `${m.from === group.self}:${m.resource}.${m.method}`)).toEqual([
      'true:streams.live$',
    ]);
  });

  it('a leader whose page stays hidden while another is visible steps down to a visible member', async () => {
    const hub = new Hub();
    const locks = new FakeLocks();
    const seen = { a: new BehaviorSubject(true), b: new BehaviorSubject(false), c: new BehaviorSubject(true) };
    const a = member(hub, locks.tab('a'), seen.a);
    await settled(a.group);
    // b waits first, but it is hidden: c, visible, must get the lock.
    const b = member(hub, locks.tab('b'), seen.b);
    await settled(b.group);
    const c = member(hub, locks.tab('c'), seen.c);
    await settled(c.group);
    const stop = c.group.watch('channels', 'get$', ['x']);
    seen.a.next(false);
    // Hidden briefly: it stays (flipping tabs costs nothing).
    await tick(50);
    seen.a.next(true);
    await tick(120);
    expect(a.group.role$.value).toBe('leader');
    seen.a.next(false);
    // b, first in the queue, may get the lock; hidden since elected, it passes it on at once.
    await firstValueFrom(c.group.role$.pipe(filter((r) => r === 'leader')));
    const following = (g: Group) => firstValueFrom(g.role$.pipe(filter((r) => r === 'follower')));
    await Promise.all([following(a.group), following(b.group)]);
    await tick(20); // c's word that it leads reaches the others
    // The one that stepped down follows the new leader, its calls run there.
    await expect(a.group.call('channels', 'refresh', [], () => 'here')).resolves.toBe('ran');
    expect(c.calls).toEqual(['channels.refresh']);
    stop();
  });

  it('reads for itself when the platform refuses the election, instead of waiting forever', async () => {
    const refusing: LockManagerLike = { request: () => Promise.reject(new Error('SecurityError')) };
    const { group } = member(new Hub(), refusing);
    expect(await settled(group)).toEqual(['leader']);
    await expect(group.call('channels', 'refresh', [], () => 'here')).resolves.toBe('here');
  });

  it('after dispose, calls reject as disposed and nothing waits', async () => {
    const hub = new Hub();
    const { group } = member(hub, new FakeLocks().tab('a'));
    await tick();
    group.dispose();
    await expect(group.call('channels', 'refresh', [], () => 'here')).rejects.toMatchObject({ kind: 'disposed' });
  });
});
