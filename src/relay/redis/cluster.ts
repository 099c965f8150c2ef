import type { Redis, RedisOptions } from 'ioredis';
import { invalidInput } from '../../core/errors.js';
import type { LockManagerLike, Transport } from '../../query/sync/protocol.js';
import type { TabsOptions } from '../../store/tabs.js';
import type { RelayClusterOptions } from '../types.js';
import { redisLocks, type RedisLocks } from './locks.js';
import { redisTransport, type RedisTransport } from './transport.js';

/** Relays of one account on Redis: the store's `tabs` option, run over a lease and pub/sub. */
export interface Cluster {
  /** The store's `tabs` option: `createIvsStore({ ivs, tabs: cluster.tabs })`. */
  tabs: TabsOptions & { transport: (name: string) => Transport; locks: LockManagerLike };
  /**
   * Lets go of the lease (another relay leads at once, not after the TTL) and the connections.
   * @example store.dispose(); await cluster.stop();
   */
  stop(): Promise<void>;
}

const OPERATION = 'startCluster';

/**
 * Connects to `redis` (a URL, or an ioredis client, which is duplicated: two connections of
 * the cluster's own, one for commands and publishing, one subscribed) and gives the store's
 * `tabs` options: the election over Redis leases (`leaseMs`, default 5000), the group's
 * messages over Redis pub/sub. Resolves once both connections are ready; rejects with the
 * first connection error, or with a `validation` IvsStoreError for bad options.
 *
 * @example
 * const cluster = await startCluster('redis://10.0.0.5:6379', { leaseMs: 5000 });
 * const store = createIvsStore({ ivs, tabs: cluster.tabs });
 * // later: store.dispose(); await cluster.stop();
 */
export async function startCluster(redis: string | object, options: RelayClusterOptions = {}): Promise<Cluster> {
  const leaseMs = options.leaseMs ?? 5000;
  if (!Number.isInteger(leaseMs) || leaseMs < 100 || leaseMs > 2 ** 31 - 1)
    throw invalidInput(OPERATION, 'cluster.leaseMs', 'must be an integer number of ms, at least 100');
  if (options.key !== undefined && (typeof options.key !== 'string' || options.key === ''))
    throw invalidInput(OPERATION, 'cluster.key', 'must be a non-empty string');
  const given = typeof redis === 'object' && redis !== null ? (redis as Partial<Redis>) : undefined;
  if (typeof redis === 'string' ? !/^rediss?:\/\//.test(redis) : typeof given?.duplicate !== 'function')
    throw invalidInput(OPERATION, 'redis', 'must be a redis:// or rediss:// URL, or an ioredis client');
  // ioredis is an optional peer: loaded only by relays that run a cluster.
  const { Redis: Client } = await import('ioredis');
  // Requests do not fail while Redis is away: the lease's deadline decides what that means.
  const settings: RedisOptions = { maxRetriesPerRequest: null };
  const connect = () =>
    typeof redis === 'string' ? new Client(redis, settings) : (given as Redis).duplicate(settings);
  const command = connect();
  const sub = connect();
  try {
    await Promise.all([ready(command), ready(sub)]);
  } catch (e) {
    command.disconnect();
    sub.disconnect();
    throw e;
  }
  // Reconnection errors are expected (the lease and the resync cover them); ioredis would print each.
  for (const c of [command, sub]) c.on('error', () => undefined);
  const locks: RedisLocks = redisLocks(command, { leaseMs, sub });
  const transports = new Set<RedisTransport>();
  let stopped: Promise<void> | undefined;
  return {
    tabs: {
      ...(options.key !== undefined && { key: options.key }),
      locks,
      transport: (name) => {
        const t = redisTransport(command, sub, name);
        transports.add(t);
        return t;
      },
    },
    stop() {
      stopped ??= (async () => {
        // What the store said last (a leader's goodbye, a member's bye) goes before the connections.
        await Promise.all([...transports].map((t) => t.flush()));
        await locks.close();
        for (const t of transports) t.close();
        await Promise.all([command, sub].map(quit));
      })();
      return stopped;
    },
    /** Tests: dies without a word, as a killed process (the lease runs out). @internal */
    crash() {
      locks.crash();
      for (const t of transports) t.close();
      command.disconnect();
      sub.disconnect();
    },
  } as Cluster;
}

/** Resolves when the connection is ready, rejects with its first error. */
function ready(client: Redis): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  if (client.status === 'wait') void client.connect().catch(() => undefined);
  return new Promise((resolve, reject) => {
    const ok = () => {
      client.off('error', fail);
      resolve();
    };
    const fail = (e: unknown) => {
      client.off('ready', ok);
      reject(e);
    };
    client.once('ready', ok);
    client.once('error', fail);
  });
}

/** QUIT (after every command sent), or cut the connection if Redis does not answer in a second. */
async function quit(client: Redis): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise((r) => (timer = setTimeout(r, 1000)));
  await Promise.race([client.quit().catch(() => undefined), late]);
  clearTimeout(timer);
  client.disconnect();
}
