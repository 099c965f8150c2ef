import { BehaviorSubject, Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Cache } from '../../../src/core/cache.js';
import { EMPTY_METRICS } from '../../../src/core/metrics.js';
import { Secret } from '../../../src/core/secret.js';
import { Leader } from '../../../src/query/sync/leader.js';
import { Hub, tick } from '../../support/memory-transport.js';

function setup() {
  const hub = new Hub();
  const cache = new Cache();
  const follower = hub.transport();
  const held: string[] = [];
  const released: string[] = [];
  const gone = new Map<string, () => void>();
  const visible: boolean[] = [];
  const members: number[] = [];
  const metrics$ = new BehaviorSubject(EMPTY_METRICS);
  const leader = new Leader({
    transport: hub.transport(),
    self: 'L',
    cache,
    metrics$,
    invoke: (resource, method, args) => {
      if (method === 'fail') return Promise.reject(new Error(`no ${String(args[0])}`));
      if (!method.endsWith('$')) return Promise.resolve({ done: `${resource}.${method}`, key: new Secret('s3cr3t') });
      return new Observable(() => {
        held.push(`${resource}.${method}(${String(args[0])})`);
        return () => released.push(`${resource}.${method}(${String(args[0])})`);
      });
    },
    whenGone: (member, fn) => {
      gone.set(member, fn);
      return () => gone.delete(member);
    },
    othersVisible: (v) => visible.push(v),
    members: (n) => members.push(n),
  });
  return { hub, cache, follower, held, released, gone, visible, members, leader, metrics$ };
}

