import type { ParticipantSummary } from '@aws-sdk/client-ivs-realtime';
import { firstValueFrom, type Subscription } from 'rxjs';
import { dashboardStore } from '../../demo/app/store.js';
import { watchDashboard } from '../../demo/app/watch.js';
import { PUSH_COVERS } from '../../demo/app/push.js';
import { DEMO_WORLD, simulatorConfig, startDemoSimulator } from '../../demo/server.js';
import type { EventMetrics, ParticipantChange, StreamState } from '../../src/index.js';
import { startIvsSimulator, type IvsSimulator } from '../../src/simulator/index.js';
import { createIvsStore, type IvsStore, realtimeResources } from '../lib/ivs-store.js';
import { sleep } from '../lib/measure.js';
import { check, type Check, type Row, type ScenarioResult } from '../lib/report.js';
import { ivsClient, realtimeClient, simulatorEvents } from '../lib/sim.js';

// ---- a. latency from a move in the world to the store's emission --------------------------

/** Samples per move: one channel or participant each, moved once. */
const SAMPLES = 24;
const STAGES = 4;
/** Both stores poll this often; the push store's covered kinds only at the safety interval (default 60 s) while its feed is healthy. */
const LATENCY_INTERVAL_MS = 5_000;
/** Each sample's move falls at a random moment in this window, so the polling store's samples spread over its whole interval. */
const SPREAD_MS = LATENCY_INTERVAL_MS;

type Mode = 'push' | 'polling';
const MODES: readonly Mode[] = ['push', 'polling'];
type Move = 'go live' | 'starve' | 'publish' | 'unpublish';
const MOVES: readonly Move[] = ['go live', 'starve', 'publish', 'unpublish'];

/** A seeded generator: the same moments from run to run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const percentile = (values: number[], p: number) => {
  if (!values.length) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

interface Seen<T> {
  at: number;
  value: T;
}

/** What one store showed, every emission timed: each channel's stream, each stage's changes. */
interface Watch {
  store: IvsStore;
  streams: Map<string, Array<Seen<StreamState>>>;
  changes: Array<Seen<ParticipantChange>>;
  lists: Map<string, ParticipantSummary[]>;
  subscription: Subscription;
}

function watchStore(store: IvsStore, channels: string[], stages: string[]): Watch {
  const w: Watch = { store, streams: new Map(), changes: [], lists: new Map(), subscription: undefined! };
  const subs: Subscription[] = [];
  for (const arn of channels) {
    const log: Array<Seen<StreamState>> = [];
    w.streams.set(arn, log);
    subs.push(
      store.streams.get$(arn).subscribe((e) => {
        if (e.data) log.push({ at: performance.now(), value: e.data });
      }),
    );
  }
  for (const arn of stages) {
    subs.push(store.participants.changes$(arn).subscribe((c) => w.changes.push({ at: performance.now(), value: c })));
    subs.push(
      store.participants.list$(arn).subscribe((e) => {
        if (e.data) w.lists.set(arn, e.data);
      }),
    );
  }
  w.subscription = { unsubscribe: () => subs.forEach((s) => s.unsubscribe()) } as Subscription;
  return w;
}

/** The first emission at or after `from` that shows what the move did; its delay, or undefined if none yet. */
function delay<T>(log: Array<Seen<T>>, from: number, shows: (v: T) => boolean): number | undefined {
  const hit = log.find((s) => s.at >= from && shows(s.value));
  return hit ? hit.at - from : undefined;
}

interface Sample {
  move: Move;
  at: number;
  /** Delay per mode once seen. */
  seen(w: Watch): number | undefined;
}

/** A move to make: `act` makes it (at the time it is called), `seen` finds it in a store's emissions. */
function timed<T>(move: Move, act: () => T, seen: (w: Watch, at: number, made: T) => number | undefined): () => Sample {
  return () => {
    const at = performance.now();
    const made = act();
    return { move, at, seen: (w: Watch) => seen(w, at, made) };
  };
}

/** How a store shows a participant's change: its first `type` change of that participant. */
const changeOf = (type: ParticipantChange['type'], participantId: string | undefined) => (w: Watch, at: number) =>
  delay(w.changes, at, (c) => c.type === type && c.participant.participantId === participantId);

/** Runs `moves` each at a random moment within SPREAD_MS; resolves with their samples once all have run. */
async function spread(next: () => number, moves: Array<() => Sample>): Promise<Sample[]> {
  return Promise.all(
    moves.map(
      (move) =>
        new Promise<Sample>((resolve, reject) =>
          setTimeout(() => {
            try {
              resolve(move());
            } catch (err) {
              reject(err as Error);
            }
          }, next() * SPREAD_MS),
        ),
    ),
  );
}

