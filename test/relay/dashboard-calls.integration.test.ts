import { IvsClient } from '@aws-sdk/client-ivs';
import { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import { afterEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import { watchDashboard } from '../../demo/app/watch.js';
import { DEMO_WORLD } from '../../demo/server.js';
import { createIvsStore } from '../../src/index.js';
import { realtimeResources } from '../../src/realtime/index.js';
import { startRelay } from '../../src/relay/server/index.js';
import { type IvsSimulator, startIvsSimulator } from '../../src/simulator/index.js';
import { sleep } from '../support/world.js';

const INTERVAL = 500;
const stops: Array<() => unknown> = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

/** The demo's world, still, and SDK clients on it. */
async function world() {
  const sim = await startIvsSimulator({ scenario: DEMO_WORLD, seed: 7, motion: false, quotas: false });
  const config = { endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 };
  const ivs = new IvsClient(config);
  const realtime = new IVSRealTimeClient(config);
  stops.push(
    () => sim.stop(),
    () => ivs.destroy(),
    () => realtime.destroy(),
  );
  return { sim, ivs, realtime };
}

/** The calls of a 4 s window after `settle` ms, by operation. */
async function calls(sim: IvsSimulator, settle: number): Promise<Record<string, number>> {
  await sleep(settle);
  sim.control.clearRequests();
  await sleep(8 * INTERVAL);
  const by: Record<string, number> = {};
  for (const r of sim.control.requests()) by[r.operation ?? '?'] = (by[r.operation ?? '?'] ?? 0) + 1;
  return by;
}

const total = (by: Record<string, number>) => Object.values(by).reduce((a, b) => a + b, 0);

/**
 * Pages through a relay cost the account what one page reading for itself costs: a page's
 * watches reach the relay one message at a time, and its store still reads them as one
 * page's (one ListStreams for every card's health, not a GetStream per card).
 */
it("three dashboards through a relay make one dashboard's calls, the same operations", async () => {
  const direct = await world();
  const own = createIvsStore({
    ivs: direct.ivs,
    realtime: realtimeResources(direct.realtime),
    refetchInterval: INTERVAL,
  });
  stops.push(watchDashboard(own), () => own.dispose());
  const alone = await calls(direct.sim, 3000);

  const relayed = await world();
  const relay = await startRelay({
    ivs: relayed.ivs,
    realtime: realtimeResources(relayed.realtime),
    store: { refetchInterval: INTERVAL },
    authenticate: () => ({ user: 'ops' }),
  });
  stops.push(() => relay.stop());
  for (let i = 0; i < 3; i++) {
    const page = createIvsStore({ relay: { url: relay.url, WebSocket } });
    stops.push(watchDashboard(page), () => page.dispose());
    await sleep(200); // pages open one after another
  }
  const through = await calls(relayed.sim, 3000);
  expect(Object.keys(through).sort()).toEqual(Object.keys(alone).sort());
  expect(through.GetStream ?? 0).toBe(0);
  expect(total(through)).toBeLessThanOrEqual(total(alone) * 1.25 + 2);
}, 60_000);
