import { interval, map, merge, type Observable, of } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsUrl, pushWanted, withPush } from '../../demo/app/push.js';
import { PUSH_COVERS } from '../../demo/app/push.js';
import { dashboardStore } from '../../demo/app/store.js';
import { watchDashboard } from '../../demo/app/watch.js';
import { simulatorConfig, startDemoSimulator } from '../../demo/server.js';
import { createIvsStore, type EventFeedItem, type IvsStore, type StoreMetrics } from '../../src/index.js';
import { realtimeResources } from '../../src/realtime/index.js';
import type { IvsSimulator } from '../../src/simulator/index.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const CYCLES = 5;
const WARM_UP_MS = 4_000;

describe('the demo\'s "push events" switch', () => {
  const config = {
    mode: 'simulator' as const,
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:4567/',
    credentials: { accessKeyId: 'AKID', secretAccessKey: 'se/cr+et' },
    refetchInterval: 2000,
  };

  it('is on with ?push=1, in simulator mode only', () => {
    expect(pushWanted(config, '?push=1')).toBe(true);
    expect(pushWanted(config, '?push=0')).toBe(false);
    expect(pushWanted(config, '')).toBe(false);
    expect(pushWanted({ ...config, mode: 'aws', endpoint: undefined }, '?push=1')).toBe(false);
  });

  it('reloads the same page with the switch set or cleared', () => {
    expect(withPush('http://127.0.0.1:3000/?seed=7', true)).toBe('http://127.0.0.1:3000/?seed=7&push=1');
    expect(withPush('http://127.0.0.1:3000/?push=1', false)).toBe('http://127.0.0.1:3000/');
  });

  it("reads the simulator's /_events with the page's credentials as a URL-encoded token", () => {
    expect(eventsUrl(config)).toBe('http://127.0.0.1:4567/_events?token=AKID%3Ase%2Fcr%2Bet');
    expect(() => eventsUrl({ ...config, mode: 'aws' })).toThrow(/simulator/);
  });
});

/**
 * The page's own store and queries (as calls.integration.test.ts counts them), with the
 * simulator's events in process instead of over SSE and the page's `covers` (channels too:
 * the simulator sends CloudTrail's API-call events): while the feed is healthy, every kind
 * the page watches is read at the safety interval (60 s), so a quiet world costs no call a cycle.
 */
describe('the demo dashboard with push events on: calls per cycle', () => {
  let sim: IvsSimulator;
  let store: IvsStore;
  let unwatch: () => void;
  let metrics: StoreMetrics | undefined;

  beforeAll(async () => {
    sim = await startDemoSimulator(7);
    // As GET /_events sends them: a heartbeat at once and then regularly, and every event.
    const feed: Observable<EventFeedItem> = merge(
      of('heartbeat'),
      interval(1_000).pipe(map(() => 'heartbeat')),
      sim.control.events$ as Observable<EventFeedItem>,
    );
    store = dashboardStore(
      simulatorConfig(sim),
      { createIvsStore, realtimeResources },
      { source: feed, covers: PUSH_COVERS },
    );
    unwatch = watchDashboard(store);
    store.metrics$.subscribe((m) => (metrics = m));
  });
  afterAll(async () => {
    unwatch?.();
    store?.dispose();
    await sim?.stop();
  });

  it('polls nothing each cycle while the world is quiet (at most one safety read of a kind), and applies the events', async () => {
    const interval = simulatorConfig(sim).refetchInterval;
    await sleep(WARM_UP_MS);
    sim.control.setMotion(false);
    await sleep(interval);
    sim.control.clearRequests();
    await sleep(CYCLES * interval);
    const log = sim.control.requests();
    sim.control.setMotion(true);

    const count = (operation: string) => log.filter((r) => r.operation === operation).length;
    expect(log.filter((r) => r.status !== 200)).toEqual([]);
    // Without events each is read every cycle (ListParticipants once per stage with a session):
    // 7 calls a cycle (calls.integration.test.ts). With them, a safety read may fall in the window.
    for (const op of ['BatchGetChannel', 'ListChannels', 'ListStreams', 'ListStages', 'GetStream', 'GetStage'])
      expect(count(op), op).toBeLessThanOrEqual(1);
    expect(count('ListParticipants')).toBeLessThanOrEqual(3);
    expect(log.length).toBeLessThanOrEqual(7);
    expect(metrics?.events?.healthy).toBe(true);
    expect(metrics?.events?.applied).toBeGreaterThan(0);
  }, 60_000);
});