async function waitFor(done: () => boolean, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  while (!done()) {
    if (performance.now() > end) return false;
    await sleep(20);
  }
  return true;
}

interface LatencyResult {
  delays: Record<Move, Record<Mode, number[]>>;
  /** Moves the push store's metrics counted as applied, and the feed's health at the end. */
  events: EventMetrics | undefined;
  rounds: number;
}

async function latency(): Promise<LatencyResult> {
  const sim = await startIvsSimulator({ seed: 11, quotas: false, requestLogLimit: 100_000 });
  const { ivs, realtime } = sim.control;
  const channels = Array.from({ length: SAMPLES }, (_, i) => ivs.createChannel({ name: `push-${i}` }).arn);
  const stages = Array.from({ length: STAGES }, (_, i) => realtime.createStage({ name: `push-stage-${i}` }).arn);
  const people = Array.from({ length: SAMPLES }, (_, i) => {
    const stageArn = stages[i % STAGES]!;
    return { stageArn, participantId: realtime.join(stageArn, { userId: `user-${i}` }).participantId };
  });
  const open = (push: boolean) =>
    createIvsStore({
      ivs: ivsClient(sim, 1),
      realtime: realtimeResources(realtimeClient(sim, 1)),
      refetchInterval: LATENCY_INTERVAL_MS,
      ...(push ? { events: { source: simulatorEvents(sim) } } : {}),
    });
  const watches: Record<Mode, Watch> = {
    push: watchStore(open(true), channels, stages),
    polling: watchStore(open(false), channels, stages),
  };
  const both = (f: (w: Watch) => boolean) => MODES.every((m) => f(watches[m]));
  const connected = (w: Watch) =>
    stages.every((arn) => (w.lists.get(arn) ?? []).filter((p) => p.state === 'CONNECTED').length === SAMPLES / STAGES);
  const shown = (w: Watch, f: (s: StreamState) => boolean) =>
    channels.every((arn) => f(w.streams.get(arn)!.at(-1)?.value ?? ({} as StreamState)));
  if (!(await waitFor(() => both((w) => connected(w) && shown(w, (s) => s.state === 'OFFLINE')), 20_000)))
    throw new Error('bench push: the stores did not load the quiet world in 20 s');
  // Their first reads in, and a poll or two behind them: the polling store's pollers in their rhythm.
  await sleep(LATENCY_INTERVAL_MS);

  const next = random(5);
  const samples: Sample[] = [];
  const seenBy = (w: Watch, list: Sample[]) => list.every((s) => s.seen(w) !== undefined);

  // Round 1: every channel goes live and every participant publishes, at random moments over an interval.
  const round1 = await spread(next, [
    ...channels.map((arn) =>
      timed(
        'go live',
        () => ivs.goLive(arn, { health: 'HEALTHY', viewerCount: 5 }).streamId,
        (w, at, streamId) => delay(w.streams.get(arn)!, at, (s) => s.state === 'LIVE' && s.streamId === streamId),
      ),
    ),
    ...people.map((p) =>
      timed('publish', () => realtime.publish(p.stageArn, p.participantId), changeOf('published', p.participantId)),
    ),
  ]);
  samples.push(...round1);
  // Both stores see all of it (polling: within an interval and a read), and the push store's confirming read of health.
  await waitFor(
    () => both((w) => seenBy(w, round1) && shown(w, (s) => s.state === 'LIVE' && s.health === 'HEALTHY')),
    2 * LATENCY_INTERVAL_MS + 2_000,
  );
  await sleep(500);

  // Round 2: every stream starves and every participant stops publishing (staying on stage).
  const round2 = await spread(next, [
    ...channels.map((arn) =>
      timed(
        'starve',
        () => ivs.setHealth(arn, 'STARVING'),
        (w, at) => delay(w.streams.get(arn)!, at, (s) => s.state === 'LIVE' && s.health === 'STARVING'),
      ),
    ),
    ...people.map((p) =>
      timed(
        'unpublish',
        () => realtime.unpublish(p.stageArn, p.participantId),
        changeOf('unpublished', p.participantId),
      ),
    ),
  ]);
  samples.push(...round2);
  // Polling can never see an unpublish while the participant stays: wait an interval and a read for the rest.
  const starved = round2.filter((s) => s.move === 'starve');
  await waitFor(() => seenBy(watches.push, round2) && seenBy(watches.polling, starved), LATENCY_INTERVAL_MS + 2_000);
  await sleep(LATENCY_INTERVAL_MS);

  const delays = Object.fromEntries(
    MOVES.map((move) => [
      move,
      Object.fromEntries(
        MODES.map((mode) => [mode, samples.filter((s) => s.move === move).flatMap((s) => s.seen(watches[mode]) ?? [])]),
      ),
    ]),
  ) as LatencyResult['delays'];
  const metrics = await firstValueFrom(watches.push.store.metrics$);
  for (const w of Object.values(watches)) {
    w.subscription.unsubscribe();
    w.store.dispose();
  }
  await sim.stop();
  return { delays, events: metrics.events, rounds: 2 };
}

