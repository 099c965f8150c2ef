import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startIvsSimulator, type IvsSimulator } from '../src/simulator/index.js';
import { bundleDashboard } from './bundle.js';
import { ControlError, createControls, type Controls } from './controls.js';
import type { DemoConfig } from './app/config.js';
import { demoRelay, type DemoRelay } from './relay.js';

export interface DemoOptions {
  /** Port on 127.0.0.1 for the page; 0 picks a free one. */
  port: number;
  /** Seed of the simulated world (same seed, same world). */
  seed?: number;
  /** Point the page at a real AWS region instead of the simulator (read-only, no controls). */
  aws?: { region: string; credentials: NonNullable<DemoConfig['credentials']> };
  /** Serve the page through a relay on the same server: the page holds no credentials. */
  relay?: boolean;
}

export interface Demo {
  url: string;
  /** The simulator, when not on AWS. */
  sim: IvsSimulator | undefined;
  stop(): Promise<void>;
}

/** The seeded world the dashboard opens on: a busy account, a dozen live channels, three stages. */
export const DEMO_WORLD = { channels: 40, live: 12, stages: 3, participantsPerStage: 3, tickMs: 1500 } as const;

const here = fileURLToPath(new URL('.', import.meta.url));
const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'app/index.html', type: 'text/html; charset=utf-8' },
  '/styles.css': { file: 'app/styles.css', type: 'text/css; charset=utf-8' },
};

/** The simulator the demo runs: the seeded world, with the published quotas enforced. */
export const startDemoSimulator = (seed?: number): Promise<IvsSimulator> =>
  startIvsSimulator({ scenario: DEMO_WORLD, quotas: true, ...(seed !== undefined ? { seed } : {}) });

/** What the page is told at `/config.json` when it shows the simulator: its endpoint, and a 2 s refresh. */
export const simulatorConfig = (sim: IvsSimulator): DemoConfig => ({
  mode: 'simulator',
  region: sim.region,
  endpoint: sim.endpoint,
  credentials: { ...sim.credentials },
  refetchInterval: 2000,
});

export async function startDemo(options: DemoOptions): Promise<Demo> {
  const [scripts, sim] = await Promise.all([
    bundleDashboard(),
    options.aws ? undefined : startDemoSimulator(options.seed),
  ]);
  const config: DemoConfig = sim
    ? simulatorConfig(sim)
    : { mode: 'aws', region: options.aws!.region, credentials: options.aws!.credentials, refetchInterval: 5000 };
  const controls = sim ? createControls(sim) : undefined;
  const relay = options.relay ? startRelayFor(config, !!sim) : undefined;

  const server = createServer((req, res) => {
    handle(req, res, { scripts, config, controls }).catch((err: unknown) =>
      send(res, 500, 'text/plain', err instanceof Error ? err.message : String(err)),
    );
  });
  // The relay's WebSocket shares the page's origin; without --relay nothing upgrades.
  server.on('upgrade', (req, socket, head) => {
    if (relay && new URL(req.url ?? '/', 'http://localhost').pathname === '/relay')
      relay.handler.upgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  if (relay) config.relay = { url: `ws://127.0.0.1:${port}/relay`, token: relay.token };
  return {
    url: `http://127.0.0.1:${port}/`,
    sim,
    async stop() {
      await relay?.handler.stop();
      controls?.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sim?.stop();
    },
  };
}

/** The relay reads with the credentials the page would have had; the page is told only the relay's address. */
function startRelayFor(config: DemoConfig, canWrite: boolean): DemoRelay {
  const { region, endpoint, credentials } = config;
  if (!credentials) throw new Error('the relay needs credentials to read with');
  delete config.credentials;
  return demoRelay({ region, endpoint, credentials }, config.refetchInterval, canWrite);
}

const NOT_SIMULATOR = 'controls drive the simulator; this demo runs against AWS';

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { scripts: Map<string, string>; config: DemoConfig; controls: Controls | undefined },
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method === 'GET') {
    const script = ctx.scripts.get(path);
    if (script !== undefined) return send(res, 200, 'text/javascript; charset=utf-8', script);
    if (path === '/config.json') return send(res, 200, 'application/json', JSON.stringify(ctx.config));
    const file = STATIC[path];
    if (file) return send(res, 200, file.type, await readFile(`${here}${file.file}`, 'utf8'));
    if (path === '/favicon.ico') return send(res, 204, 'text/plain', '');
    if (path === '/control/requests') {
      const { status, body } = requestLog(ctx.controls, req.url);
      return send(res, status, 'application/json', JSON.stringify(body));
    }
    return send(res, 404, 'text/plain', `not found: ${path}`);
  }
  if (req.method === 'POST' && path.startsWith('/control/')) {
    if (!ctx.controls) return send(res, 409, 'application/json', JSON.stringify({ error: NOT_SIMULATOR }));
    try {
      const body = await readJson(req);
      const result = ctx.controls.run(path.slice('/control/'.length), body);
      return send(res, 200, 'application/json', JSON.stringify(result ?? {}));
    } catch (err) {
      if (err instanceof ControlError)
        return send(res, 400, 'application/json', JSON.stringify({ error: err.message }));
      throw err;
    }
  }
  return send(res, 405, 'text/plain', `${req.method ?? '?'} ${path} is not served`);
}

/** GET /control/requests?since=N: the simulator's request log after request N (0: all it keeps). */
function requestLog(controls: Controls | undefined, url: string | undefined): { status: number; body: unknown } {
  if (!controls) return { status: 409, body: { error: NOT_SIMULATOR } };
  const text = new URL(url ?? '/', 'http://localhost').searchParams.get('since') ?? '0';
  const since = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(since))
    return { status: 400, body: { error: 'since must be a non-negative integer' } };
  return { status: 200, body: { requests: controls.requests(since) } };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 10_000) throw new ControlError('body is larger than 10 KB');
  }
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ControlError('body must be JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ControlError('body must be a JSON object');
  return value as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
}
