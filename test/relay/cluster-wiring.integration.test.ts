import { IvsClient } from '@aws-sdk/client-ivs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Cluster } from '../../src/relay/redis/cluster.js';
import { createRelay, startRelay } from '../../src/relay/server/index.js';
import type { Relay } from '../../src/relay/types.js';
import { type IvsSimulator, startIvsSimulator } from '../../src/simulator/index.js';
import { FakeLocks } from '../support/fake-locks.js';
import { Hub } from '../support/memory-transport.js';
import { onSend, until } from '../support/world.js';
import { authenticate, Client } from './relay-world.js';

/**
 * The relay's side of a cluster, with the cluster itself (Redis: its own tests) replaced by
 * the in-memory transport and locks the tabs' tests use: the store joins the group the
 * cluster gives, followers read nothing themselves, and `stop()` leaves the cluster.
 */
const cluster = vi.hoisted(() => ({
  made: [] as Array<{ redis: unknown; options: unknown; stop: ReturnType<typeof vi.fn> }>,
  fail: false,
  make: undefined as unknown as (id: string) => Cluster['tabs'],
}));
vi.mock('../../src/relay/redis/cluster.js', () => ({
  startCluster: async (redis: unknown, options: unknown): Promise<Cluster> => {
    if (cluster.fail) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
    const stop = vi.fn(async () => undefined);
    cluster.made.push({ redis, options, stop });
    return { tabs: cluster.make(`relay${cluster.made.length}`), stop };
  },
}));

let sim: IvsSimulator;
const hub = new Hub();
const locks = new FakeLocks();
beforeAll(async () => {
  sim = await startIvsSimulator();
  cluster.make = (id) => ({ transport: () => hub.transport(), locks: locks.tab(id) });
});
afterAll(() => sim.stop());

const relayOn = async (sent: string[]): Promise<{ relay: Relay; ivs: IvsClient }> => {
  const ivs = new IvsClient({
    endpoint: sim.endpoint,
    region: sim.region,
    credentials: sim.credentials,
    maxAttempts: 1,
  });
  onSend(ivs, (op) => sent.push(op));
  const relay = await startRelay({ ivs, authenticate, redis: 'redis://cluster.test:6379', cluster: { key: 'k1' } });
  return { relay, ivs };
};

describe('relays on a cluster', () => {
  it('one leads and reads; the other follows, reads nothing, and serves its clients', async () => {
    const { arn } = sim.control.ivs.createChannel({ name: 'shared' });
    const sentA: string[] = [];
    const sentB: string[] = [];
    const a = await relayOn(sentA);
    await until(a.relay.metrics$, (m) => m.role === 'leader');
    const b = await relayOn(sentB);
    const mb = await until(b.relay.metrics$, (m) => m.role === 'follower' && m.relays === 2);
    expect(mb.relays).toBe(2);
    expect(cluster.made.map((c) => c.redis)).toEqual(['redis://cluster.test:6379', 'redis://cluster.test:6379']);
    expect(cluster.made[0]?.options).toEqual({ key: 'k1' });

    const c = await Client.hello(b.relay.url);
    c.watch('a', 'channels', 'get$', [arn]);
    expect((await c.success('a')).value).toMatchObject({ data: { name: 'shared' } });
    expect(sentA.filter((op) => /^(Batch)?GetChannel$/.test(op)).length).toBeGreaterThan(0);
    expect(sentB.filter((op) => op.startsWith('BatchGet') || op.startsWith('Get'))).toEqual([]);

    await b.relay.stop();
    await a.relay.stop();
    expect(cluster.made.map((m) => m.stop.mock.calls.length)).toEqual([1, 1]);
    a.ivs.destroy();
    b.ivs.destroy();
  });

  it('startRelay rejects when the cluster cannot start', async () => {
    cluster.fail = true;
    try {
      const ivs = new IvsClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials });
      await expect(startRelay({ ivs, authenticate, redis: 'redis://nowhere:6379' })).rejects.toThrow(/ECONNREFUSED/);
      ivs.destroy();
    } finally {
      cluster.fail = false;
    }
  });

  it('createRelay whose cluster cannot start: ready rejects, and the relay reads alone', async () => {
    cluster.fail = true;
    const ivs = new IvsClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials });
    const relay = createRelay({ ivs, authenticate, redis: 'redis://nowhere:6379' });
    try {
      await expect(relay.ready).rejects.toThrow(/ECONNREFUSED/);
      const { arn } = sim.control.ivs.createChannel({ name: 'alone' });
      const entry = await until(relay.store.channels.get$(arn), (e) => e.status === 'success');
      expect(entry.data).toMatchObject({ name: 'alone' });
      expect(await until(relay.metrics$, () => true)).toMatchObject({ role: 'leader', relays: 1 });
    } finally {
      cluster.fail = false;
      await relay.stop();
      ivs.destroy();
    }
  });
});
