import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RedisLock, type RedisLocks, redisLocks } from '../../../src/relay/redis/locks.js';
import { type RedisServer, startRedis, withRedis } from '../../support/redis.js';
import { sleep } from '../../support/world.js';

/** Polls `done()` until it holds (a loaded machine is slow): never a fixed sleep to assert on. */
const eventually = async (done: () => boolean | Promise<boolean>, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > end) throw new Error('not in time');
    await sleep(10);
  }
};

const deferred = () => {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
};

describe.skipIf(!withRedis)('redisLocks: leases with the Web Locks shape', () => {
  let redis: RedisServer;
  const clients: Redis[] = [];
  const made: RedisLocks[] = [];
  let n = 0;
  let name = '';

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  afterEach(async () => {
    await Promise.all(made.splice(0).map((l) => l.close()));
    for (const c of clients.splice(0)) c.disconnect();
  });

  /** A member's locks, on a connection of its own (as each relay has). */
  const member = (leaseMs = 600) => {
    const client = new Redis(redis.url);
    clients.push(client);
    const locks = redisLocks(client, { leaseMs });
    made.push(locks);
    return locks;
  };
  const next = () => {
    name = `lock${++n}`;
    return name;
  };
  const key = () => `ivs-store:${name}`;

  it('is exclusive: ifAvailable gets null while another holds it, and the lock once it is let go', async () => {
    const [a, b] = [member(), member()];
    const lock = next();
    const held = deferred();
    const inA = a.request(lock, {}, (l) => {
      expect(l).toMatchObject({ name: lock, mode: 'exclusive' });
      return held.promise;
    });
    await eventually(async () => (await redis.admin.get(key())) !== null);
    await expect(b.request(lock, { ifAvailable: true }, (l) => l)).resolves.toBeNull();
    held.resolve();
    await inA;
    // Released when the callback settled: the key is gone, the next try gets it.
    expect(await redis.admin.get(key())).toBeNull();
    await expect(b.request(lock, { ifAvailable: true }, (l) => (l as RedisLock).name)).resolves.toBe(lock);
  });

  it('queues: a request waits until the holder lets go, also when its callback throws', async () => {
    const [a, b] = [member(), member()];
    const lock = next();
    const order: string[] = [];
    const held = deferred();
    const inA = a.request(lock, {}, async () => {
      order.push('a');
      await held.promise;
      throw new Error('a failed');
    });
    await eventually(() => order.length === 1);
    const inB = b.request(lock, {}, () => order.push('b'));
    await sleep(200);
    expect(order).toEqual(['a']);
    held.resolve();
    await expect(inA).rejects.toThrow('a failed');
    await inB;
    expect(order).toEqual(['a', 'b']);
  });

  it('with a subscriber, a request that waits tries again as soon as the lease is let go', async () => {
    const [command, sub] = [new Redis(redis.url), new Redis(redis.url)];
    clients.push(command, sub);
    const a = member(20_000);
    const b = redisLocks(command, { leaseMs: 20_000, sub });
    made.push(b);
    const lock = next();
    const held = deferred();
    const inA = a.request(lock, {}, () => held.promise);
    await eventually(async () => (await redis.admin.get(key())) !== null);
    let at = 0;
    const inB = b.request(lock, {}, () => (at = Date.now()));
    // b tried and waits (its next try would be ~2 s away).
    await sleep(200);
    const from = Date.now();
    held.resolve();
    await Promise.all([inA, inB]);
    expect(at - from).toBeLessThan(1000);
  });

  it('renews the lease while held: it outlives leaseMs, and nobody else gets it meanwhile', async () => {
    const [a, b] = [member(300), member(300)];
    const lock = next();
    const held = deferred();
    let lost = false;
    const inA = a.request(lock, {}, (l) => {
      (l as RedisLock).lost.addEventListener('abort', () => (lost = true));
      return held.promise;
    });
    await eventually(async () => (await redis.admin.get(key())) !== null);
    const token = await redis.admin.get(key());
    const tries: Array<unknown> = [];
    for (const end = Date.now() + 1200; Date.now() < end; ) {
      tries.push(await b.request(lock, { ifAvailable: true }, (l) => l));
      await sleep(100);
    }
    expect(tries.every((t) => t === null)).toBe(true);
    expect(await redis.admin.get(key())).toBe(token);
    expect(Number(await redis.admin.pttl(key()))).toBeGreaterThan(0);
    expect(lost).toBe(false);
    held.resolve();
    await inA;
  });

  it("aborts `lost` when a renewal finds another's token, and never deletes that one", async () => {
    const a = member(300);
    const lock = next();
    const lostAt = deferred();
    const held = deferred();
    const inA = a.request(lock, {}, (l) => {
      (l as RedisLock).lost.addEventListener('abort', () => lostAt.resolve());
      return held.promise;
    });
    await eventually(async () => (await redis.admin.get(key())) !== null);
    await redis.admin.set(key(), 'someone-else', 'PX', 5000);
    await lostAt.promise;
    held.resolve();
    await inA;
    expect(await redis.admin.get(key())).toBe('someone-else');
  });

  it('aborts `lost` when no renewal gets through for leaseMs (Redis unreachable)', async () => {
    const a = member(300);
    const lock = next();
    const lost = deferred();
    const held = deferred();
    const inA = a.request(lock, {}, (l) => {
      (l as RedisLock).lost.addEventListener('abort', () => lost.resolve());
      return held.promise;
    });
    await eventually(async () => (await redis.admin.get(key())) !== null);
    const from = Date.now();
    // Every write waits for 2 s: renewals do not get through.
    await redis.admin.call('CLIENT', 'PAUSE', '2000', 'WRITE');
    await lost.promise;
    // At the latest when Redis lets the key expire (leaseMs after the last renewal sent).
    expect(Date.now() - from).toBeLessThan(300 + 400);
    held.resolve();
    await inA;
    await redis.admin.call('CLIENT', 'UNPAUSE');
  });

  it('a waiting request whose signal aborts rejects with an AbortError and never takes the lock', async () => {
    const [a, b] = [member(), member()];
    const lock = next();
    const held = deferred();
    const inA = a.request(lock, {}, () => held.promise);
    await eventually(async () => (await redis.admin.get(key())) !== null);
    const stop = new AbortController();
    let ran = false;
    const inB = b.request(lock, { signal: stop.signal }, () => (ran = true));
    await sleep(100);
    stop.abort();
    await expect(inB).rejects.toMatchObject({ name: 'AbortError' });
    held.resolve();
    await inA;
    await sleep(200);
    expect(ran).toBe(false);
    expect(await redis.admin.get(key())).toBeNull();
    const already = AbortSignal.abort();
    await expect(b.request(lock, { signal: already }, () => 1)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('close() lets go of every lease at once (lost aborts) and refuses waiting requests', async () => {
    const [a, b] = [member(5000), member(5000)];
    const lock = next();
    let lost = false;
    void a.request(lock, {}, (l) => {
      (l as RedisLock).lost.addEventListener('abort', () => (lost = true));
      return new Promise(() => undefined);
    });
    await eventually(async () => (await redis.admin.get(key())) !== null);
    // (a's other request got it first, or is refused now.)
    const waiting = a.request(`${lock}:other`, {}, () => 1).catch((e: unknown) => (e as Error).name);
    const inB = b.request(lock, {}, () => 'b');
    const from = Date.now();
    await a.close();
    expect(lost).toBe(true);
    await expect(inB).resolves.toBe('b');
    // Not after the lease's 5 s: at b's next try.
    expect(Date.now() - from).toBeLessThan(2000);
    expect([1, 'AbortError']).toContain(await waiting);
  });
});
