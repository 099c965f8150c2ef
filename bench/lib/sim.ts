import { IvsClient } from '@aws-sdk/client-ivs';
import { startIvsSimulator, type IvsSimulator } from '../../src/simulator/index.js';
import * as ivsSdk from '@aws-sdk/client-ivs';

/** A simulator holding `channels` channels, the first `live` of them live; no moves of its own. */
export async function worldWith(
  channels: number,
  live: number,
  quotas: boolean,
): Promise<{ sim: IvsSimulator; arns: string[] }> {
  const sim = await startIvsSimulator({ seed: 1, quotas, requestLogLimit: 100_000 });
  const arns: string[] = [];
  for (let i = 0; i < channels; i++) {
    const { arn } = sim.control.ivs.createChannel({ name: `bench-${i}` });
    if (i < live) sim.control.ivs.goLive(arn, { health: 'HEALTHY', viewerCount: 10 + i });
    arns.push(arn);
  }
  sim.control.clearRequests();
  return { sim, arns };
}

/** An IvsClient for the simulator; `maxAttempts` as the contender would configure it. */
export function ivsClient(sim: IvsSimulator, maxAttempts?: number): IvsClient {
  return new IvsClient({
    endpoint: sim.endpoint,
    region: sim.region,
    credentials: sim.credentials,
    ...(maxAttempts ? { maxAttempts } : {}),
  });
}

/** Quotas for a store when the point is not quota-keeping (CPU and memory scenarios, or "no quotas" runs). */
export const UNLIMITED: Record<string, number> = Object.fromEntries(
  Object.keys(ivsSdk)
    .filter((k) => /^[A-Z]\w+Command$/.test(k))
    .map((k) => [k.slice(0, -'Command'.length), 100_000]),
);
