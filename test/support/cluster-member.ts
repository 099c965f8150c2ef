/**
 * A relay's store in a process of its own, for failover tests that kill it (SIGKILL: no
 * goodbye, no release; its lease runs out). Run as
 * `node --import tsx test/support/cluster-member.ts '<json>'` with the simulator's endpoint,
 * region and credentials, the Redis URL, the cluster's key and leaseMs, and channel ARNs to
 * watch. Prints `role <role>` each time its role changes, and `sent <operation>` per call.
 */
import { IvsClient } from '@aws-sdk/client-ivs';
import { of } from 'rxjs';
import { createIvsStore } from '../../src/index.js';
import { startCluster } from '../../src/relay/redis/cluster.js';
import { onSend } from './world.js';

interface Args {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  redis: string;
  key: string;
  leaseMs: number;
  refetchInterval: number;
  arns: string[];
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const ivs = new IvsClient({
  endpoint: args.endpoint,
  region: args.region,
  credentials: args.credentials,
  maxAttempts: 1,
});
onSend(ivs, (operation) => process.stdout.write(`sent ${operation}\n`));
const cluster = await startCluster(args.redis, { key: args.key, leaseMs: args.leaseMs });
const store = createIvsStore({
  ivs,
  refetchInterval: args.refetchInterval,
  environment: { visible$: of(true), online$: of(true) },
  tabs: cluster.tabs,
});
let role = '';
store.metrics$.subscribe((m) => {
  if (m.tabs && m.tabs.role !== role) {
    role = m.tabs.role;
    process.stdout.write(`role ${role}\n`);
  }
});
for (const arn of args.arns) store.channels.get$(arn).subscribe();
