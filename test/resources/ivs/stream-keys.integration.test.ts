import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret, type IvsStore } from '../../../src/index.js';
import type { IvsSimulator } from '../../../src/simulator/index.js';
import { sleep, startStoreWorld, until, type StoreWorld } from '../../support/world.js';

describe('stream keys, and what channel mutations do to them', () => {
  let w: StoreWorld;
  let sim: IvsSimulator;
  let store: IvsStore;
  beforeEach(async () => {
    w = await startStoreWorld({ seed: 31 });
    ({ sim, store } = w);
  });
  afterEach(() => w.stop());

  it('get$ coalesces into BatchGetStreamKey and maps per-key errors; the value is a redacted Secret', async () => {
    const keys = ['a', 'b'].map((n) => sim.control.ivs.createChannel({ name: n }).streamKeyArn);
    const missing = keys[0]!.replace(/\/[a-zA-Z0-9]+$/, '/missingKey01');
    const [a, b, m] = await Promise.all([
      until(store.streamKeys.get$(keys[0]!), (e) => e.status === 'success'),
      until(store.streamKeys.get$(keys[1]!), (e) => e.status === 'success'),
      until(store.streamKeys.get$(missing), (e) => e.status === 'not-found'),
    ]);
    expect(sim.control.requests({ operation: 'BatchGetStreamKey' }).map((r) => r.keys)).toEqual([3]);
    expect(a.data?.value).toBeInstanceOf(Secret);
    expect(a.data?.value?.reveal()).toMatch(/^sk_us-east-1_/);
    expect(b.data?.channelArn).toBeDefined();
    expect(m.data).toBeUndefined();
    const json = JSON.stringify([a, b]);
    expect(json).not.toContain(a.data!.value!.reveal());
    expect(json).not.toContain(b.data!.value!.reveal());
    expect(String(a.data?.value)).toBe('[redacted]');
  });

  it('a partial batch failure fails only the keys it names', async () => {
    const arns = ['x', 'y', 'z'].map((n) => sim.control.ivs.createChannel({ name: n }).streamKeyArn);
    sim.control.injectFault({ operations: ['BatchGetStreamKey'], batchErrorRate: 1, times: 1 });
    const entries = await Promise.all(
      arns.map((arn) => until(store.streamKeys.get$(arn), (e) => e.status !== 'loading')),
    );
    expect(entries.map((e) => [e.status, e.error?.kind])).toEqual([
      ['error', 'unavailable'],
      ['error', 'unavailable'],
      ['error', 'unavailable'],
    ]);
  });

  it("create caches the channel's key; forChannel$ lists it; delete and re-create", async () => {
    const { channel, streamKey } = await store.channels.create({ name: 'keyed' });
    const cached = await until(store.streamKeys.get$(streamKey!.arn!), (e) => e.status === 'success');
    expect(cached.data?.value?.reveal()).toBe(streamKey?.value?.reveal());
    expect(sim.control.countRequests({ operation: 'BatchGetStreamKey' })).toBe(0); // served from the cache
    const list = store.streamKeys.forChannel$(channel.arn!);
    const sub = list.subscribe();
    expect((await until(list, (e) => e.status === 'success')).data?.map((k) => k.arn)).toEqual([streamKey!.arn]);
    await expect(store.streamKeys.create(channel.arn!)).rejects.toMatchObject({
      kind: 'quota',
      code: 'ServiceQuotaExceededException',
    });
    await store.streamKeys.delete(streamKey!.arn!);
    await until(list, (e) => e.data?.length === 0);
    const fresh = await store.streamKeys.create(channel.arn!, { env: 'prod' });
    expect(fresh.value).toBeInstanceOf(Secret);
    expect((await until(list, (e) => e.data?.length === 1)).data?.[0]?.arn).toBe(fresh.arn);
    await expect(store.streamKeys.create('not-an-arn')).rejects.toMatchObject({
      kind: 'validation',
      field: 'channelArn',
    });
    sub.unsubscribe();
  });

  it('deleting a channel makes its stream keys and its stream not-found', async () => {
    const { channel, streamKey } = await store.channels.create({ name: 'gone' });
    const key$ = store.streamKeys.get$(streamKey!.arn!);
    const stream$ = store.streams.get$(channel.arn!);
    const subs = [key$.subscribe(), stream$.subscribe()];
    await until(stream$, (e) => e.data?.state === 'OFFLINE');
    await store.channels.delete(channel.arn!);
    await until(key$, (e) => e.status === 'not-found');
    await until(stream$, (e) => e.status === 'not-found');
    subs.forEach((s) => s.unsubscribe());
  });

  it('a deleted channel drops out of a watched list at once, and its stream is not polled any more', async () => {
    const poll = await startStoreWorld({ seed: 32 }, { refetchInterval: 200 });
    try {
      const { channel } = await poll.store.channels.create({ name: 'brief' });
      const { channel: other } = await poll.store.channels.create({ name: 'stays' });
      const list$ = poll.store.channels.list$();
      const stream$ = poll.store.streams.get$(channel.arn!);
      const seen: string[][] = [];
      const subs = [list$.subscribe((e) => e.data && seen.push(e.data.map((c) => c.name ?? ''))), stream$.subscribe()];
      await until(list$, (e) => e.data?.length === 2);
      await until(stream$, (e) => e.data?.state === 'OFFLINE');
      // The re-read of the list after the delete is held back: the list must not wait for it.
      poll.sim.control.injectFault({ operations: ['ListChannels'], latencyMs: 1500, times: 1 });
      await poll.store.channels.delete(channel.arn!);
      expect((await until(list$, (e) => e.data?.length === 1, 1000)).data?.map((c) => c.arn)).toEqual([other.arn]);
      await until(stream$, (e) => e.status === 'not-found');
      const reads = () =>
        poll.sim.control.countRequests({ operation: 'GetStream' }) +
        poll.sim.control.countRequests({ operation: 'ListStreams' });
      const before = reads();
      await sleep(800); // four polling intervals
      expect(reads()).toBe(before);
      expect(seen.every((names) => !names.includes(''))).toBe(true); // never a hole where the deleted channel was
      subs.forEach((s) => s.unsubscribe());
    } finally {
      await poll.stop();
    }
  });
});
