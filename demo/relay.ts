import { randomBytes, timingSafeEqual } from 'node:crypto';
import { IvsClient } from '@aws-sdk/client-ivs';
import { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import { realtimeResources } from '../src/realtime/index.js';
import { createRelay, type RelayHandler } from '../src/relay/server/index.js';
import type { DemoConfig } from './app/config.js';

/** Where the relay reads: the simulator or an AWS region, with the credentials that stay here. */
export interface RelayTarget {
  region: string;
  endpoint?: string | undefined;
  credentials: NonNullable<DemoConfig['credentials']>;
}

export interface DemoRelay {
  handler: RelayHandler;
  /** What the page sends as its token (a login's JWT in a real app; here a random value per run). */
  token: string;
}

/**
 * `--relay`: the demo's relay, mounted on the demo's own server (the `upgrade` of its
 * `node:http` server), so the page and its WebSocket share one origin. The page proves it
 * holds this run's token; it may read everything and, on the simulator, drive its channels
 * (the dashboard's buttons); on AWS it only reads. Stream key values are never sent.
 */
export function demoRelay(target: RelayTarget, refetchInterval: number, canWrite: boolean): DemoRelay {
  const token = randomBytes(24).toString('base64url');
  const expected = Buffer.from(token);
  const config = { ...target, maxAttempts: 1 };
  const handler = createRelay({
    ivs: new IvsClient(config),
    realtime: realtimeResources(new IVSRealTimeClient(config)),
    store: { refetchInterval },
    authenticate: ({ token: given }) => {
      const got = Buffer.from(given ?? '');
      return got.length === expected.length && timingSafeEqual(got, expected) ? { name: 'operator' } : undefined;
    },
    authorize: (_principal, action) => action === 'read' || (action === 'write' && canWrite),
  });
  return { handler, token };
}