// ---- b. calls per second of the demo's page, push on and off -------------------------------

const DEMO_WARM_UP_MS = 5_000;
const DEMO_WINDOW_MS = 16_000;

interface CallsRun {
  perSecond: number;
  byOperation: Record<string, number>;
  failed: number;
  events: EventMetrics | undefined;
}

async function demoCalls(push: boolean): Promise<CallsRun> {
  const sim = await startDemoSimulator(7);
  const config = simulatorConfig(sim);
  const store = dashboardStore(
    config,
    { createIvsStore, realtimeResources },
    push ? { source: simulatorEvents(sim), covers: PUSH_COVERS } : undefined,
  );
  const unwatch = watchDashboard(store);
  await sleep(DEMO_WARM_UP_MS);
  const t0 = Date.now();
  await sleep(DEMO_WINDOW_MS);
  const t1 = Date.now();
  const log = sim.control.requests().filter((r) => r.time >= t0 && r.time < t1);
  const metrics = await firstValueFrom(store.metrics$);
  unwatch();
  store.dispose();
  await sim.stop();
  const byOperation: Record<string, number> = {};
  for (const r of log) byOperation[r.operation ?? '?'] = (byOperation[r.operation ?? '?'] ?? 0) + 1;
  return {
    perSecond: log.length / ((t1 - t0) / 1000),
    byOperation,
    failed: log.filter((r) => r.status !== 200).length,
    events: metrics.events,
  };
}

// ---- c. convergence under delivery faults ----------------------------------------------------

const FAULTS = { dropRate: 0.2, duplicateRate: 0.2, reorderWindowMs: 2_000 } as const;
const SAFETY_MS = 3_000;
const MOTION_MS = 15_000;
/** The demo's world, moving five times as fast: more moves, so more events to lose, repeat and swap. */
const FAST_WORLD = { ...DEMO_WORLD, tickMs: 300 } as const;
/** A read's time on top of the safety interval: a poll due at the interval lands a round trip later. */
const READ_SLACK_MS = 1_000;

interface ConvergeResult {
  convergedMs: number | undefined;
  regressions: string[];
  mismatches: string[];
  emissions: number;
  events: EventMetrics | undefined;
  worldEvents: { emitted: number; delivered: number };
  watched: { channels: number; stages: number };
}

/** What the world holds now: each channel's stream, each stage's connected participants. */
async function worldNow(sim: IvsSimulator) {
  const client = ivsClient(sim, 1);
  const { ListStreamsCommand } = await import('@aws-sdk/client-ivs');
  const live = new Map<string, { streamId: string | undefined; health: string | undefined }>();
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListStreamsCommand({ maxResults: 100, nextToken }));
    for (const s of page.streams ?? []) live.set(s.channelArn!, { streamId: s.streamId, health: s.health });
    nextToken = page.nextToken;
  } while (nextToken);
  client.destroy();
  const connected = new Map(
    sim.control.realtime
      .stageArns()
      .map((arn) => [arn, sim.control.realtime.connectedParticipantIds(arn).sort().join(',')]),
  );
  return { live, connected };
}

