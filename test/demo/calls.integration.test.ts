import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardStore } from '../../demo/app/store.js';
import { watchDashboard } from '../../demo/app/watch.js';
import { DEMO_WORLD, simulatorConfig, startDemoSimulator } from '../../demo/server.js';
import { createIvsStore, type IvsStore } from '../../src/index.js';
import { realtimeResources } from '../../src/realtime/index.js';
import type { IvsSimulator } from '../../src/simulator/index.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Cycles counted, after the page has loaded and polled a few times. */
const CYCLES = 5;
const WARM_UP_MS = 4_000;

/**
 * `npm run demo`, one tab, without a browser: the demo's own simulator (its seeded world,
 * moving until the count, quotas on), the page's own store (demo/app/store.ts) and every query its widgets
 * watch (demo/app/watch.ts, which the widgets subscribe through). Counted from the
 * simulator's request log: per 2 s cycle, each operation at the floor the widgets need.
 */
describe('the demo dashboard, one tab: calls per cycle', () => {
  let sim: IvsSimulator;
  let store: IvsStore;
  let unwatch: () => void;

  beforeAll(async () => {
    sim = await startDemoSimulator(7);
    const config = simulatorConfig(sim);
    store = dashboardStore(config, { createIvsStore, realtimeResources });
    unwatch = watchDashboard(store);
  });
  afterAll(async () => {
    unwatch?.();
    store?.dispose();
    await sim?.stop();
  });

  it('makes per cycle one BatchGetChannel, ListChannels, ListStreams and ListStages, and one ListParticipants per stage with a session', async () => {
    const interval = simulatorConfig(sim).refetchInterval;
    await sleep(WARM_UP_MS);
    const stages = sim.control.realtime.stageArns();
    expect(stages).toHaveLength(DEMO_WORLD.stages);
    // The world stops moving while the calls are counted: a stage whose session ends and
    // another starts has a new list (its first read, and the old one's last poll in its
    // grace), a one-off, not a cost per cycle.
    sim.control.setMotion(false);
    await sleep(2 * interval);
    const withSession = stages.filter((arn) => sim.control.realtime.connectedParticipantIds(arn).length > 0);
    sim.control.clearRequests();
    await sleep(CYCLES * interval);
    const log = sim.control.requests();
    sim.control.setMotion(true);

    const count = (operation: string, resource?: string) =>
      log.filter((r) => r.operation === operation && (resource === undefined || r.resource === resource)).length;
    // Nothing else is read, and nothing throttled (every call counts once).
    expect([...new Set(log.map((r) => r.operation))].sort()).toEqual([
      'BatchGetChannel',
      'ListChannels',
      'ListParticipants',
      'ListStages',
      'ListStreams',
    ]);
    expect(log.filter((r) => r.status !== 200)).toEqual([]);
    // At most one a cycle (each poller is due an interval after its last read landed), and
    // still polling: at least one a cycle but the one the window may cut.
    for (const op of ['BatchGetChannel', 'ListChannels', 'ListStreams', 'ListStages']) {
      expect(count(op), op).toBeLessThanOrEqual(CYCLES);
      expect(count(op), op).toBeGreaterThanOrEqual(CYCLES - 1);
    }
    for (const arn of stages) {
      const n = count('ListParticipants', arn);
      expect(n, arn).toBeLessThanOrEqual(withSession.includes(arn) ? CYCLES : 0);
      if (withSession.includes(arn)) expect(n, arn).toBeGreaterThanOrEqual(CYCLES - 1);
    }
  }, 60_000);

  it('is what the page watches: the widgets take every store query from watch.ts', () => {
    const app = new URL('../../demo/app/', import.meta.url);
    const files = [
      'main.tsx',
      ...['react/', 'widgets/'].flatMap((dir) => readdirSync(new URL(dir, app)).map((f) => dir + f)),
    ];
    const direct = files.flatMap((file) => {
      const text = readFileSync(new URL(file, app), 'utf8');
      const found = [
        // A query of the store (`store.streams.live$(`), or a binding hook that makes one.
        ...text.matchAll(/\bstore\.\w+\.\w+\$\(/g),
        ...text.matchAll(/\buse(Channel|Channels|StreamHealth|LiveStreams|Stage|Participants|ParticipantChanges)\(/g),
      ];
      return found.map((m) => `${file}: ${m[0]}`);
    });
    expect(files.length).toBeGreaterThan(8);
    expect(direct).toEqual([]);
  });
});
