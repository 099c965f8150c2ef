/**
 * `ivs-store/simulator`: a local Amazon IVS + IVS RealTime service for Node, so the
 * real AWS SDK clients, the demo, the tests and users' own apps run without an AWS
 * account. Start it, point the SDK clients at `endpoint` with `region` and
 * `credentials`, and drive the world through `control`.
 *
 * @module ivs-store/simulator
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createControl, type SimulatorControl } from './control.js';
import { ivsMoves } from './control/ivs-moves.js';
import { realtimeMoves } from './control/realtime-moves.js';
import { checkEventFaults, EventFeed, type EventFaults } from './http/event-feed.js';
import { checkFaultRule, Faults, type FaultRule } from './http/faults.js';
import { announceCompositionChanges } from './handlers/realtime/composition-events.js';
import { ivsHandlers } from './handlers/ivs/index.js';
import { realtimeHandlers } from './handlers/realtime/index.js';
import { tagHandlers } from './handlers/tags.js';
import { CorsPolicy, LOCAL_ORIGINS, type CorsOrigins } from './http/cors.js';
import { listenOnLoopback } from './http/listen.js';
import { createHttpHandlers, MAX_HEADER_BYTES } from './http/server.js';
import { SigV4Verifier, type SimCredentials } from './http/sigv4.js';
import { RequestLog } from './http/log.js';
import { ivsSpecs } from './operations/ivs.js';
import { realtimeSpecs } from './operations/realtime.js';
import { Router } from './operations/router.js';
import type { OperationSpec } from './operations/types.js';
import { Quotas } from './http/quotas.js';
import { resolveScenario, Scenario, type ScenarioName, type ScenarioSpec } from './scenario.js';
import { DEFAULT_TIMINGS, World, type SimTimings } from './world/world.js';

export type { SimulatorControl, SimulatorEvents } from './control.js';
export type { EventFaults, EventFilter } from './http/event-feed.js';
export type { IvsEvent } from './world/events.js';
export type { IvsMoves } from './control/ivs-moves.js';
export type { RealtimeMoves } from './control/realtime-moves.js';
export type { FaultRule, FaultHandle } from './http/faults.js';
export type { RequestLogEntry, RequestFilter } from './http/log.js';
export type { ScenarioName, ScenarioSpec } from './scenario.js';
export type { SimCredentials } from './http/sigv4.js';
export type { SimTimings } from './world/world.js';
export type { SimErrorName } from './operations/errors.js';
export type { OperationSpec } from './operations/types.js';

/** Options of `startIvsSimulator`; every one is optional. */
export interface SimulatorOptions {
  /** TCP port, on 127.0.0.1 and (when the machine has IPv6) ::1. Default 0: a free port is picked. */
  port?: number;
  /** Default `us-east-1`. */
  region?: string;
  /** 12 digits. Default `123456789012`. */
  accountId?: string;
  /** The only credentials requests may be signed with. Default: random per start. */
  credentials?: SimCredentials;
  /** Seeds ids, the starting world and scenario moves. Default: random. */
  seed?: number;
  /** What the world starts with and how it moves. Default `'empty'`. */
  scenario?: ScenarioName | ScenarioSpec;
  /** Let a moving scenario run on its own timer. Default true. */
  motion?: boolean;
  /** Enforce the published per-operation TPS quotas (`true`), with overrides (object), or not. Default false. */
  quotas?: boolean | Record<string, number>;
  /** Fault rules active from the start. */
  faults?: FaultRule[];
  /** Origins whose pages may call the simulator, or `false` for none. Default: localhost pages. */
  corsOrigins?: CorsOrigins | false;
  /** How far a signature's date may be from the server clock. Default 5 minutes. */
  clockSkewMs?: number;
  /** The world's clock (timestamps, composition progress). Default `Date.now`. */
  clock?: () => number;
  /** How long slow things take. */
  timings?: Partial<SimTimings>;
  /** How many requests the log keeps. Default 10 000. */
  requestLogLimit?: number;
  /** EventBridge events (docs/EVENTS.md): delivery faults from the start, the SSE heartbeat, how many are kept. */
  events?: EventOptions;
  /** Where unexpected handler failures are reported. Default: `console.error`. */
  onInternalError?: (err: unknown, operation: string) => void;
}

