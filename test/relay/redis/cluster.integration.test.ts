import { type ChildProcess, spawn } from 'node:child_process';
import { IvsClient, UpdateChannelCommand } from '@aws-sdk/client-ivs';
import { combineLatest, of, type Subscription } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createIvsStore, type Entry, type IvsStore, type StoreChannel } from '../../../src/index.js';
import { type Cluster, startCluster } from '../../../src/relay/redis/cluster.js';
import { type IvsSimulator, startIvsSimulator } from '../../../src/simulator/index.js';
import { type RedisServer, startRedis, withRedis } from '../../support/redis.js';
import { onSend, sleep, until } from '../../support/world.js';

const REFETCH = 300;

interface Relay {
  store: IvsStore;
  cluster: Cluster;
  /** Operations this relay's IVS client sent, with when. */
  sent: Array<{ op: string; at: number }>;
  stop(): Promise<void>;
}

/** What one store's Observable of a channel emitted. */
type Seen = Array<Entry<StoreChannel>>;

const eventually = async (done: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error('not in time');
    await sleep(20);
  }
};

describe.skipIf(!withRedis)('relays share one poller through Redis', () => {
  let redis: RedisServer;
  let sim: IvsSimulator;
  const open: Relay[] = [];
  const children: ChildProcess[] = [];
  const subs: Subscription[] = [];
  let n = 0;

  beforeAll(async () => {
    [redis, sim] = await Promise.all([startRedis(), startIvsSimulator({})]);
  });
  afterAll(async () => {
    await Promise.all([redis?.stop(), sim?.stop()]);
  });
  afterEach(async () => {
    for (const s of subs.splice(0)) s.unsubscribe();
    for (const c of children.splice(0)) c.kill('SIGKILL');
    await Promise.all(open.splice(0).map((r) => r.stop()));
  });

  const client = () =>
    new IvsClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 });

  /** A relay's store in this process, on the cluster `key`. */
  async function relay(key: string, leaseMs: number): Promise<Relay> {
    const ivs = client();
    const sent: Relay['sent'] = [];
    onSend(ivs, (op) => sent.push({ op, at: Date.now() }));
    const cluster = await startCluster(redis.url, { key, leaseMs });
    const store = createIvsStore({
      ivs,
      refetchInterval: REFETCH,
      environment: { visible$: of(true), online$: of(true) },
      tabs: cluster.tabs,
    });
    const r: Relay = {
      store,
      cluster,
      sent,
      async stop() {
        store.dispose();
        await cluster.stop();
        ivs.destroy();
      },
    };
    open.push(r);
    return r;
  }

  /** A relay in a child process, to be killed: resolves once it leads. */
  async function relayProcess(key: string, leaseMs: number, arns: string[]) {
    const args = { ...sim, control: undefined, redis: redis.url, key, leaseMs, refetchInterval: REFETCH, arns };
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/cluster-member.ts', JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const lines: string[] = [];
    child.stdout?.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    const start = Date.now();
    while (!lines.includes('role leader')) {
      if (Date.now() - start > 30_000 || child.exitCode !== null) throw new Error(`no leader: ${lines.join(', ')}`);
      await sleep(20);
    }
    return { child, lines };
  }

  const role = (r: Relay) => until(r.store.metrics$, (m) => m.tabs !== undefined && m.tabs.role !== 'pending', 10_000);
  const watch = (r: Relay, arn: string): Seen => {
    const seen: Seen = [];
    subs.push(r.store.channels.get$(arn).subscribe((e) => seen.push(e)));
    return seen;
  };
  const hasData = (seen: Seen) => seen.some((e) => e.data !== undefined);
  /** Read calls per second in the simulator's log, first to last (no window-edge effects). */
  const readRate = (from: number) => {
    const t = sim.control
      .requests({})
      .filter((r) => r.time >= from && /^(Get|BatchGet|List)/.test(r.operation ?? ''))
      .map((r) => r.time);
    return { calls: t.length, rate: t.length > 1 ? ((t.length - 1) * 1000) / (t.at(-1)! - t[0]!) : 0 };
  };
  /** Once an entry has data, it never shows `loading` nor goes back in time. */
  const neverRegressed = (seen: Seen) => {
    const from = seen.findIndex((e) => e.data !== undefined);
    const after = seen.slice(from);
    expect(after.map((e) => e.status).filter((s) => s !== 'success')).toEqual([]);
    const times = after.map((e) => e.updatedAt ?? 0);
    expect(times).toEqual([...times].sort((x, y) => x - y));
  };

  it("one relay polls the union of the three relays' interest, as often as one store alone; the others get the data", async () => {
    const arns = Array.from({ length: 6 }, (_, i) => sim.control.ivs.createChannel({ name: `c${i}` }).arn);
    // One store alone, watching everything: the calls to compare with.
    const alone = createIvsStore({ ivs: client(), refetchInterval: REFETCH });
    const mine = arns.map((arn) => {
      const seen: Seen = [];
      subs.push(alone.channels.get$(arn).subscribe((e) => seen.push(e)));
      return seen;
    });
    await eventually(() => mine.every(hasData));
    let from = Date.now();
    await sleep(3000);
    const one = readRate(from);
    for (const s of subs.splice(0)) s.unsubscribe();
    alone.dispose();

    const key = `union-${++n}`;
    const a = await relay(key, 1000);
    expect((await role(a)).tabs?.role).toBe('leader');
    const [b, c] = [await relay(key, 1000), await relay(key, 1000)];
    expect([(await role(b)).tabs?.role, (await role(c)).tabs?.role]).toEqual(['follower', 'follower']);
    // Overlapping interest: a watches 0-1, b 1-3, c 3-5.
    const seen = [
      ...[0, 1].map((i) => watch(a, arns[i]!)),
      ...[1, 2, 3].map((i) => watch(b, arns[i]!)),
      ...[3, 4, 5].map((i) => watch(c, arns[i]!)),
    ];
    await eventually(() => seen.every(hasData));
    expect(seen.map((s) => s.find((e) => e.data)?.data?.name)).toEqual([
      'c0',
      'c1',
      'c1',
      'c2',
      'c3',
      'c3',
      'c4',
      'c5',
    ]);
    from = Date.now();
    await sleep(3000);
    const three = readRate(from);
    // Only the leader reads, every channel of the union in each batch.
    expect([...b.sent, ...c.sent].filter((s) => s.at >= from)).toEqual([]);
    const batches = sim.control.requests({ operation: 'BatchGetChannel' }).filter((r) => r.time >= from);
    expect(batches.length).toBeGreaterThan(3);
    expect(batches.every((r) => r.keys === 6)).toBe(true);
    // (A loaded machine may delay the lone store's polls more than the leader's; neither
    // polls faster than its interval.)
    expect(three.rate).toBeLessThanOrEqual(Math.max(one.rate, 1000 / REFETCH) * 1.1);
    console.log(
      `calls/s: one store ${one.rate.toFixed(2)} (${one.calls}), three relays ${three.rate.toFixed(2)} (${three.calls})`,
    );
    // The followers' figures are the cluster's.
    expect((await until(c.store.metrics$, (m) => m.tabs?.members === 3)).tabs?.role).toBe('follower');
    for (const s of seen) neverRegressed(s);
  });

  it('a leader killed without a word: another takes the lease within leaseMs and polls; no follower loses or regresses data', async () => {
    const leaseMs = 1000;
    const key = `crash-${++n}`;
    const arns = Array.from({ length: 4 }, (_, i) => sim.control.ivs.createChannel({ name: `k${i}` }).arn);
    const { child } = await relayProcess(key, leaseMs, arns.slice(0, 2));
    const [b, c] = [await relay(key, leaseMs), await relay(key, leaseMs)];
    expect([(await role(b)).tabs?.role, (await role(c)).tabs?.role]).toEqual(['follower', 'follower']);
    const seen = [watch(b, arns[0]!), watch(b, arns[2]!), watch(c, arns[1]!), watch(c, arns[3]!)];
    await eventually(() => seen.every(hasData));
    await sleep(500);
    const killedAt = Date.now();
    child.kill('SIGKILL');
    const next = await Promise.race(
      [b, c].map((r) => until(r.store.metrics$, (m) => m.tabs?.role === 'leader', 10_000).then(() => r)),
    );
    const electedAt = Date.now();
    await eventually(() => next.sent.some((s) => s.at > killedAt));
    const polledAt = next.sent.find((s) => s.at > killedAt)!.at;
    console.log(`failover: leader after ${electedAt - killedAt} ms, first poll after ${polledAt - killedAt} ms`);
    // Within the lease (the last renewal was at most leaseMs/3 before), a retry and a poll interval;
    // a loaded machine gets a second more.
    expect(polledAt - killedAt).toBeLessThan(leaseMs + leaseMs / 10 + REFETCH + 1000);
    // The new leader polls for both: a change shows in the other relay.
    const other = [b, c].find((r) => r !== next)!;
    expect(other.sent.filter((s) => s.at > killedAt)).toEqual([]);
    const renamed = client();
    await renamed.send(new UpdateChannelCommand({ arn: arns[3]!, name: 'renamed' }));
    renamed.destroy();
    await until(c.store.channels.get$(arns[3]!), (e) => e.data?.name === 'renamed', 5000);
    for (const s of seen) neverRegressed(s);
  });

  it('a leader that stops lets go of the lease: another leads at once, not after the lease', async () => {
    // Long: neither the lease's end nor a waiting relay's next try (every leaseMs/10) comes in time.
    const leaseMs = 20_000;
    const key = `stop-${++n}`;
    const { arn } = sim.control.ivs.createChannel({ name: 'handover' });
    const a = await relay(key, leaseMs);
    expect((await role(a)).tabs?.role).toBe('leader');
    const b = await relay(key, leaseMs);
    expect((await role(b)).tabs?.role).toBe('follower');
    const seen = watch(b, arn);
    await eventually(() => hasData(seen));
    const from = Date.now();
    await a.stop();
    await until(b.store.metrics$, (m) => m.tabs?.role === 'leader', 5000);
    const took = Date.now() - from;
    console.log(`graceful handover: ${took} ms`);
    expect(took).toBeLessThan(1000);
    await eventually(() => b.sent.some((s) => s.at > from));
    neverRegressed(seen);
  });
});

