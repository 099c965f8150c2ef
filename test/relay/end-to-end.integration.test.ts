import { IvsClient } from '@aws-sdk/client-ivs';
import { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import { filter, firstValueFrom, type Observable, timeout } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createIvsStore, type Entry, type IvsStore } from '../../src/index.js';
import { realtimeResources } from '../../src/realtime/index.js';
import { startRelay } from '../../src/relay/server/index.js';
import type { Relay, RelayAction } from '../../src/relay/types.js';
import { startIvsSimulator, type IvsSimulator } from '../../src/simulator/index.js';
import { startBalancer } from '../support/balancer.js';
import { type RedisServer, startRedis, withRedis } from '../support/redis.js';

type Principal = { user: string; role: 'viewer' | 'operator' | 'admin' };
const PRINCIPALS: Record<string, Principal> = {
  'viewer-token': { user: 'val', role: 'viewer' },
  'operator-token': { user: 'otto', role: 'operator' },
  'admin-token': { user: 'ada', role: 'admin' },
};
/** Viewers read; operators also write; admins also see secrets. */
const authorize = (p: Principal, action: RelayAction) =>
  action === 'read' || (action === 'write' && p.role !== 'viewer') || (action === 'secret' && p.role === 'admin');

const until = <T>(obs: Observable<T>, pred: (v: T) => boolean, ms = 10_000) =>
  firstValueFrom(obs.pipe(filter(pred), timeout(ms)));

/**
 * The whole chain as deployed: relay-mode stores (the browser's code, over `ws`) behind a
 * balancer, two relays sharing one Redis, the simulator as IVS. What a principal may do and
 * see, one poller for both relays, writes seen by every client, and a relay stopped under
 * its clients: they reconnect to the other and keep their data.
 */
describe.skipIf(!withRedis)('relay end to end: browsers, a balancer, two relays, Redis', () => {
  let sim: IvsSimulator;
  let redis: RedisServer;
  const relays: Relay[] = [];
  const clients: IvsStore[] = [];
  let balancer: Awaited<ReturnType<typeof startBalancer>>;
  const alive = new Set<Relay>();
  const destroy: Array<() => void> = [];

  const store = (token: string) => {
    const s = createIvsStore({
      relay: { url: balancer.url, token, WebSocket, reconnect: { initialDelay: 50, maxDelay: 200 } },
    });
    clients.push(s);
    return s;
  };

  beforeAll(async () => {
    [sim, redis] = await Promise.all([startIvsSimulator({ seed: 3 }), startRedis()]);
    for (const name of ['lobby', 'studio', 'stage-left']) sim.control.ivs.createChannel({ name });
    for (let i = 0; i < 2; i++) {
      const config = { endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 };
      const ivs = new IvsClient(config);
      const realtime = new IVSRealTimeClient(config);
      destroy.push(
        () => ivs.destroy(),
        () => realtime.destroy(),
      );
      const relay = await startRelay<Principal>({
        ivs,
        realtime: realtimeResources(realtime),
        store: { refetchInterval: 300 },
        redis: redis.url,
        cluster: { key: 'end-to-end', leaseMs: 1000 },
        authenticate: ({ token }) => (token ? PRINCIPALS[token] : undefined),
        authorize,
      });
      relays.push(relay);
      alive.add(relay);
    }
    balancer = await startBalancer(() => relays.filter((r) => alive.has(r)).map((r) => r.url));
  }, 30_000);

  afterAll(async () => {
    for (const c of clients) c.dispose();
    await balancer?.stop();
    await Promise.all(relays.map((r) => r.stop()));
    for (const d of destroy) d();
    await redis?.stop();
    await sim?.stop();
  }, 30_000);

  it('every client reads through either relay; one relay polls for both', async () => {
    const [a, b, c, d] = ['viewer-token', 'operator-token', 'admin-token', 'viewer-token'].map(store);
    for (const s of [a!, b!, c!, d!]) {
      const e = await until(s.channels.list$(), (x) => x.status === 'success');
      expect(e.data?.map((ch) => ch.name).sort()).toEqual(['lobby', 'stage-left', 'studio']);
    }
    const roles = await Promise.all(
      relays.map((r) => until(r.metrics$, (m) => m.role !== 'pending').then((m) => m.role)),
    );
    expect(roles.sort()).toEqual(['follower', 'leader']);
    const connections = await Promise.all(relays.map((r) => until(r.metrics$, (m) => m.connections > 0)));
    expect(connections.reduce((sum, m) => sum + m.connections, 0)).toBe(4);
    // Both relays' clients watch the list, yet it is read at the interval of one poller.
    sim.control.clearRequests();
    await new Promise((r) => setTimeout(r, 1500));
    const lists = sim.control.requests().filter((r) => r.operation === 'ListChannels').length;
    expect(lists).toBeGreaterThanOrEqual(2);
    expect(lists).toBeLessThanOrEqual(7);
  }, 30_000);

  it('a viewer is refused a write; an operator’s write reaches every client', async () => {
    const [viewer, operator] = ['viewer-token', 'operator-token'].map(store);
    await expect(viewer!.channels.create({ name: 'nope' })).rejects.toMatchObject({ kind: 'access' });
    expect(sim.control.requests().some((r) => r.operation === 'CreateChannel')).toBe(false);
    const made = await operator!.channels.create({ name: 'backstage' });
    expect(made.channel.name).toBe('backstage');
    for (const s of clients) await until(s.channels.list$(), (e) => !!e.data?.some((ch) => ch.name === 'backstage'));
  }, 30_000);

  it('a stream key value reaches an admin only', async () => {
    const { streamKeyArn } = sim.control.ivs.createChannel({ name: 'keyed' });
    const [viewer, admin] = ['viewer-token', 'admin-token'].map(store);
    const seen = (s: IvsStore) => until(s.streamKeys.get$(streamKeyArn), (e) => e.status === 'success');
    const [v, a] = await Promise.all([seen(viewer!), seen(admin!)]);
    expect(v.data?.value).toBeUndefined();
    expect(a.data?.value?.reveal()).toMatch(/^sk_/);
  }, 30_000);

  it('a relay stopped under its clients: they reconnect to the other, keep their data, and see news', async () => {
    const watchers = ['viewer-token', 'operator-token', 'viewer-token', 'admin-token'].map(store);
    const statuses = watchers.map(() => [] as Entry<unknown>['status'][]);
    const subs = watchers.map((s, i) => s.channels.list$().subscribe((e) => statuses[i]!.push(e.status)));
    for (const s of watchers) await until(s.channels.list$(), (e) => e.status === 'success');
    // The leader goes: the other must take the lease and poll, and take its clients.
    const roles = await Promise.all(relays.map((r) => firstValueFrom(r.metrics$).then((m) => m.role)));
    const leader = relays[roles.indexOf('leader')]!;
    expect(alive.has(leader)).toBe(true);
    alive.delete(leader);
    await leader.stop();
    sim.control.ivs.createChannel({ name: 'after-the-stop' });
    for (const s of watchers)
      await until(s.channels.list$(), (e) => !!e.data?.some((ch) => ch.name === 'after-the-stop'), 15_000);
    const survivor = relays.find((r) => alive.has(r))!;
    expect((await until(survivor.metrics$, (m) => m.role === 'leader')).role).toBe('leader');
    for (const st of statuses) expect(st.slice(st.indexOf('success'))).not.toContain('loading');
    for (const s of subs) s.unsubscribe();
  }, 40_000);
});
