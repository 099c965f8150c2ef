import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RelayMessage } from '../../src/query/relay/protocol.js';
import { encodeCount } from '../../src/relay/server/encoding.js';
import { createRelay } from '../../src/relay/server/index.js';
import { until } from '../support/world.js';
import { authenticate, Client, type RelayWorld, startRelayWorld } from './relay-world.js';

type Welcome = Extract<RelayMessage, { t: 'welcome' }>;
const stateOf = (m: RelayMessage) =>
  m.t === 'value' ? (m.value as { data?: { state?: string } }).data?.state : undefined;
const lastSeq = (c: Client) => Math.max(0, ...c.messages.map((m) => ('seq' in m ? m.seq : 0)));

let w: RelayWorld;
beforeAll(async () => {
  w = await startRelayWorld();
});
afterAll(() => w.stop());

describe('resume', () => {
  it('after a dropped socket, the values emitted meanwhile arrive, in order, and the session goes on', async () => {
    const { arn } = w.sim.control.ivs.createChannel({ name: 'resumed' });
    const c = await Client.hello(w.relay.url);
    const { session } = c.messages[0] as Welcome;
    c.watch('s', 'streams', 'get$', [arn]);
    await c.next((m) => m.t === 'value' && stateOf(m) === 'OFFLINE');
    const seq = lastSeq(c);
    c.ws.terminate();
    await until(w.relay.metrics$, (m) => m.connections === 0 && m.watches === 1);

    // The world moves while nobody is connected: the relay's store reads it for the session.
    w.sim.control.ivs.goLive(arn, { viewerCount: 7 });
    await w.relay.store.streams.refresh();

    const again = await Client.hello(w.relay.url, 'good', { session, seq });
    expect(again.messages[0]).toEqual({ v: 1, t: 'welcome', session, resumed: true });
    const live = await again.next<Extract<RelayMessage, { t: 'value' }>>(
      (m) => m.t === 'value' && stateOf(m) === 'LIVE',
    );
    expect(again.messages[1]).toMatchObject({ t: 'value', id: 's', seq: seq + 1 });
    const seqs = again.messages.flatMap((m) => ('seq' in m ? [m.seq] : []));
    expect(seqs).toEqual(seqs.map((_, i) => seq + 1 + i));
    // Still the same watch: another change comes to the new socket.
    w.sim.control.ivs.goOffline(arn);
    await w.relay.store.streams.refresh();
    await again.next((m) => m.t === 'value' && m.seq > live.seq && stateOf(m) === 'OFFLINE');
    again.close();
    await until(w.relay.metrics$, (m) => m.connections === 0 && m.watches === 0);
  });

  it('a resume while the old socket is still open takes the session over', async () => {
    const { arn } = w.sim.control.ivs.createChannel({ name: 'taken' });
    const first = await Client.hello(w.relay.url);
    const { session } = first.messages[0] as Welcome;
    first.watch('a', 'channels', 'get$', [arn]);
    await first.success('a');
    const second = await Client.hello(w.relay.url, 'good', { session, seq: lastSeq(first) });
    expect(second.messages[0]).toEqual({ v: 1, t: 'welcome', session, resumed: true });
    expect(await first.closed).toEqual({ code: 1001, reason: 'resumed on another connection' });
    const m = await until(w.relay.metrics$, (x) => x.connections === 1);
    expect(m.watches).toBe(1);
    second.close();
    await until(w.relay.metrics$, (x) => x.connections === 0 && x.watches === 0);
  });

  it.each([
    ['an unknown session', 'good', () => ({ session: 'no-such-session', seq: 3 })],
    ['a session of another principal', 'other', (s: string) => ({ session: s, seq: 0 })],
    ['a seq the session never sent', 'good', (s: string) => ({ session: s, seq: 99 })],
  ])('%s: a new session (resumed false)', async (_, token, resume) => {
    const owner = await Client.hello(w.relay.url);
    const { session } = owner.messages[0] as Welcome;
    owner.ws.terminate();
    await until(w.relay.metrics$, (m) => m.connections === 0);
    const c = await Client.hello(w.relay.url, token, resume(session));
    const welcome = c.messages[0] as Welcome;
    expect(welcome.resumed).toBe(false);
    expect(welcome.session).not.toBe(session);
    c.close();
  });

  it('a session is kept resumeMs, then dropped with its watches', async () => {
    const r = await startRelayWorld({ limits: { resumeMs: 1000 } });
    try {
      const { arn } = r.sim.control.ivs.createChannel();
      const c = await Client.hello(r.relay.url);
      c.watch('a', 'channels', 'get$', [arn]);
      await c.success('a');
      c.ws.terminate();
      await until(r.relay.metrics$, (m) => m.connections === 0 && m.watches === 1);
      await until(r.relay.metrics$, (m) => m.watches === 0);
      const { session } = c.messages[0] as Welcome;
      const again = await Client.hello(r.relay.url, 'good', { session, seq: lastSeq(c) });
      expect((again.messages[0] as Welcome).resumed).toBe(false);
      again.close();
    } finally {
      await r.stop();
    }
  });
});

