import { firstValueFrom, take, timeout, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IvsStore, StreamTransition } from '../../../src/index.js';
import type { IvsSimulator } from '../../../src/simulator/index.js';
import { mostWithin, ok, sendTimes, sleep, startStoreWorld, until, type StoreWorld } from '../../support/world.js';

describe('streams and health through the real IvsClient and the simulator', () => {
  let w: StoreWorld;
  let sim: IvsSimulator;
  let store: IvsStore;
  beforeEach(async () => {
    w = await startStoreWorld({ seed: 21, quotas: true });
    ({ sim, store } = w);
  });
  afterEach(() => w.stop());

  it('an offline channel is data (state OFFLINE), a live one carries health and viewers', async () => {
    const off = sim.control.ivs.createChannel({ name: 'off' }).arn;
    const on = sim.control.ivs.createChannel({ name: 'on' }).arn;
    const { streamId } = sim.control.ivs.goLive(on, { health: 'HEALTHY', viewerCount: 12 });
    const [a, b] = await Promise.all([until(store.streams.get$(off), ok), until(store.streams.get$(on), ok)]);
    expect(a.data).toMatchObject({ channelArn: off, state: 'OFFLINE', health: undefined });
    expect(a.error).toBeUndefined();
    expect(b.data).toMatchObject({ channelArn: on, state: 'LIVE', health: 'HEALTHY', viewerCount: 12, streamId });
  });

  it('watching 300 channels of which 120 are live costs 2 ListStreams calls a cycle, not 300 GetStream', async () => {
    const arns = Array.from({ length: 300 }, (_, i) => sim.control.ivs.createChannel({ name: `c${i}` }).arn);
    arns.slice(0, 120).forEach((arn) => sim.control.ivs.goLive(arn));
    const subs = arns.map((arn) => store.streams.get$(arn, { refetchInterval: 1000 }).subscribe());
    const summary = await until(store.streams.summary$(), (s) => s.watched === 300);
    expect(summary).toMatchObject({ live: 120, offline: 180, healthy: 120 });
    expect(sim.control.countRequests({ operation: 'ListStreams' })).toBe(2);
    expect(sim.control.countRequests({ operation: 'GetStream' })).toBe(0);
    sim.control.clearRequests();
    await sleep(1100);
    expect(sim.control.countRequests({ operation: 'ListStreams' })).toBe(2);
    expect(sim.control.countRequests({ operation: 'GetStream' })).toBe(0);
    expect(sim.control.countRequests({ status: 429 })).toBe(0);
    subs.forEach((s) => s.unsubscribe());
  });

  it('watching a single channel uses GetStream (one call beats a sweep)', async () => {
    const arn = sim.control.ivs.createChannel({ name: 'solo' }).arn;
    await until(store.streams.get$(arn), ok);
    expect(sim.control.countRequests({ operation: 'GetStream' })).toBe(1);
    expect(sim.control.countRequests({ operation: 'ListStreams' })).toBe(0);
  });

  it('health$ emits only when state, health, viewers or stream id change; transitions$ names each change', async () => {
    const arn = sim.control.ivs.createChannel({ name: 'watched' }).arn;
    const seen: Array<{ state: string; health?: string; viewerCount?: number }> = [];
    const events: StreamTransition[] = [];
    const tsub = store.streams.transitions$().subscribe((e) => events.push(e));
    const sub = store.streams
      .health$(arn, { refetchInterval: 100 })
      .subscribe((h) => seen.push({ state: h.state, health: h.health, viewerCount: h.viewerCount }));
    await sleep(600); // several polls, nothing changes
    expect(seen).toEqual([{ state: 'OFFLINE', health: undefined, viewerCount: undefined }]);
    // GetStream is limited to 5 a second, so polls come every ~200 ms: leave each state up for several.
    sim.control.ivs.goLive(arn, { health: 'HEALTHY', viewerCount: 3 });
    await sleep(600);
    sim.control.ivs.setHealth(arn, 'STARVING');
    await sleep(600);
    sim.control.ivs.setHealth(arn, 'HEALTHY');
    sim.control.ivs.setViewers(arn, 9);
    await sleep(600);
    sim.control.ivs.goOffline(arn);
    await sleep(600);
    expect(seen).toEqual([
      { state: 'OFFLINE', health: undefined, viewerCount: undefined },
      { state: 'LIVE', health: 'HEALTHY', viewerCount: 3 },
      { state: 'LIVE', health: 'STARVING', viewerCount: 3 },
      { state: 'LIVE', health: 'HEALTHY', viewerCount: 9 },
      { state: 'OFFLINE', health: undefined, viewerCount: undefined },
    ]);
    expect(events.map((e) => e.type)).toEqual(['went-live', 'started-starving', 'recovered', 'went-offline']);
    expect(events.every((e) => e.channelArn === arn)).toBe(true);
    sub.unsubscribe();
    tsub.unsubscribe();
  });

  it('healthHistory$ keeps a bounded ring of samples, one per read', async () => {
    const arn = sim.control.ivs.createChannel({ name: 'spark' }).arn;
    sim.control.ivs.goLive(arn, { viewerCount: 1 });
    const history = await firstValueFrom(
      store.streams.healthHistory$(arn, { refetchInterval: 60, size: 3 }).pipe(take(5), toArray(), timeout(4000)),
    );
    expect(history.map((h) => h.length)).toEqual([1, 2, 3, 3, 3]);
    const last = history.at(-1)!;
    expect(last.every((s) => s.state === 'LIVE' && s.viewerCount === 1)).toBe(true);
    expect(last[0]!.at).toBeLessThan(last[2]!.at);
    // A derived stream fails with a bad argument (its error notification), never a synchronous throw.
    await expect(firstValueFrom(store.streams.healthHistory$(arn, { size: 0 }))).rejects.toMatchObject({
      kind: 'validation',
      field: 'size',
      message: expect.stringMatching(/'size' must be a positive integer/),
    });
  });

  it('live$ lists live streams (all pages), optionally by health', async () => {
    const arns = Array.from({ length: 5 }, (_, i) => sim.control.ivs.createChannel({ name: `l${i}` }).arn);
    arns.forEach((arn, i) => sim.control.ivs.goLive(arn, { health: i < 2 ? 'STARVING' : 'HEALTHY' }));
    const all = await until(store.streams.live$(), ok);
    expect(all.data?.map((s) => s.channelArn).sort()).toEqual([...arns].sort());
    const starving = await until(store.streams.live$({ health: 'STARVING' }), ok);
    expect(starving.data?.map((s) => s.channelArn).sort()).toEqual(arns.slice(0, 2).sort());
  });

  it('stop() ends the stream and the entry turns OFFLINE', async () => {
    const arn = sim.control.ivs.createChannel({ name: 'stoppable' }).arn;
    sim.control.ivs.goLive(arn);
    const obs = store.streams.get$(arn);
    const sub = obs.subscribe();
    await until(obs, (e) => e.data?.state === 'LIVE');
    await store.streams.stop(arn);
    expect((await until(obs, (e) => e.data?.state === 'OFFLINE')).status).toBe('success');
    await expect(store.streams.stop(arn)).rejects.toMatchObject({ kind: 'not-found', code: 'ChannelNotBroadcasting' });
    sub.unsubscribe();
  });

  it('putMetadata is queued to 5 per second per channel and rejects more than 1 KB locally', async () => {
    const a = sim.control.ivs.createChannel({ name: 'meta-a' }).arn;
    sim.control.ivs.goLive(a);
    await expect(store.streams.putMetadata(a, 'é'.repeat(600))).rejects.toMatchObject({
      kind: 'validation',
      field: 'metadata',
    });
    expect(sim.control.countRequests({ operation: 'PutMetadata' })).toBe(0);
    const sent = sendTimes(w.ivs, 'PutMetadata');
    const started = Date.now();
    await Promise.all(Array.from({ length: 12 }, (_, i) => store.streams.putMetadata(a, `cue-${i}`)));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(sim.control.requests({ operation: 'PutMetadata' })).toHaveLength(12);
    expect(sent).toHaveLength(12);
    expect(mostWithin(sent)).toBeLessThanOrEqual(5);
    expect(sim.control.countRequests({ status: 429 })).toBe(0);
  });
});
