import { IvsClient } from '@aws-sdk/client-ivs';
import { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import { startIvsSimulator, type IvsSimulator } from '../../src/simulator/index.js';
import * as ivsSdk from '@aws-sdk/client-ivs';
import { interval, map, merge, type Observable, of } from 'rxjs';
import type { EventFeedItem } from '../../src/index.js';

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

/** An IVSRealTimeClient for the simulator; `maxAttempts` as the contender would configure it. */
export function realtimeClient(sim: IvsSimulator, maxAttempts?: number): IVSRealTimeClient {
  return new IVSRealTimeClient({
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

/**
 * The simulator's EventBridge events in process, as a store's `events` source: what
 * `GET /_events` sends (fromEventSource), without the HTTP hop: a heartbeat at once and
 * every `heartbeatMs` (as the SSE endpoint does), and each event as it is delivered,
 * delivery faults included.
 */
export function simulatorEvents(sim: IvsSimulator, heartbeatMs = 15_000): Observable<EventFeedItem> {
  const beat = (): EventFeedItem => 'heartbeat';
  return merge(of(beat()), interval(heartbeatMs).pipe(map(beat)), sim.control.events$ as Observable<EventFeedItem>);
}
