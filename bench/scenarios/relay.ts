import { IvsClient } from '@aws-sdk/client-ivs';
import { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import { cpus } from 'node:os';
import type { Subscription } from 'rxjs';
import WebSocket from 'ws';
import { watchDashboard } from '../../demo/app/watch.js';
import { DEMO_WORLD } from '../../demo/server.js';
import { startIvsSimulator, type IvsSimulator } from '../../src/simulator/index.js';
import { startRedis } from '../../test/support/redis.js';
import { startBalancer } from '../../test/support/balancer.js';
import { createIvsStore, type IvsStore, realtimeResources } from '../lib/ivs-store.js';
import { sleep } from '../lib/measure.js';
import { startRelayProcess, type RelayProcess } from '../lib/relays.js';
import { check, goal, type Check, type ScenarioResult } from '../lib/report.js';
import { type Shown, storeShown, wholePage } from '../lib/tabs.js';

const CLIENTS = 100;
const RELAYS = 3;
/** The demo's interval. */
const INTERVAL_MS = 2000;
/** 10 cycles: a call more or less at either edge moves the figure by a few percent, not ten. */
const WINDOW_MS = 10 * INTERVAL_MS;
const LEASE_MS = 3000;
const TOKEN = 'bench-token';

interface Client {
  store: IvsStore;
  /** ms from a change in the world to this client's live$ showing it, by change. */
  seen: Map<number, number>;
  /** Emissions that went back: loading or no data after data, or an older updatedAt. */
  regressions: string[];
  close(): void;
}

/** The world's changes, one a second: a live channel's viewer count, to a value never seen before. */
const changes: Array<{ arn: string; viewers: number; at: number }> = [];

function client(store: IvsStore): Client {
  const seen = new Map<number, number>();
  const regressions: string[] = [];
  const stopPage = watchDashboard(store);
  const guard = (name: string) => {
    let had = false;
    let updatedAt = 0;
    return (e: { status: string; data: unknown; updatedAt?: number | undefined }) => {
      if (had && (e.status === 'loading' || e.data === undefined)) regressions.push(`${name}: ${e.status}`);
      if ((e.updatedAt ?? 0) < updatedAt) regressions.push(`${name}: updatedAt went back`);
      if (e.status === 'success') had = true;
      updatedAt = Math.max(updatedAt, e.updatedAt ?? 0);
    };
  };
  const channels = guard('channels.list$');
  const liveGuard = guard('streams.live$');
  const subs: Subscription[] = [
    store.channels.list$().subscribe(channels),
    store.streams.live$().subscribe((e) => {
      liveGuard(e);
      for (const [k, c] of changes.entries())
        if (!seen.has(k) && e.data?.some((s) => s.channelArn === c.arn && s.viewerCount === c.viewers))
          seen.set(k, Date.now() - c.at);
    }),
  ];
  return {
    store,
    seen,
    regressions,
    close() {
      for (const s of subs) s.unsubscribe();
      stopPage();
      store.dispose();
    },
  };
}

function directClient(sim: IvsSimulator): Client & { destroy(): void } {
  const config = { endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 };
  const ivs = new IvsClient(config);
  const realtime = new IVSRealTimeClient(config);
  const c = client(createIvsStore({ ivs, realtime: realtimeResources(realtime), refetchInterval: INTERVAL_MS }));
  return {
    ...c,
    destroy() {
      c.close();
      ivs.destroy();
      realtime.destroy();
    },
  };
}

const same = (a: Shown, b: Shown) =>
  a.channels === b.channels &&
  a.cards === b.cards &&
  a.stages === b.stages &&
  a.participantLists === b.participantLists;

async function allShown(clients: Client[], expected: Shown, ms = 60_000): Promise<number> {
  const deadline = Date.now() + ms;
  let short = clients.length;
  while (Date.now() < deadline) {
    const shown = await Promise.all(clients.map((c) => storeShown(c.store)));
    short = shown.filter((s) => !same(s, expected)).length;
    if (short === 0) return 0;
    await sleep(250);
  }
  return short;
}

/** Calls the simulator got in a window, per second, while the world changes once a second. */
async function window(sim: IvsSimulator, live: string[]): Promise<number> {
  await sleep(INTERVAL_MS);
  sim.control.clearRequests();
  const t0 = Date.now();
  while (Date.now() - t0 < WINDOW_MS) {
    const arn = live[changes.length % live.length]!;
    const viewers = 100_000 + changes.length;
    changes.push({ arn, viewers, at: Date.now() });
    sim.control.ivs.setViewers(arn, viewers);
    // At random moments, so no phase between changes and polls shapes the figures.
    await sleep(500 + Math.random() * 1000);
  }
  const t1 = Date.now();
  const log = sim.control.requests().filter((r) => r.time >= t0 && r.time < t1);
  const byOp = new Map<string, number>();
  for (const r of log) byOp.set(r.operation ?? '?', (byOp.get(r.operation ?? '?') ?? 0) + 1);
  lastByOp = [...byOp]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
  return log.length / ((t1 - t0) / 1000);
}

/** The last window's calls by operation (for the notes). */
let lastByOp = '';

/** Latency samples of changes made from index `from`, across clients: p50 and p95, ms, and the share never seen. */
function latency(clients: Client[], from: number, to: number) {
  const samples: number[] = [];
  let missed = 0;
  for (const c of clients)
    for (let k = from; k < to; k++) {
      const ms = c.seen.get(k);
      if (ms === undefined) missed++;
      else samples.push(ms);
    }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? Number.NaN;
  return { p50: at(0.5), p95: at(0.95), missed };
}

/**
 * Issue 20's measure: 100 browsers' stores through 3 relays sharing Redis, against one
 * browser reading for itself and 100 doing so; the change latency each way; the relays'
 * memory per connection; and the leader relay killed.
 */
export async function relay(): Promise<ScenarioResult> {
  const sim = await startIvsSimulator({
    scenario: DEMO_WORLD,
    seed: 7,
    motion: false,
    quotas: false,
    requestLogLimit: 500_000,
  });
  const expected = wholePage(sim);
  const checks: Check[] = [];

  // One browser, then a hundred, reading for themselves.
  const one = [directClient(sim)];
  await allShown(one, expected);
  const live = ((await storeShownLive(one[0]!.store)) as string[]).slice(0, 8);
  let from = changes.length;
  const oneRate = await window(sim, live);
  const oneOps = lastByOp;
  const oneLatency = latency(one, from, changes.length - 1);
  for (const c of one) c.destroy();
  const hundred = Array.from({ length: CLIENTS }, () => directClient(sim));
  await allShown(hundred, expected);
  from = changes.length;
  const hundredRate = await window(sim, live);
  const hundredLatency = latency(hundred, from, changes.length - 1);
  for (const c of hundred) c.destroy();
  await sleep(500);

  // A hundred through three relays on one Redis, behind one address.
  const redis = await startRedis();
  const relays: RelayProcess[] = [];
  for (let i = 0; i < RELAYS; i++)
    relays.push(
      await startRelayProcess(sim, {
        redis: redis.url,
        token: TOKEN,
        interval: INTERVAL_MS,
        leaseMs: LEASE_MS,
        quotas: {},
      }),
    );
  const alive = new Set(relays);
  const balancer = await startBalancer(() => [...alive].map((r) => r.url));
  const open = (n: number) =>
    Array.from({ length: n }, () =>
      client(createIvsStore({ relay: { url: balancer.url, token: TOKEN, WebSocket: WebSocket as never } })),
    );
  const heap = async () => (await Promise.all(relays.map((r) => r.heap()))).reduce((s, h) => s + h, 0);
  // Memory per connection as the slope from half the clients to all of them: what the
  // relays hold for the world itself (its entries, the poller) is in both and cancels out.
  const clients = open(CLIENTS / 2);
  await allShown(clients, expected);
  const heapHalf = await heap();
  clients.push(...open(CLIENTS / 2));
  const notShown = await allShown(clients, expected);
  checks.push(check(`every relay client shows the whole page`, notShown === 0, `${notShown} short`));
  from = changes.length;
  const relayRate = await window(sim, live);
  const relayOps = lastByOp;
  const relayLatency = latency(clients, from, changes.length - 1);
  const heapAll = await heap();
  const metrics = await Promise.all(relays.map((r) => r.metrics()));
  const connections = metrics.reduce((s, m) => s + m.connections, 0);
  const perConnection = (heapAll - heapHalf) / (CLIENTS / 2);
  const leaders = metrics.filter((m) => m.role === 'leader').length;
  checks.push(check('one relay leads, the others follow', leaders === 1, metrics.map((m) => m.role).join(', ')));
  checks.push(check(`${CLIENTS} connections across the relays`, connections === CLIENTS, String(connections)));

  // Kill the leader: the time until the new leader's first call, and no client goes back.
  const leader = relays[metrics.findIndex((m) => m.role === 'leader')]!;
  sim.control.clearRequests();
  const killedAt = Date.now();
  leader.kill();
  alive.delete(leader);
  // Calls in flight at the kill still land in the simulator's log: the new leader's first is
  // the first one sent after a survivor says it leads.
  const survivors = relays.filter((r) => r !== leader);
  let takeover = Number.NaN;
  let firstPoll = Number.NaN;
  while (Date.now() - killedAt < 4 * LEASE_MS + 4 * INTERVAL_MS) {
    const roles = await Promise.all(survivors.map((r) => r.metrics().then((m) => m.role)));
    if (roles.includes('leader')) {
      takeover = Date.now() - killedAt;
      break;
    }
    await sleep(50);
  }
  while (Number.isNaN(firstPoll) && Date.now() - killedAt < 4 * LEASE_MS + 4 * INTERVAL_MS) {
    const next = sim.control.requests().find((r) => r.time >= killedAt + takeover - 50);
    if (next) firstPoll = next.time - killedAt;
    else await sleep(20);
  }
  const shortAfter = await allShown(clients, expected);
  const regressed = clients.filter((c) => c.regressions.length > 0);
  checks.push(check('after the kill every client shows the whole page again', shortAfter === 0, `${shortAfter} short`));
  checks.push(
    check(
      '0 clients with lost or regressed data through the kill',
      regressed.length === 0,
      regressed[0]?.regressions[0] ?? '0',
    ),
  );
  checks.push(
    check(
      `a survivor leads within the lease (${LEASE_MS} ms) and polls within an interval more`,
      takeover <= LEASE_MS + 1000 && firstPoll <= LEASE_MS + INTERVAL_MS + 1000,
      `leads after ${Math.round(takeover)} ms, polls after ${Math.round(firstPoll)} ms`,
    ),
  );

  for (const c of clients) c.close();
  await balancer.stop();
  await Promise.all(relays.map((r) => r.stop()));
  await redis.stop();
  await sim.stop();

  return {
    id: 'relay',
    title: `9. ${CLIENTS} browsers through ${RELAYS} relays sharing Redis, against browsers reading for themselves (the demo's page, ${INTERVAL_MS / 1000} s interval)`,
    columns: [
      { key: 'rate', label: 'API calls/s', digits: 1 },
      { key: 'p50', label: 'change latency p50, ms', digits: 0 },
      { key: 'p95', label: 'p95, ms', digits: 0 },
    ],
    rows: [
      { contender: '1 browser reading for itself', rate: oneRate, p50: oneLatency.p50, p95: oneLatency.p95 },
      {
        contender: `${CLIENTS} browsers reading for themselves`,
        rate: hundredRate,
        p50: hundredLatency.p50,
        p95: hundredLatency.p95,
      },
      {
        contender: `${CLIENTS} browsers through ${RELAYS} relays + Redis`,
        rate: relayRate,
        p50: relayLatency.p50,
        p95: relayLatency.p95,
      },
    ],
    ratios: [
      { label: `API calls/s, ${CLIENTS} relay clients / 1 direct browser`, value: relayRate / oneRate },
      { label: `API calls/s, ${CLIENTS} relay clients / ${CLIENTS} direct browsers`, value: relayRate / hundredRate },
      { label: `change latency p50, relay / ${CLIENTS} direct browsers`, value: relayLatency.p50 / hundredLatency.p50 },
    ],
    goals: [
      goal({
        figure: `API calls/s, ${CLIENTS} browsers through ${RELAYS} relays`,
        label: 'calls/s',
        anchor: '1 browser reading for itself',
        ours: relayRate,
        theirs: oneRate,
        digits: 1,
        bound: 1.1,
      }),
    ],
    checks,
    notes: [
      `Relays: ${RELAYS} processes of the built relay (bench/lib/relay-child.mjs), one Redis (Debian's redis-server), lease ${LEASE_MS} ms, behind a TCP balancer that sends each new connection to the next live relay (bench/lib/balancer.ts). Clients: ${CLIENTS} relay-mode stores in this process over real WebSockets (the ws package), each subscribing the demo's whole page (demo/app/watch.ts). The world is the demo's, still, without quotas; about once a second, at random moments, a live channel's viewer count changes to a new value, and a change's latency is the time until a client's streams.live$() shows it (missed: ${relayLatency.missed} relay, ${oneLatency.missed} direct samples).`,
      `Calls in the window by operation: one browser ${oneOps}; through the relays ${relayOps}.`,
      `The relays' own lag (a value's emission to its socket write, p50/p95, ms): ${metrics.map((m) => `${m.role} ${m.lag?.p50 ?? '?'}/${m.lag?.p95 ?? '?'}`).join(', ')}. Change latency includes the leader's poll, Redis pub/sub to the other relays, their stores and sockets, and the clients, all on this machine's ${cpus().length} cores with the simulator and the direct runs' stores.`,
      `Memory per connection: the relays' heaps after a full GC with all ${CLIENTS} clients less with half of them, per client added: ${(perConnection / 1024).toFixed(1)} KiB (each client's page holds about 170 watches). Failover: the leader killed with SIGKILL; a survivor said it led ${Math.round(takeover)} ms later (the lease's TTL, ${LEASE_MS} ms, at most, plus a retry), and its first call came ${Math.round(firstPoll)} ms after the kill.`,
    ],
  };
}

/** The channels live now, as the first client's live$ shows them. */
async function storeShownLive(store: IvsStore): Promise<string[]> {
  const { firstValueFrom, filter } = await import('rxjs');
  const e = await firstValueFrom(store.streams.live$().pipe(filter((x) => x.status === 'success')));
  return (e.data ?? []).map((s) => s.channelArn).filter((a): a is string => !!a);
}