async function converge(): Promise<ConvergeResult> {
  const sim = await startIvsSimulator({
    scenario: FAST_WORLD,
    seed: 23,
    quotas: false,
    requestLogLimit: 100_000,
    events: { faults: FAULTS },
  });
  const store = createIvsStore({
    ivs: ivsClient(sim, 1),
    realtime: realtimeResources(realtimeClient(sim, 1)),
    refetchInterval: 2_000,
    events: { source: simulatorEvents(sim, 1_000), safetyInterval: SAFETY_MS },
  });
  const channels = sim.control.ivs.channelArns();
  const stages = sim.control.realtime.stageArns();
  const streams = new Map<string, StreamState[]>();
  const lists = new Map<string, ParticipantSummary[][]>();
  const subs: Subscription[] = [];
  let emissions = 0;
  for (const arn of channels) {
    const log: StreamState[] = [];
    streams.set(arn, log);
    subs.push(
      store.streams.get$(arn).subscribe((e) => {
        if (!e.data || log.at(-1) === e.data) return;
        emissions++;
        log.push(e.data);
      }),
    );
  }
  for (const arn of stages) {
    const log: ParticipantSummary[][] = [];
    lists.set(arn, log);
    subs.push(
      store.participants.list$(arn).subscribe((e) => {
        if (!e.data || log.at(-1) === e.data) return;
        emissions++;
        log.push(e.data);
      }),
    );
  }
  await sleep(MOTION_MS);
  sim.control.setMotion(false);
  const stoppedAt = performance.now();

  const mismatchesNow = async () => {
    const world = await worldNow(sim);
    const out: string[] = [];
    for (const arn of channels) {
      const s = streams.get(arn)!.at(-1);
      const w = world.live.get(arn);
      const want = w ? `LIVE ${w.streamId} ${w.health}` : 'OFFLINE';
      const got = s ? (s.state === 'LIVE' ? `LIVE ${s.streamId} ${s.health}` : 'OFFLINE') : 'nothing';
      if (want !== got) out.push(`${arn.split('/').pop()}: shows ${got}, the world ${want}`);
    }
    for (const arn of stages) {
      const l = lists.get(arn)!.at(-1) ?? [];
      const got = l
        .filter((p) => p.state === 'CONNECTED')
        .map((p) => p.participantId)
        .sort()
        .join(',');
      const want = world.connected.get(arn) ?? '';
      if (got !== want) out.push(`${arn.split('/').pop()}: shows [${got}] connected, the world [${want}]`);
    }
    return out;
  };
  let convergedMs: number | undefined;
  let mismatches: string[] = [];
  const deadline = stoppedAt + 4 * SAFETY_MS + READ_SLACK_MS;
  while (performance.now() < deadline) {
    mismatches = await mismatchesNow();
    if (!mismatches.length) {
      convergedMs = performance.now() - stoppedAt;
      break;
    }
    await sleep(50);
  }
  // It stays converged: a late (reordered) event must not undo it.
  await sleep(2 * FAULTS.reorderWindowMs);
  const after = await mismatchesNow();
  if (after.length && convergedMs !== undefined) mismatches = after.map((m) => `after converging: ${m}`);
  const metrics = await firstValueFrom(store.metrics$);
  for (const s of subs) s.unsubscribe();
  store.dispose();
  const worldEvents = {
    emitted: sim.control.events.emitted().length,
    delivered: sim.control.events.events().length,
  };
  await sim.stop();

  return {
    convergedMs: after.length ? undefined : convergedMs,
    regressions: [
      ...channels.flatMap((arn) => streamRegressions(arn, streams.get(arn)!)),
      ...stages.flatMap((arn) => listRegressions(arn, lists.get(arn)!)),
    ],
    mismatches,
    emissions,
    events: metrics.events,
    worldEvents,
    watched: { channels: channels.length, stages: stages.length },
  };
}

/**
 * A stream shows an older state than one it showed before when a stream id it has left
 * (for another id, or for OFFLINE) shows again: the simulator never restarts a stream id,
 * so LIVE X → OFFLINE → LIVE X, or X → Y → X, is the store going back in time.
 */
function streamRegressions(arn: string, log: StreamState[]): string[] {
  const out: string[] = [];
  const left = new Set<string>();
  let current: string | undefined;
  for (const s of log) {
    const id = s.state === 'LIVE' ? s.streamId : undefined;
    if (id !== current && current !== undefined) left.add(current);
    if (id !== undefined && id !== current && left.has(id))
      out.push(`${arn.split('/').pop()}: stream ${id} shows again after it had ended or been replaced`);
    current = id;
  }
  return out;
}

/**
 * A session's list shows an older state when a participant it showed DISCONNECTED (or
 * dropped) shows CONNECTED again (ids are never reused: a join is a new id), or one it
 * showed as having published shows as never having published (ListParticipants' `published`
 * only ever turns true within a session).
 */
