import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Cache } from '../../../src/core/cache.js';
import { EMPTY_METRICS } from '../../../src/core/metrics.js';
import { IvsStoreError, isIvsStoreError } from '../../../src/core/errors.js';
import { Secret } from '../../../src/core/secret.js';
import { encode } from '../../../src/query/sync/codec.js';
import { Follower } from '../../../src/query/sync/follower.js';
import { Hub, tick } from '../../support/memory-transport.js';

function setup() {
  const hub = new Hub();
  const cache = new Cache();
  const leader = hub.transport();
  const follower = new Follower(hub.transport(), 'F', cache);
  return { hub, cache, leader, follower };
}

describe('Follower: watches through the leader, mirrors its entries', () => {
  it('says hello, then gives the leader its interest and visibility, and a new leader all of it again', async () => {
    const { hub, leader, follower } = setup();
    expect(hub.of('hello')).toEqual([{ v: 1, t: 'hello', from: 'F' }]);
    // Before any leader is known, interest waits.
    const w = follower.watch('channels', 'get$', ['a']);
    follower.setVisible(true);
    await tick();
    expect(hub.of('watch')).toEqual([]);
    leader.post({ v: 1, t: 'leader', from: 'L1' });
    await tick();
    expect(hub.of('watch').map((m) => [m.id, m.args])).toEqual([[w, ['a']]]);
    expect(hub.of('visible').at(-1)).toMatchObject({ visible: true, to: 'leader' });
    leader.post({ v: 1, t: 'leader', from: 'L2' });
    await tick();
    expect(hub.of('watch')).toHaveLength(2);
    follower.unwatch(w);
    expect(hub.of('unwatch').map((m) => m.id)).toEqual([w]);
  });

  it('sends its interest again when its own leader says it leads again, or when it says hello again', async () => {
    const { hub, leader, follower } = setup();
    const w = follower.watch('channels', 'get$', ['a']);
    leader.post({ v: 1, t: 'changes', from: 'L', to: 'F', entries: [] });
    await tick();
    // The snapshot names the leader: interest goes to it, once.
    expect(hub.of('watch').map((m) => m.id)).toEqual([w]);
    leader.post({ v: 1, t: 'changes', from: 'L', to: 'F', entries: [] });
    await tick();
    expect(hub.of('watch')).toHaveLength(1);
    // The leader may have missed messages (its connection came back): it says so; all again.
    leader.post({ v: 1, t: 'leader', from: 'L' });
    await tick();
    expect(hub.of('watch').map((m) => m.id)).toEqual([w, w]);
    expect(hub.of('visible')).toHaveLength(2);
    // This member may have missed messages: hello, and its interest.
    follower.hello();
    expect(hub.of('hello')).toHaveLength(2);
    expect(hub.of('watch')).toHaveLength(3);
  });

  it("writes the leader's entries into its cache: Secrets as Secrets, errors as IvsStoreErrors", async () => {
    const { cache, leader } = setup();
    leader.post({ v: 1, t: 'leader', from: 'L' });
    const error = new IvsStoreError({ kind: 'access', message: 'denied', operation: 'GetStreamKey' });
    leader.post({
      v: 1,
      t: 'changes',
      from: 'L',
      entries: [
        [
          'streamKeys',
          'k',
          {
            status: 'success',
            data: encode({ value: new Secret('sk') }),
            error: undefined,
            updatedAt: 5,
            fetching: false,
          },
        ],
        [
          'streamKeys',
          'x',
          { status: 'error', data: undefined, error: encode(error) as never, updatedAt: undefined, fetching: true },
        ],
      ],
    });
    await tick();
    const k = cache.get<{ value: Secret }>('streamKeys', 'k');
    expect(k.status).toBe('success');
    expect(k.data?.value).toBeInstanceOf(Secret);
    expect(k.data?.value.reveal()).toBe('sk');
    const x = cache.get('streamKeys', 'x');
    expect(isIvsStoreError(x.error)).toBe(true);
    expect(x).toMatchObject({ status: 'error', fetching: true, error: { kind: 'access', message: 'denied' } });
  });

  it('collects mirrored entries nobody watches here, after gcTime, as it collects its own', async () => {
    const hub = new Hub();
    let clock = 0;
    const cache = new Cache({ gcTime: 60_000, now: () => clock });
    const leader = hub.transport();
    new Follower(hub.transport(), 'F', cache);
    cache.retain('channels', 'watched');
    const entry = (name: string) => ({
      status: 'success' as const,
      data: { name },
      error: undefined,
      updatedAt: 1,
      fetching: false,
    });
    leader.post({
      v: 1,
      t: 'changes',
      from: 'L',
      entries: [
        ['channels', 'watched', entry('w')],
        ['channels', 'other', entry('o')],
      ],
    });
    await tick();
    clock = 59_999;
    cache.collectGarbage();
    expect(cache.has('channels', 'other')).toBe(true);
    clock = 60_000;
    cache.collectGarbage();
    expect(cache.has('channels', 'other')).toBe(false);
    expect(cache.get('channels', 'watched').data).toEqual({ name: 'w' });
  });

  it('has the leader run its calls; one sent to a leader that went away fails, never runs twice', async () => {
    const { hub, leader, follower } = setup();
    const early = follower.call('channels', 'update', [{ arn: 'a', name: 'n' }]);
    leader.post({ v: 1, t: 'leader', from: 'L1' });
    await tick();
    const sent = hub.of('call');
    expect(sent.map((c) => [c.resource, c.method])).toEqual([['channels', 'update']]);
    leader.post({ v: 1, t: 'result', from: 'L1', to: 'F', id: sent[0]!.id, ok: true, value: encode({ name: 'n' }) });
    await expect(early).resolves.toEqual({ name: 'n' });
    const lost = follower.call('channels', 'delete', ['a']);
    await tick();
    leader.post({ v: 1, t: 'leader', from: 'L2' });
    await expect(lost).rejects.toMatchObject({ kind: 'network', operation: 'channels.delete' });
    // A result for someone else is not ours.
    const mine = follower.call('channels', 'refresh', []);
    await tick();
    const id = hub.of('call').at(-1)!.id;
    leader.post({ v: 1, t: 'result', from: 'L2', to: 'G', id, ok: true, value: 1 });
    leader.post({
      v: 1,
      t: 'result',
      from: 'L2',
      to: 'F',
      id,
      ok: false,
      value: encode(new IvsStoreError({ kind: 'validation', message: 'no', field: 'arn' })),
    });
    await expect(mine).rejects.toMatchObject({ kind: 'validation', field: 'arn' });
  });

  it("keeps the leader's metrics, and fails waiting calls when it stops", async () => {
    const { leader, follower, hub } = setup();
    leader.post({ v: 1, t: 'leader', from: 'L' });
    const m = { ...EMPTY_METRICS, calls: { ListChannels: 1 } };
    leader.post({ v: 1, t: 'metrics', from: 'L', metrics: m, members: 3 });
    await tick();
    expect(await firstValueFrom(follower.metrics$)).toEqual({ metrics: m, members: 3 });
    const pending = follower.call('channels', 'refresh', []);
    follower.stop(new IvsStoreError({ kind: 'disposed', message: 'gone' }));
    await expect(pending).rejects.toMatchObject({ kind: 'disposed' });
    expect(hub.of('bye')).toEqual([{ v: 1, t: 'bye', from: 'F' }]);
  });
});
