/**
 * One relay in a process of its own, as deployed: the relay scenario starts three and kills
 * one with SIGKILL (no goodbye, its lease left to expire). Built code (dist/), as users run it.
 * Reads its settings from the environment; prints `{"url": …}` once listening. On stdin,
 * `mem` prints the heap after a full GC, `metrics` the relay's last metrics.
 */
import { createInterface } from 'node:readline';
import { IvsClient } from '@aws-sdk/client-ivs';
import { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';

const dist = new URL('../../dist/', import.meta.url);
const { startRelay } = await import(new URL('relay.js', dist).href);
const { realtimeResources } = await import(new URL('realtime.js', dist).href);

const env = process.env;
const config = {
  endpoint: env.SIM_ENDPOINT,
  region: env.SIM_REGION,
  credentials: { accessKeyId: env.SIM_KEY, secretAccessKey: env.SIM_SECRET },
  maxAttempts: 1,
};
const quotas = JSON.parse(env.RELAY_QUOTAS ?? '{}');
const relay = await startRelay({
  ivs: new IvsClient(config),
  realtime: realtimeResources(new IVSRealTimeClient(config)),
  store: { refetchInterval: Number(env.RELAY_INTERVAL), quotas },
  redis: env.REDIS_URL,
  cluster: { key: 'bench', leaseMs: Number(env.RELAY_LEASE_MS) },
  authenticate: ({ token }) => (token === env.RELAY_TOKEN ? { name: 'bench' } : undefined),
});
let last;
relay.metrics$.subscribe((m) => (last = m));
process.stdout.write(`${JSON.stringify({ url: relay.url })}\n`);
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'mem') {
    globalThis.gc?.();
    process.stdout.write(`${JSON.stringify({ heap: process.memoryUsage().heapUsed })}\n`);
  } else if (line === 'metrics') {
    const { store, ...rest } = last ?? {};
    process.stdout.write(`${JSON.stringify({ metrics: rest })}\n`);
  }
});
process.on('SIGTERM', () => void relay.stop().then(() => process.exit(0)));
