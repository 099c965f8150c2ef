import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createIvsStore } from '../../../src/index.js';
import { type ClientMessage, parseClientMessage } from '../../../src/query/relay/protocol.js';
import type { StoreMetrics } from '../../../src/core/metrics.js';

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

/**
 * A tiny relay over the real `ws` server: welcomes (resuming a session it knows), answers
 * `channels.get$` with a success entry, `channels.create` with a result, and closes 4401
 * a hello without the right token. Enough to prove that `ws`'s WebSocket class fits.
 */
async function tinyRelay() {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const received: ClientMessage[] = [];
  const sessions = new Map<string, number>();
  let n = 0;
  server.on('connection', (socket) => {
    let seq = 0;
    const send = (m: object) => socket.send(JSON.stringify({ v: 1, ...m }));
    socket.on('message', (data) => {
      const m = parseClientMessage(String(data));
      if (typeof m === 'string') return socket.close(4400, m);
      received.push(m);
      if (m.t === 'hello') {
        if (m.token !== 'good') return socket.close(4401, 'token refused');
        const resumed = m.resume !== undefined && sessions.has(m.resume.session);
        const session = resumed ? m.resume!.session : `s${++n}`;
        if (resumed) seq = m.resume!.seq;
        sessions.set(session, 0);
        send({ t: 'welcome', session, resumed });
      } else if (m.t === 'watch' && m.resource === 'channels') {
        send({
          t: 'value',
          id: m.id,
          seq: ++seq,
          value: { status: 'success', data: { arn: m.args[0], n: seq }, fetching: false },
        });
      } else if (m.t === 'call') send({ t: 'result', id: m.id, ok: true, value: { made: m.args[0] } });
    });
  });
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    dropAll: () => {
      for (const c of server.clients) c.terminate();
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const stops: Array<() => unknown> = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

describe('relay client over the ws package (real sockets)', () => {
  it("reads, calls, reconnects and resumes with ws's WebSocket", async () => {
    const relay = await tinyRelay();
    const store = createIvsStore({
      relay: { url: relay.url, token: async () => 'good', WebSocket, reconnect: { initialDelay: 20, maxDelay: 100 } },
    });
    stops.push(() => store.dispose(), relay.stop);
    const values: unknown[] = [];
    store.channels.get$('arn:a').subscribe((e) => values.push(e));
    await until(() => values.length === 1);
    expect(values[0]).toEqual({ status: 'success', data: { arn: 'arn:a', n: 1 }, fetching: false });
    await expect(store.channels.create({ name: 'x' })).resolves.toEqual({ made: { name: 'x' } });
    let metrics: StoreMetrics | undefined;
    store.metrics$.subscribe((m) => (metrics = m));
    relay.dropAll();
    await until(() => metrics?.relay?.reconnects === 1);
    expect(metrics?.relay).toMatchObject({ status: 'open', resumed: 1 });
    const hellos = relay.received.filter((m) => m.t === 'hello');
    expect(hellos[1]).toMatchObject({ token: 'good', resume: { session: 's1', seq: 1 } });
  });

  it('a refused token closes 4401 and the client tries again', async () => {
    const relay = await tinyRelay();
    let tries = 0;
    const store = createIvsStore({
      relay: {
        url: relay.url,
        token: () => (++tries < 3 ? 'bad' : 'good'),
        WebSocket,
        reconnect: { initialDelay: 10, maxDelay: 20 },
      },
    });
    stops.push(() => store.dispose(), relay.stop);
    let metrics: StoreMetrics | undefined;
    store.metrics$.subscribe((m) => (metrics = m));
    await until(() => metrics?.relay?.status === 'open');
    expect(tries).toBe(3);
    expect(metrics?.relay?.lastClose).toEqual({ code: 4401, reason: 'token refused' });
  });
});
