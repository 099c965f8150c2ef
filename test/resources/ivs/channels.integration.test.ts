import type { IvsClient } from '@aws-sdk/client-ivs';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIvsStore, IvsStoreError, Secret, type Entry, type IvsStore } from '../../../src/index.js';
import type { IvsSimulator } from '../../../src/simulator/index.js';
import { sleep, startStoreWorld, until, type StoreWorld } from '../../support/world.js';

describe('channels end to end: the store over the real IvsClient and the simulator', () => {
  let w: StoreWorld;
  let sim: IvsSimulator;
  let client: IvsClient;
  let store: IvsStore;

  beforeEach(async () => {
    w = await startStoreWorld({ seed: 11 }, { retry: { baseDelayMs: 5, maxDelayMs: 20 } });
    ({ sim, store, ivs: client } = w);
  });
  afterEach(() => w.stop());

  it('same-tick reads of different channels become one BatchGetChannel; secrets stay hidden', async () => {
    const arns = ['a', 'b', 'c'].map((n) => sim.control.ivs.createChannel({ name: n }).arn);
    const entries = await Promise.all(
      arns.map((arn) => until(store.channels.get$(arn), (e) => e.status === 'success')),
    );
    expect(entries.map((e) => e.data?.name)).toEqual(['a', 'b', 'c']);
    expect(sim.control.requests({ operation: 'BatchGetChannel' })).toHaveLength(1);
    expect(sim.control.requests({ operation: 'BatchGetChannel' })[0]?.keys).toBe(3);
    const passphrase = entries[0]!.data!.srt!.passphrase!;
    expect(passphrase).toBeInstanceOf(Secret);
    expect(passphrase.reveal()).toHaveLength(32);
    expect(JSON.stringify(entries[0])).not.toContain(passphrase.reveal());
    expect(JSON.stringify(entries[0])).toContain('[redacted]');
  });

  it('hands back the same Observable per id, shares one cached value, and polls while watched', async () => {
    const { arn } = sim.control.ivs.createChannel({ name: 'shared' });
    const a = store.channels.get$(arn, { refetchInterval: 150 });
    expect(store.channels.get$(arn, { refetchInterval: 150 })).toBe(a);
    const seen: Array<Entry<unknown>> = [];
    const s1 = a.subscribe((e) => seen.push(e));
    const s2 = a.subscribe(() => undefined);
    await until(a, (e) => e.status === 'success');
    await sleep(700);
    // A batch of one is a plain GetChannel.
    const polls = sim.control.countRequests({ operation: 'GetChannel' });
    expect(polls).toBeGreaterThanOrEqual(3);
    expect(polls).toBeLessThanOrEqual(7);
    // Unchanged data keeps its identity: polls flip `fetching`, never `data`.
    const datas = new Set(seen.filter((e) => e.data).map((e) => e.data));
    expect(datas.size).toBe(1);
    s1.unsubscribe();
    s2.unsubscribe();
    await sleep(2300); // grace, then no more polls
    const after = sim.control.countRequests({ operation: 'GetChannel' });
    await sleep(400);
    expect(sim.control.countRequests({ operation: 'GetChannel' })).toBe(after);
    expect(sim.control.countRequests({ operation: 'BatchGetChannel' })).toBe(0);
  });

  it('a missing channel is not-found (not an error) and is not polled again', async () => {
    const ghost = 'arn:aws:ivs:us-east-1:123456789012:channel/ghostghost12';
    const obs = store.channels.get$(ghost, { refetchInterval: 100 });
    const sub = obs.subscribe();
    const entry = await until(obs, (e) => e.status === 'not-found');
    expect(entry.data).toBeUndefined();
    expect(entry.error).toBeUndefined();
    await sleep(400);
    expect(sim.control.countRequests({ operation: 'GetChannel' })).toBe(1);
    sub.unsubscribe();
  });

  it('a malformed ARN is a validation error at once, with no request', async () => {
    const entry = await until(
      store.channels.get$('arn:aws:ivs:us-east-1:123456789012:stage/abc'),
      (e) => e.status === 'error',
    );
    expect(entry.error).toBeInstanceOf(IvsStoreError);
    expect(entry.error).toMatchObject({ kind: 'validation', field: 'arn' });
    expect(entry.error?.message).toMatch(/channel\/<id>/);
    expect(sim.control.countRequests()).toBe(0);
  });

  it('list$ reads every page and merges summaries into the channel entities', async () => {
    const big = await startStoreWorld({ seed: 12, scenario: { channels: 230 } });
    const { sim: s, store: st } = big;
    const entry = await until(st.channels.list$(), (e) => e.status === 'success');
    expect(entry.data).toHaveLength(230);
    expect(s.control.countRequests({ operation: 'ListChannels' })).toBe(3);
    await expect(
      until(
        st.channels.list$({ filterByName: 'x', filterByAdConfigurationArn: 'y' } as never),
        (e) => e.status === 'error',
      ),
    ).resolves.toMatchObject({ error: { kind: 'validation' } });
    expect(s.control.countRequests({ operation: 'ListChannels' })).toBe(3);
    await big.stop();
  });

  it('create updates the cache and refreshes watched lists; the stream key value is a Secret', async () => {
    const list = store.channels.list$();
    const sub = list.subscribe();
    await until(list, (e) => e.status === 'success' && e.data?.length === 0);
    const { channel, streamKey } = await store.channels.create({ name: 'fresh', tags: { team: 'a' } });
    expect(channel.name).toBe('fresh');
    expect(streamKey?.value).toBeInstanceOf(Secret);
    expect(streamKey?.value?.reveal()).toMatch(/^sk_/);
    const after = await until(list, (e) => (e.data?.length ?? 0) === 1);
    expect(after.data?.[0]?.name).toBe('fresh');
    await expect(store.channels.create({ name: 'bad name' })).rejects.toMatchObject({
      kind: 'validation',
      field: 'name',
    });
    await expect(
      store.channels.create({ tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }),
    ).rejects.toMatchObject({ kind: 'validation', field: 'tags' });
    expect(sim.control.countRequests({ operation: 'CreateChannel' })).toBe(1);
    sub.unsubscribe();
  });

  it('update is optimistic and rolls back on error', async () => {
    const { arn } = sim.control.ivs.createChannel({ name: 'before' });
    const obs = store.channels.get$(arn);
    const seen: string[] = [];
    const sub = obs.subscribe((e) => e.data && seen.push(e.data.name ?? ''));
    await until(obs, (e) => e.status === 'success');

    sim.control.injectFault({ operations: ['UpdateChannel'], latencyMs: 200, times: 1 });
    const pending = store.channels.update({ arn, name: 'after' });
    expect(store.channels.get$(arn)).toBe(obs);
    await until(obs, (e) => e.data?.name === 'after', 100); // before the response
    expect((await pending).name).toBe('after');

    sim.control.injectFault({ operations: ['UpdateChannel'], errorRate: 1, error: 'ValidationException', times: 1 });
    await expect(store.channels.update({ arn, name: 'rejected' })).rejects.toMatchObject({
      kind: 'validation',
      code: 'ValidationException',
    });
    expect(store.channels.get$(arn)).toBe(obs);
    const rolledBack = await until(obs, (e) => e.data?.name === 'after');
    expect(rolledBack.status).toBe('success');
    expect(seen).toContain('rejected');
    expect(seen.at(-1)).toBe('after');
    sub.unsubscribe();
  });

  it('delete makes the entry not-found; deleting a live channel is a conflict', async () => {
    const { arn } = sim.control.ivs.createChannel({ name: 'doomed' });
    const obs = store.channels.get$(arn);
    const sub = obs.subscribe();
    await until(obs, (e) => e.status === 'success');
    sim.control.ivs.goLive(arn);
    await expect(store.channels.delete(arn)).rejects.toMatchObject({ kind: 'conflict', code: 'ConflictException' });
    sim.control.ivs.goOffline(arn);
    await store.channels.delete(arn);
    expect((await until(obs, (e) => e.status === 'not-found')).data).toBeUndefined();
    sub.unsubscribe();
  });

  it('retries 5xx with backoff; when retries run out, the last good data stays', async () => {
    const { arn } = sim.control.ivs.createChannel({ name: 'flaky' });
    sim.control.injectFault({ operations: ['GetChannel'], errorRate: 1, times: 2 });
    const obs = store.channels.get$(arn);
    const sub = obs.subscribe();
    const ok = await until(obs, (e) => e.status === 'success');
    expect(ok.data?.name).toBe('flaky');
    expect(sim.control.requests({ operation: 'GetChannel' }).map((r) => r.status)).toEqual([500, 500, 200]);

    sim.control.injectFault({ operations: ['GetChannel'], errorRate: 1 });
    await store.channels.refresh();
    const failed = store.channels.get$(arn);
    const entry = await until(failed, (e) => e.status === 'error');
    expect(entry.data?.name).toBe('flaky');
    expect(entry.error).toMatchObject({ kind: 'unavailable', retryable: true });
    const metrics = await firstValueFrom(store.metrics$);
    expect(metrics.retries).toBeGreaterThanOrEqual(5);
    expect(metrics.calls.GetChannel).toBe(sim.control.countRequests({ operation: 'GetChannel' }));
    sub.unsubscribe();
  });

  it('checks its options, naming the option', () => {
    expect(() => createIvsStore({} as never)).toThrow(/createIvsStore: ivs must be an IvsClient/);
    expect(() => createIvsStore({ ivs: client, refetchInterval: 0 })).toThrow(
      /refetchInterval must be a positive number/,
    );
    expect(() => createIvsStore({ ivs: client, quotas: { GetChannel: -1 } })).toThrow(
      /quotas.GetChannel must be a positive number/,
    );
  });
});