describe('Leader: reads what the members watch, sends what changed', () => {
  it('answers hello with a snapshot of every entry that holds something, which names the leader', async () => {
    const { hub, cache, follower } = setup();
    cache.transaction((tx) => tx.succeed('channels', 'a', cache.nextSeq(), { name: 'A' }));
    cache.fetching('channels', 'b', 1); // loading, nothing yet: not sent
    follower.post({ v: 1, t: 'hello', from: 'F' });
    await tick();
    // No broadcast `leader`: the members that follow it would send all their interest again.
    expect(hub.of('leader')).toEqual([]);
    const snapshot = hub.of('changes').find((m) => m.to === 'F');
    expect(snapshot?.from).toBe('L');
    expect(snapshot?.entries.map(([c, id, e]) => [c, id, e.status, e.data])).toEqual([
      ['channels', 'a', 'success', { name: 'A' }],
    ]);
  });

  it('holds each watch while it is watched, and everything of a member that is gone', async () => {
    const { follower, held, released, gone } = setup();
    const watch = (id: string, arn: string) =>
      follower.post({
        v: 1,
        t: 'watch',
        from: 'F',
        to: 'leader',
        id,
        resource: 'channels',
        method: 'get$',
        args: [arn],
      });
    watch('w1', 'a');
    watch('w2', 'b');
    await tick();
    expect(held).toEqual(['channels.get$(a)', 'channels.get$(b)']);
    // Sent again (the follower heard the leader say it leads again): held once, not read again.
    watch('w2', 'b');
    await tick();
    expect(held).toEqual(['channels.get$(a)', 'channels.get$(b)']);
    follower.post({ v: 1, t: 'unwatch', from: 'F', to: 'leader', id: 'w1' });
    await tick();
    expect(released).toEqual(['channels.get$(a)']);
    gone.get('F')?.(); // its lock was freed: the tab closed or crashed
    expect(released).toEqual(['channels.get$(a)', 'channels.get$(b)']);
  });

  it('after a resync, says it leads with a snapshot to all, and lets go of watches not sent again', async () => {
    const { hub, cache, follower, held, released, leader } = setup();
    cache.transaction((tx) => tx.succeed('channels', 'a', cache.nextSeq(), { name: 'A' }));
    const watch = (id: string, arn: string) =>
      follower.post({
        v: 1,
        t: 'watch',
        from: 'F',
        to: 'leader',
        id,
        resource: 'channels',
        method: 'get$',
        args: [arn],
      });
    watch('w1', 'a');
    watch('w2', 'b');
    await tick();
    // The unwatch of w2 is lost while the leader's connection is down; then it resyncs.
    leader.resync();
    expect(hub.of('leader').map((m) => m.from)).toEqual(['L']);
    expect(
      hub
        .of('changes')
        .filter((m) => m.to === undefined)
        .at(-1)
        ?.entries.map(([, id]) => id),
    ).toEqual(['a']);
    // The follower sends its interest again, visibility last.
    watch('w1', 'a');
    follower.post({ v: 1, t: 'visible', from: 'F', to: 'leader', visible: true });
    await tick();
    expect(held).toEqual(['channels.get$(a)', 'channels.get$(b)']);
    expect(released).toEqual(['channels.get$(b)']);
    // Later visibility changes let go of nothing.
    follower.post({ v: 1, t: 'visible', from: 'F', to: 'leader', visible: false });
    await tick();
    expect(released).toEqual(['channels.get$(b)']);
  });

  it('sends, once per burst, only the entries whose public Entry changed', async () => {
    const { hub, cache, follower } = setup();
    follower.post({ v: 1, t: 'hello', from: 'F' });
    await tick();
    const seq = () => cache.nextSeq();
    cache.transaction((tx) => tx.succeed('channels', 'a', seq(), { name: 'A' }));
    cache.transaction((tx) => tx.succeed('channels', 'b', seq(), { name: 'B' }));
    await tick();
    // A read that confirms what is there touches bookkeeping only: nothing to send.
    cache.transaction((tx) => tx.succeed('channels', 'a', seq(), { name: 'A' }));
    await tick();
    cache.transaction((tx) => tx.succeed('channels', 'a', seq(), { name: 'A2' }));
    await tick();
    const broadcasts = hub.of('changes').filter((m) => m.to === undefined);
    expect(broadcasts.map((m) => m.entries.map(([, id, e]) => `${id}=${(e.data as { name: string }).name}`))).toEqual([
      ['a=A', 'b=B'],
      ['a=A2'],
    ]);
  });

  it("runs a member's calls and answers each, results and errors encoded", async () => {
    const { hub, follower } = setup();
    follower.post({
      v: 1,
      t: 'call',
      from: 'F',
      to: 'leader',
      id: 'c1',
      resource: 'channels',
      method: 'update',
      args: [],
    });
    follower.post({
      v: 1,
      t: 'call',
      from: 'F',
      to: 'leader',
      id: 'c2',
      resource: 'channels',
      method: 'fail',
      args: ['x'],
    });
    await tick();
    const results = hub.of('result');
    expect(results.map((r) => [r.id, r.to, r.ok])).toEqual([
      ['c1', 'F', true],
      ['c2', 'F', false],
    ]);
    expect(results[0]?.value).toMatchObject({ done: 'channels.update', key: { $ivsStore: 'secret' } });
    expect(results[1]?.value).toMatchObject({ $ivsStore: 'error', value: { message: 'no x' } });
  });

  it("knows whether any member's page is visible, and how many members there are", async () => {
    const { follower, hub, visible, members, gone } = setup();
    const other = hub.transport();
    follower.post({ v: 1, t: 'visible', from: 'F', to: 'leader', visible: true });
    other.post({ v: 1, t: 'visible', from: 'G', to: 'leader', visible: false });
    await tick();
    follower.post({ v: 1, t: 'visible', from: 'F', to: 'leader', visible: false });
    await tick();
    expect(visible.at(-1)).toBe(false);
    other.post({ v: 1, t: 'visible', from: 'G', to: 'leader', visible: true });
    await tick();
    expect(visible.at(-1)).toBe(true);
    expect(members.at(-1)).toBe(3);
    gone.get('G')?.();
    expect(visible.at(-1)).toBe(false);
    expect(members.at(-1)).toBe(2);
  });

  it('sends its metrics to the members, and lets go of everything when it stops', async () => {
    const { hub, follower, held, released, leader, metrics$ } = setup();
    follower.post({
      v: 1,
      t: 'watch',
      from: 'F',
      to: 'leader',
      id: 'w',
      resource: 'channels',
      method: 'get$',
      args: ['a'],
    });
    await tick();
    metrics$.next({ ...EMPTY_METRICS, calls: { GetChannel: 2 } });
    await tick(300);
    expect(hub.of('metrics').at(-1)).toMatchObject({ members: 2, metrics: { calls: { GetChannel: 2 } } });
    leader.stop();
    expect(released).toEqual(held);
  });
});