function listRegressions(arn: string, log: ParticipantSummary[][]): string[] {
  const out: string[] = [];
  const gone = new Set<string>();
  const published = new Set<string>();
  let before = new Set<string>();
  for (const list of log) {
    const now = new Set<string>();
    for (const p of list) {
      const id = p.participantId ?? '?';
      if (p.state === 'CONNECTED') {
        if (gone.has(id)) out.push(`${arn.split('/').pop()}: ${id} shows connected again after leaving`);
        now.add(id);
      } else gone.add(id);
      if (p.published) published.add(id);
      else if (published.has(id) && p.state === 'CONNECTED')
        out.push(`${arn.split('/').pop()}: ${id} shows never having published after it had`);
    }
    for (const id of before) if (!now.has(id)) gone.add(id);
    before = now;
  }
  return out;
}

// ---- the scenario ---------------------------------------------------------------------------

const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v).toLocaleString('en-US')} ms` : '–');

/**
 * Push (the `events` option) against polling, on the simulator's EventBridge events: how
 * soon a store shows a move in the world, how many calls the demo's page makes, and whether
 * a store fed a lossy, repeating, reordering feed still never goes back in time and ends up
 * where the world is.
 */
export async function push(): Promise<ScenarioResult> {
  const lat = await latency();
  const off = await demoCalls(false);
  const on = await demoCalls(true);
  const conv = await converge();

  const rows: Row[] = MOVES.map((move) => {
    const d = lat.delays[move];
    const never = move === 'unpublish' && d.polling.length === 0;
    return {
      contender: `a. ${move}`,
      pushP50: ms(percentile(d.push, 50)),
      pushP95: ms(percentile(d.push, 95)),
      pollP50: never ? 'never (until leave)' : ms(percentile(d.polling, 50)),
      pollP95: never ? 'never (until leave)' : ms(percentile(d.polling, 95)),
      samples: `${d.push.length} / ${d.polling.length} of ${SAMPLES}`,
    };
  });
  const ops = [...new Set([...Object.keys(off.byOperation), ...Object.keys(on.byOperation)])].sort();
  const perS = (r: CallsRun, op: string) => ((r.byOperation[op] ?? 0) / DEMO_WINDOW_MS) * 1000;
  rows.push({
    contender: 'b. demo page, calls/s (push / polling)',
    pushP50: on.perSecond.toFixed(2),
    pushP95: '',
    pollP50: off.perSecond.toFixed(2),
    pollP95: '',
    samples: ops.map((op) => `${op} ${perS(on, op).toFixed(2)}/${perS(off, op).toFixed(2)}`).join(', '),
  });
  const fewer = off.perSecond / on.perSecond;

  const checks: Check[] = [
    ...MOVES.map((move) =>
      check(
        `a. push shows every ${move} (${SAMPLES} samples), p95 under 1 s`,
        lat.delays[move].push.length === SAMPLES && percentile(lat.delays[move].push, 95) < 1_000,
        `${lat.delays[move].push.length} seen, p95 ${ms(percentile(lat.delays[move].push, 95))}`,
      ),
    ),
    ...(['go live', 'starve', 'publish'] as const).map((move) =>
      check(
        `a. polling shows every ${move} within an interval and a read (${(LATENCY_INTERVAL_MS + READ_SLACK_MS) / 1000} s)`,
        lat.delays[move].polling.length === SAMPLES &&
          percentile(lat.delays[move].polling, 100) <= LATENCY_INTERVAL_MS + READ_SLACK_MS,
        `${lat.delays[move].polling.length} seen, max ${ms(percentile(lat.delays[move].polling, 100))}`,
      ),
    ),
    check(
      'a. polling never reports a mid-session unpublish (ListParticipants says "has published")',
      lat.delays.unpublish.polling.length === 0,
      lat.delays.unpublish.polling.length,
    ),
    check(
      "b. the demo's page makes at least 3× fewer calls with push on",
      fewer >= 3,
      `${fewer.toFixed(2)}× fewer (${on.perSecond.toFixed(2)} vs ${off.perSecond.toFixed(2)} calls/s)`,
    ),
    check('b. no call throttled or failed, push on or off', on.failed + off.failed === 0, on.failed + off.failed),
    check(
      'b. the feed stayed healthy and its events were applied',
      !!on.events?.healthy && (on.events?.applied ?? 0) > 0,
      `healthy ${String(on.events?.healthy)}, applied ${on.events?.applied ?? 0}`,
    ),
    check(
      'c. no entry ever shows a state older than one it showed before (faults on)',
      conv.regressions.length === 0,
      conv.regressions.length ? `${conv.regressions.length}: ${conv.regressions.slice(0, 3).join('; ')}` : 0,
    ),
    check(
      `c. every entry equals the world within one safety interval and a read (${(SAFETY_MS + READ_SLACK_MS) / 1000} s) of the motion stopping, and stays so`,
      conv.convergedMs !== undefined && conv.convergedMs <= SAFETY_MS + READ_SLACK_MS,
      conv.convergedMs !== undefined
        ? ms(conv.convergedMs)
        : `not in ${(4 * SAFETY_MS + READ_SLACK_MS) / 1000} s: ${conv.mismatches.slice(0, 3).join('; ')}`,
    ),
  ];
  const e = conv.events;
  return {
    id: 'push',
    title: '9. Push: EventBridge events against polling (latency, calls, convergence under faults)',
    columns: [
      { key: 'pushP50', label: 'push p50' },
      { key: 'pushP95', label: 'push p95' },
      { key: 'pollP50', label: 'polling p50' },
      { key: 'pollP95', label: 'polling p95' },
      { key: 'samples', label: 'samples (push / polling)' },
    ],
    rows,
    ratios: [
      ...(['go live', 'starve', 'publish'] as const).map((move) => ({
        label: `${move}: p50 delay, push / polling`,
        value: percentile(lat.delays[move].push, 50) / percentile(lat.delays[move].polling, 50),
      })),
      { label: "demo page's calls/s, push on / off", value: on.perSecond / off.perSecond },
    ],
    checks,
    notes: [
      `a. A quiet simulator (no scenario motion, quotas off) with ${SAMPLES} channels and ${SAMPLES} participants on ${STAGES} stages, watched by two stores at once, both polling every ${LATENCY_INTERVAL_MS / 1000} s: one fed the simulator's events in process (sim.control.events$ with a heartbeat at once and every 15 s, as GET /_events sends them; default safety interval), one without. Each move is made once per channel or participant at a random moment over ${SPREAD_MS / 1000} s, so polling's samples spread over its interval; one move is a sample for both stores. A delay runs from just before the move's call to the first emission of streams.get$ (LIVE with the new stream id; STARVING) or participants.changes$ ('published'; 'unpublished') that shows it. The participants stay on stage: ListParticipants' \`published\` means "has published in this session", so polling reports 'unpublished' only when they leave. In-process delivery has no network hop: a real EventBridge → SSE path adds its own seconds.`,
      `b. The demo's page (demo/app/store.ts + watch.ts, as bench demo-calls) on the demo's moving world, quotas on, push off then on (the same seed), each over ${DEMO_WINDOW_MS / 1000} s after ${DEMO_WARM_UP_MS / 1000} s of warm-up, counted from the simulator's request log; per operation in the last column as push/polling calls/s. With push on, the page's events cover every kind it shows, channels too (the simulator sends CloudTrail's API-call events, as an account with a trail does; demo/app/push.ts), so what remains is the reads events ask for (a stream that went live, a publisher the list lacks or who stopped) and the safety reads (60 s). Feed with push on: ${on.events?.received ?? 0} events received, ${on.events?.applied ?? 0} applied, ${on.events?.unused ?? 0} unused, ${on.events?.stale ?? 0} stale.`,
      `c. The demo's world moving every ${FAST_WORLD.tickMs} ms for ${MOTION_MS / 1000} s, quotas off, events delivered with drop ${FAULTS.dropRate}, duplicate ${FAULTS.duplicateRate}, reorder window ${FAULTS.reorderWindowMs} ms (${conv.worldEvents.emitted} emitted, ${conv.worldEvents.delivered} delivered); one store with refetchInterval 2 s, safetyInterval ${SAFETY_MS / 1000} s and a heartbeat every second, watching streams.get$ of all ${conv.watched.channels} channels and participants.list$ of all ${conv.watched.stages} stages (${conv.emissions} emissions recorded). A regression: a stream id the entry had left (for OFFLINE or another id) shows again, a participant shown gone shows CONNECTED again, or one shown as having published shows as never having. Converged: every stream's state, stream id and health equal ListStreams', every stage's connected participants the simulator's, checked every 50 ms from the moment motion stopped${conv.convergedMs !== undefined ? ` (took ${ms(conv.convergedMs)})` : ''}, then again ${(2 * FAULTS.reorderWindowMs) / 1000} s later. Feed: ${e?.received ?? 0} received, ${e?.applied ?? 0} applied, ${e?.duplicates ?? 0} duplicates, ${e?.stale ?? 0} stale, ${e?.unused ?? 0} unused.`,
    ],
  };
}
