import { GetStreamCommand } from '@aws-sdk/client-ivs';
import { QueryClient, QueryObserver } from '@tanstack/query-core';
import { createIvsStore } from '../lib/ivs-store.js';
import { bursts, sleep, until } from '../lib/measure.js';
import { check, type ScenarioResult } from '../lib/report.js';
import { settleCounter } from '../lib/settle.js';
import { ivsClient, worldWith } from '../lib/sim.js';

const CHANNELS = 300;
const LIVE = 120;
/** The bench polls every second to see several cycles quickly; quota shares are given for the 5 s default. */
const BENCH_INTERVAL_MS = 1000;
const DEFAULT_INTERVAL_S = 5;
const WINDOW_MS = 4500;
const QUOTA_TPS = 5;

/** Calls per poll cycle, counted from the simulator's request log over a few cycles. */
async function perCycle(
  sim: Awaited<ReturnType<typeof worldWith>>['sim'],
  operations: string[],
): Promise<{ calls: number; cycles: number }> {
  sim.control.clearRequests();
  await sleep(WINDOW_MS);
  const log = sim.control.requests().filter((r) => operations.includes(r.operation ?? ''));
  return { calls: log.length, cycles: bursts(log.map((r) => r.time)) };
}

export async function health(): Promise<ScenarioResult> {
  const { sim, arns } = await worldWith(CHANNELS, LIVE, false);

  // ivs-store: one health$ per channel, as a wall of tiles would subscribe.
  const ivs = ivsClient(sim, 1);
  const store = createIvsStore({ ivs, refetchInterval: BENCH_INTERVAL_MS });
  const ourCount = settleCounter();
  const subs = arns.map((arn) =>
    store.streams.health$(arn).subscribe(
      ourCount.track(
        () => false,
        () => true,
      ),
    ),
  );
  await until(() => ourCount.loaded() === CHANNELS, 20_000, 'ivs-store to know every channel');
  const ours = await perCycle(sim, ['ListStreams', 'GetStream']);
  subs.forEach((s) => s.unsubscribe());
  store.dispose();
  ivs.destroy();
  await sleep(500);

  // TanStack Query: a GetStream query per channel, polled; offline is data, as a careful user writes it.
  const ivs2 = ivsClient(sim);
  const client = new QueryClient({ defaultOptions: { queries: { retry: 3 } } });
  const theirCount = settleCounter();
  const unsubs = arns.map((arn) => {
    const observer = new QueryObserver(client, {
      queryKey: ['stream', arn],
      refetchInterval: BENCH_INTERVAL_MS,
      queryFn: async ({ signal }) => {
        try {
          return (await ivs2.send(new GetStreamCommand({ channelArn: arn }), { abortSignal: signal })).stream ?? null;
        } catch (err) {
          if ((err as { name?: string }).name === 'ChannelNotBroadcasting') return null;
          throw err;
        }
      },
    });
    // Settled either way counts: a channel whose stream failed to read is known too.
    return observer.subscribe(
      theirCount.track(
        (r) => r.status === 'pending',
        () => true,
      ),
    );
  });
  await until(() => theirCount.loaded() === CHANNELS, 20_000, 'TanStack to know every channel');
  const theirs = await perCycle(sim, ['ListStreams', 'GetStream']);
  unsubs.forEach((u) => u());
  client.clear();
  ivs2.destroy();
  await sim.stop();

  const oursPerCycle = ours.calls / Math.max(1, ours.cycles);
  const theirsPerCycle = theirs.calls / Math.max(1, theirs.cycles);
  const share = (perCycle: number) => perCycle / DEFAULT_INTERVAL_S / QUOTA_TPS;
  const expected = Math.ceil(LIVE / 100);
  return {
    id: 'health',
    title: `2. Health of ${CHANNELS} channels, ${LIVE} live`,
    columns: [
      { key: 'perCycle', label: 'calls per poll cycle', digits: 1 },
      { key: 'share', label: `share of the ${QUOTA_TPS} TPS quota at ${DEFAULT_INTERVAL_S} s polling` },
    ],
    rows: [
      {
        contender: 'ivs-store (ListStreams sweep)',
        perCycle: oursPerCycle,
        share: `${Math.round(share(oursPerCycle) * 100)} %`,
      },
      {
        contender: 'TanStack Query, GetStream per channel',
        perCycle: theirsPerCycle,
        share: `${Math.round(share(theirsPerCycle) * 100)} %`,
      },
    ],
    ratios: [
      { label: 'calls per cycle, ivs-store / TanStack GetStream per channel', value: oursPerCycle / theirsPerCycle },
    ],
    checks: [
      check(
        `ivs-store makes ⌈${LIVE}/100⌉ = ${expected} calls per cycle`,
        Math.abs(oursPerCycle - expected) < 0.01,
        oursPerCycle.toFixed(2),
      ),
    ],
    notes: [
      `Counted from the simulator's request log over ${WINDOW_MS / 1000} s of ${BENCH_INTERVAL_MS / 1000}-second polling (cycles found as bursts of calls); the quota share is for the default ${DEFAULT_INTERVAL_S} s interval. Quotas are off in this scenario so that nobody is throttled while counting.`,
    ],
  };
}
