import { filter, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { Group, Role } from '../../../src/query/sync/group.js';
import { Leases, leaseMember } from '../../support/leases.js';
import { Hub, tick } from '../../support/memory-transport.js';

const roleIs = (g: Group, role: Role) => firstValueFrom(g.role$.pipe(filter((r) => r === role)));
const eventually = async (done: () => boolean) => {
  for (let i = 0; i < 400 && !done(); i++) await tick();
  expect(done()).toBe(true);
};

describe('Group over leases (locks that can be lost while held)', () => {
  it('a leader whose lease is lost steps down at once: another leads, and it follows that one', async () => {
    const hub = new Hub();
    const leases = new Leases();
    const a = leaseMember(hub, leases, 'a');
    await roleIs(a.group, 'leader');
    const b = leaseMember(hub, leases, 'b');
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
    const a = leaseMember(hub, leases, 'a');
    await roleIs(a.group, 'leader');
    const b = leaseMember(hub, leases, 'b');
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
    const a = leaseMember(hub, leases, 'a');
    await roleIs(a.group, 'leader');
    const b = leaseMember(hub, leases, 'b');
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
