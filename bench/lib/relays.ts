import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import type { IvsSimulator } from '../../src/simulator/index.js';

/** One relay process of the relay scenario. */
export interface RelayProcess {
  url: string;
  child: ChildProcess;
  /** Its heap after a full GC, bytes. */
  heap(): Promise<number>;
  /** Its last metrics (role, connections…). */
  metrics(): Promise<{ role: string; connections: number; relays: number; lag?: { p50: number; p95: number } }>;
  /** SIGKILL: no goodbye; its lease expires on its own. */
  kill(): void;
  stop(): Promise<void>;
}

const CHILD = new URL('./relay-child.mjs', import.meta.url).pathname;

/** Starts a relay (bench/lib/relay-child.mjs) in a process of its own, on the built code. */
export function startRelayProcess(
  sim: IvsSimulator,
  o: { redis: string; token: string; interval: number; leaseMs: number; quotas: Record<string, number> },
): Promise<RelayProcess> {
  const child = spawn(process.execPath, ['--expose-gc', CHILD], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: {
      ...process.env,
      SIM_ENDPOINT: sim.endpoint,
      SIM_REGION: sim.region,
      SIM_KEY: sim.credentials.accessKeyId,
      SIM_SECRET: sim.credentials.secretAccessKey,
      REDIS_URL: o.redis,
      RELAY_TOKEN: o.token,
      RELAY_INTERVAL: String(o.interval),
      RELAY_LEASE_MS: String(o.leaseMs),
      RELAY_QUOTAS: JSON.stringify(o.quotas),
    },
  });
  const lines: Interface = createInterface({ input: child.stdout! });
  const waiting: Array<(line: Record<string, unknown>) => void> = [];
  lines.on('line', (line) => waiting.shift()?.(JSON.parse(line) as Record<string, unknown>));
  const ask = (what: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      waiting.push(resolve);
      child.stdin!.write(`${what}\n`);
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`relay process exited with ${String(code)}`)));
    waiting.push((first) =>
      resolve({
        url: String(first.url),
        child,
        heap: async () => Number((await ask('mem')).heap),
        metrics: async () =>
          (await ask('metrics')).metrics as {
            role: string;
            connections: number;
            relays: number;
            lag?: { p50: number; p95: number };
          },
        kill: () => child.kill('SIGKILL'),
        stop: () =>
          new Promise((r) => {
            if (child.exitCode !== null || child.signalCode !== null) return r();
            child.once('exit', () => r());
            child.kill('SIGTERM');
          }),
      }),
    );
  });
}