/** The simulator's EventBridge event feed: its faults, heartbeat and memory. */
export interface EventOptions {
  /** Delivery faults from the start; change them with `control.events.setFaults`. */
  faults?: EventFaults;
  /** How often `GET /_events` sends an `event: heartbeat` (also one at connect). Default 15 000 ms. */
  heartbeatMs?: number;
  /** How many events `control.events` lists keep. Default 10 000. */
  limit?: number;
}

/** Composition changes are derived from the clock; they are looked for this often. */
const COMPOSITION_EVENT_POLL_MS = 250;

/** A running simulator: where it listens, how to sign for it, how to drive it, and `stop()`. */
export interface IvsSimulator {
  /**
   * e.g. `http://127.0.0.1:43123`: pass as `endpoint` to both SDK clients. The same port
   * answers on `localhost` and, when the machine has IPv6, `[::1]`.
   */
  endpoint: string;
  /** The region to configure the SDK clients with (requests are signed for it). */
  region: string;
  /** The credentials to configure the SDK clients with: the only ones it accepts. */
  credentials: SimCredentials;
  /** Drives the simulated world: moves, faults, quotas, the request log and events. */
  control: SimulatorControl;
  /**
   * Closes the servers (both loopbacks), every open connection and the scenario's timer.
   * @example afterAll(() => sim.stop())
   */
  stop(): Promise<void>;
}

/** Every operation the simulator serves, both services. */
export const simulatorOperations: readonly OperationSpec[] = [...ivsSpecs, ...realtimeSpecs];

/**
 * Starts a local IVS and IVS RealTime service on a loopback port.
 *
 * @example
 * ```ts
 * const sim = await startIvsSimulator({ scenario: 'lively', seed: 1 });
 * const ivs = new IvsClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials });
 * const { arn } = sim.control.ivs.createChannel({ name: 'studio' });
 * sim.control.ivs.goLive(arn);
 * await sim.stop();
 * ```
 */
export async function startIvsSimulator(options: SimulatorOptions = {}): Promise<IvsSimulator> {
  const opts = checkOptions(options);
  const world = new World({
    region: opts.region,
    accountId: opts.accountId,
    seed: opts.seed,
    clock: opts.clock,
    timings: { ...DEFAULT_TIMINGS, ...options.timings },
  });
  const onInternalError =
    options.onInternalError ?? ((err: unknown, op: string) => console.error(`[ivs-simulator] ${op} failed:`, err));
  const feed = new EventFeed(opts.seed, opts.eventLimit, (err) => onInternalError(err, 'event subscriber'));
  feed.setFaults(options.events?.faults ?? {});
  // Connected before the scenario populates, so the starting world's events are sent too.
  world.events.onEmit((event) => feed.accept(event));
  const settleEvents = () => announceCompositionChanges(world);
  const ivs = ivsMoves(world);
  const realtime = realtimeMoves(world);
  const scenario = new Scenario(world.rng, ivs, realtime, opts.scenario);
  scenario.populate();

  const faults = new Faults(opts.seed);
  for (const rule of options.faults ?? []) faults.add(rule);
  const quotas = new Quotas(new Map(simulatorOperations.map((s) => [`${s.service}:${s.name}`, s.tps])), options.quotas);
  const log = new RequestLog(opts.requestLogLimit);
  const pending = new Set<() => void>();
  let stopped = false;

  const verifier = new SigV4Verifier(opts.credentials, opts.region, opts.clockSkewMs);
  const cors = new CorsPolicy(options.corsOrigins ?? LOCAL_ORIGINS);
  const http = createHttpHandlers({
    router: new Router(simulatorOperations),
    verifier,
    world,
    handlers: { ...ivsHandlers, ...realtimeHandlers, ...tagHandlers },
    faults,
    quotas,
    log,
    cors,
    eventStream: { feed, verifier, credentials: opts.credentials, cors, heartbeatMs: opts.heartbeatMs },
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        if (stopped) return resolve();
        const done = () => {
          clearTimeout(timer);
          pending.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        pending.add(done);
      }),
    onInternalError,
  });
  const { servers, port } = await listenOnLoopback(() => {
    const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, http.request);
    server.keepAliveTimeout = 5_000;
    server.on('clientError', http.clientError);
    return server;
  }, opts.port);
  if (options.motion !== false) scenario.setMotion(true);
  const compositionPoll = setInterval(settleEvents, COMPOSITION_EVENT_POLL_MS);
  compositionPoll.unref();

  return {
    endpoint: `http://127.0.0.1:${port}`,
    region: opts.region,
    credentials: { ...opts.credentials },
    control: createControl({ ivs, realtime, scenario, faults, quotas, log, feed, settleEvents }),
    async stop() {
      if (stopped) return;
      stopped = true;
      scenario.stop();
      clearInterval(compositionPoll);
      feed.stop();
      for (const done of [...pending]) done();
      const closed = Promise.all(
        servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      );
      for (const server of servers) server.closeAllConnections();
      await closed;
    },
  };
}

