import { dashboardStore } from '../../demo/app/store.js';
import { watchDashboard } from '../../demo/app/watch.js';
import { DEMO_WORLD, simulatorConfig, startDemoSimulator } from '../../demo/server.js';
import { createIvsStore, realtimeResources } from '../lib/ivs-store.js';
import { sleep } from '../lib/measure.js';
import { check, type ScenarioResult } from '../lib/report.js';

/** Polls before counting, the world moving: first reads, code loaded on first use, pollers in phase. */
const WARM_UP_MS = 4_000;
/** Cycles counted: each poller is due an interval after its last read landed, so a window of N intervals holds at most N polls. */
const CYCLES = 10;

/** How many calls of `pageSize` items read `items` (at least one: an empty list is still read). */
const pages = (items: number, pageSize: number) => Math.max(1, Math.ceil(items / pageSize));

/**
 * `npm run demo`, one tab, without a browser: the demo's simulator (its seeded world,
 * moving until the count, quotas on), the page's own store (demo/app/store.ts, over
 * dist/) and every query its widgets watch (demo/app/watch.ts, which the widgets subscribe
 * through). Calls per 2 s cycle, by operation, from the simulator's request log, against
 * the floor: what the widgets need, nothing more.
 */
export async function demoCalls(): Promise<ScenarioResult> {
  const sim = await startDemoSimulator(7);
  const config = simulatorConfig(sim);
  const store = dashboardStore(config, { createIvsStore, realtimeResources });
  const unwatch = watchDashboard(store);
  await sleep(WARM_UP_MS);

  const { ivs, realtime } = sim.control;
  const stages = realtime.stageArns();
  // The world stops moving while the calls are counted: a stage whose session ends and
  // another starts has a new list (its first read, and the old one's last poll in its
  // grace), a one-off, not a cost per cycle. Two intervals for such a change to play out.
  sim.control.setMotion(false);
  await sleep(2 * config.refetchInterval);
  const withSession = stages.filter((arn) => realtime.connectedParticipantIds(arn).length > 0).length;
  const live = ivs.liveChannelArns().length;
  sim.control.clearRequests();
  await sleep(CYCLES * config.refetchInterval);
  const log = sim.control.requests();
  unwatch();
  store.dispose();
  await sim.stop();

  const channels = ivs.channelArns().length;
  /** The floor per cycle: each widget's data read once, in as few calls as the API allows. */
  const floors: Record<string, { floor: number; why: string }> = {
    BatchGetChannel: { floor: pages(channels, 50), why: `${channels} cards, 50 a batch` },
    ListChannels: { floor: pages(channels, 100), why: `the grid's list, ${channels} channels` },
    ListStreams: { floor: pages(live, 100), why: `health of ${channels} cards and the top channels, ${live} live` },
    ListStages: { floor: pages(stages.length, 100), why: `the stages panel and its ${stages.length} stages' sessions` },
    ListParticipants: { floor: withSession, why: `${withSession} stages with a session, one list each` },
  };
  const count = (op: string) => log.filter((r) => r.operation === op).length;
  const operations = [...new Set([...Object.keys(floors), ...log.map((r) => r.operation ?? '?')])];
  const rows = operations.map((op) => {
    const perCycle = count(op) / CYCLES;
    const floor = floors[op]?.floor ?? 0;
    return {
      contender: op,
      perCycle,
      floor,
      at: perCycle <= floor + 1e-9 ? '✔' : '✘',
      why: floors[op]?.why ?? 'nothing on the page needs it',
    };
  });
  const total = rows.reduce((n, r) => n + r.perCycle, 0);
  const floorTotal = rows.reduce((n, r) => n + r.floor, 0);
  const failed = log.filter((r) => r.status !== 200).length;
  return {
    id: 'demo-calls',
    title: `7. Calls per cycle in the demo's world (${channels} channels, ${DEMO_WORLD.live} live at start, ${stages.length} stages; one tab)`,
    columns: [
      { key: 'perCycle', label: 'calls per 2 s cycle', digits: 1 },
      { key: 'floor', label: 'floor', digits: 1 },
      { key: 'at', label: 'at the floor' },
      { key: 'why', label: 'what the widgets need' },
    ],
    rows,
    ratios: [{ label: 'calls per cycle, all operations / the floor', value: total / floorTotal }],
    checks: [
      ...rows.map((r) =>
        check(`${r.contender} at its floor: ≤ ${r.floor.toFixed(1)} a cycle`, r.at === '✔', r.perCycle.toFixed(1)),
      ),
      check('no call throttled or failed (each counted once)', failed === 0, failed),
    ],
    notes: [
      `Counted from the simulator's request log over ${CYCLES} cycles of ${config.refetchInterval / 1000} s, after ${WARM_UP_MS / 1000} s with the world moving as in \`npm run demo\` and ${(2 * config.refetchInterval) / 1000} s more with it still (a stage session that ends and another that starts cost their lists' first and last reads once, not per cycle). The page is demo/app/watch.ts: the queries its React, Vue and RxJS widgets subscribe through. A poller is due an interval after its last read landed, so a window of ${CYCLES} intervals holds at most ${CYCLES} polls of each.`,
    ],
  };
}
