import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../../src/query/sync/protocol.js';
import { type RedisTransport, redisTransport } from '../../../src/relay/redis/transport.js';
import { type RedisServer, startRedis, withRedis } from '../../support/redis.js';
import { sleep } from '../../support/world.js';

const eventually = async (done: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error('not in time');
    await sleep(10);
  }
};

describe.skipIf(!withRedis)('redisTransport: the tabs protocol over Redis pub/sub', () => {
  let redis: RedisServer;
  const clients: Redis[] = [];
  const transports: RedisTransport[] = [];
  let n = 0;

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  afterEach(() => {
    for (const t of transports.splice(0)) t.close();
    for (const c of clients.splice(0)) c.disconnect();
  });

  /** A member with connections of its own; its subscriber is named, for CLIENT KILL. */
  const member = (group: string) => {
    const id = `m${++n}`;
    const pub = new Redis(redis.url);
    const sub = new Redis(redis.url, { connectionName: `sub-${id}` });
    clients.push(pub, sub);
    const t = redisTransport(pub, sub, group);
    transports.push(t);
    const heard: Message[] = [];
    t.listen((m) => heard.push(m));
    return { id, t, heard };
  };
  const hello = (from: string): Message => ({ v: 1, t: 'hello', from });
  /** Until `count` members listen to the group (a member hears only once subscribed). */
  const listening = async (group: string, count: number) => {
    const numsub = async () => Number(((await redis.admin.pubsub('NUMSUB', `ivs-store:${group}`)) as unknown[])[1]);
    for (const end = Date.now() + 5000; (await numsub()) < count; await sleep(10))
      if (Date.now() > end) throw new Error('not subscribed in time');
  };

  it('carries each message to every other member of its group, in order, not back to its sender', async () => {
    const [a, b, c] = [member('g1'), member('g1'), member('g1')];
    const other = member('g2');
    await Promise.all([listening('g1', 3), listening('g2', 1)]);
    for (let i = 0; i < 5; i++) a.t.post(hello(`a${i}`));
    await eventually(() => b.heard.length === 5 && c.heard.length === 5);
    expect(b.heard.map((m) => m.from)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    expect(c.heard).toEqual(b.heard);
    b.t.post(hello('b'));
    await eventually(() => c.heard.length === 6);
    await sleep(100);
    // No echo, and nothing of another group.
    expect(a.heard.map((m) => m.from)).toEqual(['b']);
    expect(other.heard).toEqual([]);
  });

  it('JSON on the wire: values the codec tagged survive, and what is not a message is ignored', async () => {
    const [a, b] = [member('g3'), member('g3')];
    await listening('g3', 2);
    const entry: Message = {
      v: 1,
      t: 'changes',
      from: 'a',
      entries: [
        [
          'channels',
          'x',
          { status: 'success', data: { $ivsStore: 'date', value: 5 }, error: undefined, updatedAt: 1, fetching: false },
        ],
      ],
    };
    await redis.admin.publish('ivs-store:g3', 'not json');
    await redis.admin.publish('ivs-store:g3', JSON.stringify({ i: 'x', m: { v: 2, t: 'hello', from: 'z' } }));
    a.t.post(entry);
    await eventually(() => b.heard.length === 1);
    expect(b.heard).toEqual([entry]);
  });

  it('posts nothing before it listens: a message sent at once after creation is heard by the others', async () => {
    const a = member('g4');
    await listening('g4', 1);
    const b = member('g4');
    // b's hello is the first thing it says: the answer must reach b.
    b.t.post(hello('b'));
    a.t.listen((m) => m.t === 'hello' && a.t.post(hello('answer')));
    await eventually(() => b.heard.some((m) => m.from === 'answer'));
  });

  it('after its subscriber is killed and comes back, calls the resync hook, and hears again', async () => {
    const [a, b] = [member('g5'), member('g5')];
    await listening('g5', 2);
    let resyncs = 0;
    b.t.onResync?.(() => resyncs++);
    a.t.post(hello('before'));
    await eventually(() => b.heard.length === 1);
    await redis.admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub', 'SKIPME', 'yes');
    await eventually(() => resyncs > 0);
    // Both subscribers were cut, and each resynced once.
    a.t.post(hello('after'));
    await eventually(() => b.heard.some((m) => m.from === 'after'));
    expect(resyncs).toBe(1);
    expect(b.heard.map((m) => m.from)).toEqual(['before', 'after']);
  });

  it('after close, posts nothing and hears nothing', async () => {
    const [a, b] = [member('g6'), member('g6')];
    b.t.close();
    a.t.post(hello('a'));
    b.t.post(hello('b'));
    await sleep(200);
    expect(b.heard).toEqual([]);
    expect(a.heard).toEqual([]);
  });
});
