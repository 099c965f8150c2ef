import type { Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IvsStore } from '../../src/index.js';
import type { IvsSimulator } from '../../src/simulator/index.js';
import { startStoreWorld, until, type StoreWorld } from '../support/world.js';

/**
 * What React StrictMode (and any widget that re-mounts) does: subscribe, unsubscribe and
 * subscribe again in the same task. Every query kind must then get its first data at once
 * from one read, not after a poll interval: the store's interval here is a minute.
 */
describe('every query kind, re-subscribed in the same task, gets its data from the first read', () => {
  let w: StoreWorld;
  let sim: IvsSimulator;
  let store: IvsStore;
  let channel: string;
  let stage: string;

  beforeAll(async () => {
    w = await startStoreWorld({ seed: 5 });
    ({ sim, store } = w);
    channel = sim.control.ivs.createChannel({ name: 'remount' }).arn;
    sim.control.ivs.goLive(channel, { health: 'HEALTHY', viewerCount: 3 });
    stage = sim.control.realtime.createStage({ name: 'remount' }).arn;
    sim.control.realtime.join(stage, { userId: 'ada' });
    // Load the lazy families first, so the stand-ins are out of the way (they are exercised elsewhere).
    await store.streams.refresh();
    await store.stages.refresh();
    await store.streamKeys.refresh();
  });
  afterAll(() => w.stop());

  const queries: Array<[string, () => Observable<unknown>, (v: unknown) => boolean]> = [
    ['channels.get$', () => store.channels.get$(channel), (e) => (e as { status: string }).status === 'success'],
    ['channels.list$', () => store.channels.list$(), (e) => ((e as { data?: unknown[] }).data?.length ?? 0) > 0],
    [
      'streams.get$',
      () => store.streams.get$(channel),
      (e) => (e as { data?: { state?: string } }).data?.state === 'LIVE',
    ],
    ['streams.health$', () => store.streams.health$(channel), (h) => (h as { state?: string }).state === 'LIVE'],
    ['streams.live$', () => store.streams.live$(), (e) => ((e as { data?: unknown[] }).data?.length ?? 0) > 0],
    [
      'streamKeys.forChannel$',
      () => store.streamKeys.forChannel$(channel),
      (e) => ((e as { data?: unknown[] }).data?.length ?? 0) > 0,
    ],
    ['stages.get$', () => store.stages.get$(stage), (e) => (e as { status: string }).status === 'success'],
    ['stages.list$', () => store.stages.list$(), (e) => ((e as { data?: unknown[] }).data?.length ?? 0) > 0],
    [
      'participants.list$',
      () => store.participants.list$(stage),
      (e) => ((e as { data?: unknown[] }).data?.length ?? 0) > 0,
    ],
  ];

  it.each(queries)('%s', async (_name, make, ready) => {
    sim.control.clearRequests();
    const query = make();
    query.subscribe().unsubscribe();
    const started = Date.now();
    const value = await until(query, ready, 2000);
    expect(ready(value)).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