describe.skipIf(!withRedis)('relays on Redis: what Redis may do to them', () => {
  let redis: RedisServer;
  let sim: IvsSimulator;
  const open: Array<{ store: IvsStore; cluster: Cluster; ivs: IvsClient; sent: number[] }> = [];
  let n = 0;

  beforeAll(async () => {
    [redis, sim] = await Promise.all([startRedis(), startIvsSimulator({})]);
  });
  afterAll(async () => {
    await Promise.all([redis?.stop(), sim?.stop()]);
  });
  afterEach(async () => {
    await Promise.all(
      open.splice(0).map(async (r) => {
        r.store.dispose();
        await r.cluster.stop();
        r.ivs.destroy();
      }),
    );
  });

  async function relay(key: string, leaseMs: number) {
    const ivs = new IvsClient({
      endpoint: sim.endpoint,
      region: sim.region,
      credentials: sim.credentials,
      maxAttempts: 1,
    });
    const sent: number[] = [];
    onSend(ivs, () => sent.push(Date.now()));
    const cluster = await startCluster(redis.url, { key, leaseMs });
    const store = createIvsStore({
      ivs,
      refetchInterval: REFETCH,
      environment: { visible$: of(true), online$: of(true) },
      tabs: cluster.tabs,
    });
    const r = { store, cluster, ivs, sent };
    open.push(r);
    await until(store.metrics$, (m) => m.tabs !== undefined && m.tabs.role !== 'pending', 10_000);
    return r;
  }
  const roleOf = (r: { store: IvsStore }) =>
    until(r.store.metrics$, (m) => m.tabs !== undefined).then((m) => m.tabs?.role);

  it('a leader whose lease is taken from it stops polling at its next renewal; a member leads once the key expires', async () => {
    const leaseMs = 900;
    const key = `stolen-${++n}`;
    const { arn } = sim.control.ivs.createChannel({ name: 'stolen' });
    const a = await relay(key, leaseMs);
    const b = await relay(key, leaseMs);
    expect([await roleOf(a), await roleOf(b)]).toEqual(['leader', 'follower']);
    await until(b.store.channels.get$(arn), (e) => e.data?.name === 'stolen', 5000);
    const [lease] = await redis.admin.keys('ivs-store:*:leader');
    await redis.admin.set(lease!, 'an operator', 'PX', 2000);
    const stolenAt = Date.now();
    // Its next renewal finds another token: it stops leading (then follows).
    await until(a.store.metrics$, (m) => m.tabs?.role !== 'leader', 5000);
    expect(Date.now() - stolenAt).toBeLessThan(leaseMs / 3 + 1000);
    await until(a.store.metrics$, (m) => m.tabs?.role === 'follower', 5000);
    // While the key is someone else's, nobody of ours polls (give the last read time to land).
    await sleep(300);
    const quietFrom = Date.now();
    await sleep(1000);
    expect([...a.sent, ...b.sent].filter((t) => t > quietFrom && t < stolenAt + 1900)).toEqual([]);
    await until(
      combineLatest([a.store.metrics$, b.store.metrics$]),
      ([x, y]) => x.tabs?.role === 'leader' || y.tabs?.role === 'leader',
      5000,
    );
    expect(await redis.admin.get(lease!)).not.toBe('an operator');
  });

  it('crash() (for tests and the bench) dies without letting go: the lease runs out, then another leads', async () => {
    const leaseMs = 800;
    const key = `crash-in-process-${++n}`;
    const a = await relay(key, leaseMs);
    const b = await relay(key, leaseMs);
    expect([await roleOf(a), await roleOf(b)]).toEqual(['leader', 'follower']);
    const [lease] = await redis.admin.keys('ivs-store:*:leader');
    const from = Date.now();
    (a.cluster as Cluster & { crash(): void }).crash();
    // Not let go: the key is still there, then expires.
    expect(await redis.admin.get(lease!)).not.toBeNull();
    await until(b.store.metrics$, (m) => m.tabs?.role === 'leader', 5000);
    expect(Date.now() - from).toBeLessThan(leaseMs + leaseMs / 10 + 1000);
    // (a's store is disposed by afterEach; its connections are gone already.)
  });

  it('after every subscriber is cut (CLIENT KILL), a watch and an unwatch sent meanwhile reach the leader all the same', async () => {
    const key = `cut-${++n}`;
    const [x, y, z] = ['before', 'during', 'dropped'].map((name) => sim.control.ivs.createChannel({ name }).arn);
    const a = await relay(key, 2000);
    const b = await relay(key, 2000);
    expect([await roleOf(a), await roleOf(b)]).toEqual(['leader', 'follower']);
    const kept = b.store.channels.get$(x!).subscribe();
    const dropped = b.store.channels.get$(z!).subscribe();
    await until(b.store.channels.get$(x!), (e) => e.data?.name === 'before', 5000);
    await until(b.store.channels.get$(z!), (e) => e.data?.name === 'dropped', 5000);
    await redis.admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub', 'SKIPME', 'yes');
    // Published while the leader's subscriber is away: lost, until the resync sends them again.
    const s = b.store.channels.get$(y!).subscribe();
    dropped.unsubscribe();
    await until(b.store.channels.get$(y!), (e) => e.data?.name === 'during', 8000);
    // The lost unwatch too: once the store's grace time is over, the leader reads x and y
    // only, in batches or one by one (a loaded machine may read them apart): two keys a cycle.
    const since = Date.now() + 2500;
    await sleep(2500 + 6 * REFETCH);
    const reads = sim.control
      .requests()
      .filter((r) => r.time > since && (r.operation === 'BatchGetChannel' || r.operation === 'GetChannel'));
    expect(reads.filter((r) => r.resource === z)).toEqual([]);
    const keys = reads.reduce((sum, r) => sum + (r.keys ?? 1), 0);
    const cycles = (Date.now() - since) / REFETCH;
    expect(keys).toBeGreaterThanOrEqual(2);
    // Three keys a cycle (z still polled) would be ~18 here.
    expect(keys).toBeLessThanOrEqual(2 * (cycles + 1));
    s.unsubscribe();
    kept.unsubscribe();
    expect(b.sent).toEqual([]);
  });
});

describe('startCluster: options', () => {
  it('refuses a bad lease, key or connection, naming the field, before connecting', async () => {
    await expect(startCluster('redis://127.0.0.1:1', { leaseMs: 10 })).rejects.toMatchObject({
      kind: 'validation',
      field: 'cluster.leaseMs',
    });
    await expect(startCluster('redis://127.0.0.1:1', { key: '' })).rejects.toMatchObject({ field: 'cluster.key' });
    await expect(startCluster('http://x', {})).rejects.toMatchObject({ field: 'redis' });
    await expect(startCluster({}, {})).rejects.toMatchObject({ field: 'redis' });
  });

  it('rejects when Redis cannot be reached, rather than wait for it', async () => {
    await expect(startCluster('redis://127.0.0.1:1', {})).rejects.toThrow(/ECONNREFUSED/);
  });
});