interface CheckedOptions {
  port: number;
  region: string;
  accountId: string;
  credentials: SimCredentials;
  seed: number;
  scenario: Required<ScenarioSpec>;
  clockSkewMs: number;
  clock: () => number;
  requestLogLimit: number;
  heartbeatMs: number;
  eventLimit: number;
}

/** Options are checked up front, each error naming the option and the rule it broke. */
function checkOptions(o: SimulatorOptions): CheckedOptions {
  const fail = (msg: string): never => {
    throw new TypeError(`startIvsSimulator: ${msg}`);
  };
  const port = o.port ?? 0;
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535))
    fail(`port must be an integer from 0 to 65535, got ${String(o.port)}`);
  const region = o.region ?? 'us-east-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) fail(`region must look like 'us-east-1', got '${region}'`);
  const accountId = o.accountId ?? '123456789012';
  if (!/^\d{12}$/.test(accountId)) fail(`accountId must be 12 digits, got '${accountId}'`);
  const credentials = o.credentials ?? {
    accessKeyId: `AKIASIM${randomBytes(7).toString('hex').toUpperCase().slice(0, 13)}`,
    secretAccessKey: randomBytes(30).toString('base64url'),
  };
  if (typeof credentials.accessKeyId !== 'string' || credentials.accessKeyId.length < 1)
    fail('credentials.accessKeyId must be a non-empty string');
  if (typeof credentials.secretAccessKey !== 'string' || credentials.secretAccessKey.length < 1)
    fail('credentials.secretAccessKey must be a non-empty string');
  const seed = o.seed ?? randomBytes(4).readUInt32LE(0);
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff))
    fail(`seed must be an integer from 0 to 2^32-1, got ${String(o.seed)}`);
  const clockSkewMs = o.clockSkewMs ?? 5 * 60_000;
  if (!(typeof clockSkewMs === 'number' && clockSkewMs >= 0))
    fail(`clockSkewMs must be a non-negative number, got ${String(o.clockSkewMs)}`);
  const requestLogLimit = o.requestLogLimit ?? 10_000;
  if (!(Number.isInteger(requestLogLimit) && requestLogLimit > 0))
    fail(`requestLogLimit must be a positive integer, got ${String(o.requestLogLimit)}`);
  const heartbeatMs = o.events?.heartbeatMs ?? 15_000;
  if (!(typeof heartbeatMs === 'number' && Number.isFinite(heartbeatMs) && heartbeatMs > 0))
    fail(`events.heartbeatMs must be a positive number of ms, got ${String(o.events?.heartbeatMs)}`);
  const eventLimit = o.events?.limit ?? 10_000;
  if (!(Number.isInteger(eventLimit) && eventLimit > 0))
    fail(`events.limit must be a positive integer, got ${String(o.events?.limit)}`);
  if (o.events?.faults !== undefined) checkEventFaults(o.events.faults, 'startIvsSimulator: events.faults');
  if (o.clock !== undefined && typeof o.clock !== 'function') fail('clock must be a function returning ms since epoch');
  for (const [k, v] of Object.entries(o.timings ?? {})) {
    if (!(typeof v === 'number' && v >= 0)) fail(`timings.${k} must be a non-negative number of ms, got ${String(v)}`);
  }
  (o.faults ?? []).forEach((rule, i) => checkFaultRule(rule, `startIvsSimulator: faults[${i}]`));
  let scenario: Required<ScenarioSpec> = resolveScenario(undefined);
  try {
    scenario = resolveScenario(o.scenario);
  } catch (err) {
    fail((err as Error).message);
  }
  return {
    port,
    region,
    accountId,
    credentials,
    seed,
    scenario,
    clockSkewMs,
    clock: o.clock ?? Date.now,
    requestLogLimit,
    heartbeatMs,
    eventLimit,
  };
}