describe('sharing', () => {
  it('20 sockets on one query: each value is encoded once, not once per socket', async () => {
    const { arn } = w.sim.control.ivs.createChannel({ name: 'shared' });
    const clients = await Promise.all(Array.from({ length: 20 }, () => Client.hello(w.relay.url)));
    const before = encodeCount();
    for (const c of clients) c.watch('a', 'channels', 'get$', [arn]);
    await Promise.all(clients.map((c) => c.success('a')));
    const encodes = encodeCount() - before;
    const distinct = new Set(clients.flatMap((c) => c.values('a').map((m) => JSON.stringify(m.value))));
    expect(encodes).toBeLessThanOrEqual(distinct.size + 1);
    expect(encodes).toBeLessThan(5);
    await until(w.relay.metrics$, (m) => m.connections === 20 && m.watches === 20 && m.queries === 1);
    for (const c of clients) c.close();
  });

  it('20 sockets on one derived query (health$, which maps per subscriber) share one subscription and its encodes', async () => {
    const { arn } = w.sim.control.ivs.createChannel({ name: 'derived' });
    w.sim.control.ivs.goLive(arn, { health: 'HEALTHY', viewerCount: 4 });
    const clients = await Promise.all(Array.from({ length: 20 }, () => Client.hello(w.relay.url)));
    const before = encodeCount();
    for (const c of clients) c.watch('h', 'streams', 'health$', [arn]);
    await Promise.all(clients.map((c) => c.next((m) => m.t === 'value' && m.id === 'h')));
    const distinct = new Set(clients.flatMap((c) => c.values('h').map((m) => JSON.stringify(m.value))));
    // Unshared, each socket's own derived objects would cost an encode each: 20 at least.
    expect(encodeCount() - before).toBeLessThanOrEqual(distinct.size + 1);
    for (const c of clients) c.close();
  });

  it('each socket pages on its own: pages$ is not shared between watches', async () => {
    for (const name of ['page-a', 'page-b']) w.sim.control.ivs.createChannel({ name });
    const [a, b] = await Promise.all([Client.hello(w.relay.url), Client.hello(w.relay.url)]);
    const items = (c: Client) =>
      (c.values('p').at(-1)?.value as { data?: { items: unknown[] } } | undefined)?.data?.items.length;
    for (const c of [a, b]) c.watch('p', 'channels', 'pages$', [{}, { pageSize: 1 }]);
    await Promise.all([a.success('p'), b.success('p')]);
    a.send({ v: 1, t: 'next-page', id: 'p', call: 'c1' });
    await a.next((m) => m.t === 'value' && m.id === 'p' && items(a) === 2);
    // b's pages are its own: still one.
    expect(items(b)).toBe(1);
    a.close();
    b.close();
  });
});

describe('mounting and stopping', () => {
  it("createRelay mounts on the app's own http server", async () => {
    const relay = createRelay({ ivs: w.ivs, authenticate });
    const server = createServer((_, res) => res.end('app'));
    server.on('upgrade', relay.upgrade);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { arn } = w.sim.control.ivs.createChannel({ name: 'mounted' });
    try {
      const c = await Client.hello(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      c.watch('a', 'channels', 'get$', [arn]);
      expect((await c.success('a')).value).toMatchObject({ data: { name: 'mounted' } });
      const m = await until(relay.metrics$, (x) => x.connections === 1);
      expect(m).toMatchObject({ role: 'leader', relays: 1, watches: 1, slow: 0 });
      expect(m.lag.p95).toBeGreaterThanOrEqual(m.lag.p50);
      const closed = c.closed;
      await relay.stop();
      expect(await closed).toEqual({ code: 1001, reason: 'the relay stops' });
    } finally {
      server.close();
    }
  });

  it('stop() closes every client with 1001 and leaves no handle open', async () => {
    const r = await startRelayWorld();
    const handles = () =>
      process
        .getActiveResourcesInfo()
        .filter((t) => t !== 'TTYWrap')
        .sort()
        .join();
    const { arn } = r.sim.control.ivs.createChannel();
    // What is open without the relay: the simulator, and the test's own.
    await r.relay.stop();
    r.ivs.destroy();
    const baseline = await settle(handles);
    const again = await startRelayWorldOn(r);
    const clients = await Promise.all([Client.hello(again.url), Client.hello(again.url)]);
    for (const c of clients) c.watch('a', 'channels', 'get$', [arn]);
    await Promise.all(clients.map((c) => c.success('a')));
    await again.stop();
    for (const c of clients) expect(await c.closed).toEqual({ code: 1001, reason: 'the relay stops' });
    r.ivs.destroy();
    expect(await settle(handles, baseline)).toBe(baseline);
    await r.sim.stop();
  });
});

/** A relay again on the world's simulator (its client re-made). */
async function startRelayWorldOn(r: RelayWorld) {
  const { IvsClient } = await import('@aws-sdk/client-ivs');
  const { startRelay } = await import('../../src/relay/server/index.js');
  r.ivs = new IvsClient({
    endpoint: r.sim.endpoint,
    region: r.sim.region,
    credentials: r.sim.credentials,
    maxAttempts: 1,
  });
  return startRelay({ ivs: r.ivs, authenticate, store: { refetchInterval: 60_000 } });
}

/** `read()` once it stops changing (or equals `target`), within 5 s. */
async function settle(read: () => string, target?: string): Promise<string> {
  let last = read();
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const now = read();
    if (target !== undefined ? now === target : now === last) return now;
    last = now;
  }
  return last;
}
