import { type Observable, Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IvsStoreError } from '../../../src/core/errors.js';
import { Secret } from '../../../src/core/secret.js';
import { type RelayClientInit, startRelayClient } from '../../../src/query/relay/client.js';
import { MAX_REFUSALS } from '../../../src/query/relay/connection.js';
import { peekOf } from '../../../src/query/peek-key.js';
import { decode, encode } from '../../../src/query/sync/codec.js';
import { fakeWebSocket } from './fake-socket.js';

/** A resource proxy as the tests use it: `…$` methods give Observables, the others Promises. */
type Api = Record<
  'get$' | 'list$' | 'pages$' | 'health$' | 'create' | 'delete' | 'invalidate' | 'setData',
  (...args: unknown[]) => Observable<unknown> & Promise<unknown>
>;

const entry = (data: unknown, status = 'success') => ({
  status,
  data,
  error: undefined,
  updatedAt: 1,
  fetching: false,
});

function setup(over: Partial<RelayClientInit> = {}) {
  const ws = fakeWebSocket();
  const client = startRelayClient({
    url: 'ws://relay.test',
    token: 'tok',
    WebSocket: ws.WebSocket,
    initialDelay: 500,
    maxDelay: 30_000,
    gcTime: 1000,
    random: () => 0,
    ...over,
  });
  const channels = client.resource('channels') as Api;
  const streams = client.resource('streams') as Api;
  return { ws, client, channels, streams };
}

/** Collects what an Observable gives. */
function record(obs: { subscribe(o: object): { unsubscribe(): void } }) {
  const r = { values: [] as unknown[], error: undefined as unknown, complete: false, sub: undefined as unknown };
  const sub = obs.subscribe({
    next: (v: unknown) => r.values.push(v),
    error: (e: unknown) => (r.error = e),
    complete: () => (r.complete = true),
  });
  return Object.assign(r, { unsubscribe: () => sub.unsubscribe() });
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('relay client: connection', () => {
  it('says hello with the token (a function awaited), and sends watches and calls only once welcomed', async () => {
    const token = vi.fn(async () => 'jwt-1');
    const { ws, client, channels } = setup({ token });
    await vi.advanceTimersByTimeAsync(0);
    const s = ws.last();
    const r = record(channels.get$('arn:a'));
    const created = channels.create({ name: 'x' });
    s.open();
    expect(s.sent).toEqual([{ v: 1, t: 'hello', token: 'jwt-1' }]);
    s.receive({ t: 'welcome', session: 's1', resumed: false });
    expect(s.sent.slice(1)).toEqual([
      { v: 1, t: 'watch', id: 'w1', resource: 'channels', method: 'get$', args: ['arn:a'] },
      { v: 1, t: 'call', id: 'c2', resource: 'channels', method: 'create', args: [{ name: 'x' }] },
    ]);
    s.receive({ t: 'result', id: 'c2', ok: true, value: { arn: 'arn:new' } });
    await expect(created).resolves.toEqual({ arn: 'arn:new' });
    s.receive({ t: 'value', id: 'w1', seq: 1, value: entry({ arn: 'arn:a' }) });
    expect(r.values).toEqual([entry({ arn: 'arn:a' })]);
    expect(token).toHaveBeenCalledTimes(1);
    client.dispose();
  });

  it('decodes values and results: Dates, Secrets, errors', async () => {
    const { ws, client, channels, streams } = setup();
    await vi.advanceTimersByTimeAsync(0);
    ws.last().welcome();
    const r = record(streams.get$('arn:a'));
    const at = new Date(1_700_000_000_000);
    ws.last().receive({ t: 'value', id: 'w1', seq: 1, value: encode(entry({ startTime: at, key: new Secret('sk') })) });
    const data = (r.values[0] as { data: { startTime: Date; key: Secret } }).data;
    expect(data.startTime).toEqual(at);
    expect(data.key).toBeInstanceOf(Secret);
    expect(data.key.reveal()).toBe('sk');
    const p = channels.delete('arn:a');
    ws.last().receive({
      t: 'result',
      id: 'c2',
      ok: false,
      value: encode(new IvsStoreError({ kind: 'conflict', operation: 'DeleteChannel', message: 'live' })),
    });
    await expect(p).rejects.toMatchObject({ kind: 'conflict', message: 'live' });
    await expect(p).rejects.toBeInstanceOf(IvsStoreError);
    client.dispose();
  });
});

describe('relay client: shared remote queries', () => {
  it('gives the same Observable for the same call, one watch for all, the last value replayed and peeked', async () => {
    const { ws, client, channels } = setup();
    await vi.advanceTimersByTimeAsync(0);
    ws.last().welcome();
    const a = channels.get$('arn:a');
    expect(channels.get$('arn:a')).toBe(a);
    expect(channels.get$('arn:a', undefined)).toBe(a);
    expect(channels.get$('arn:b')).not.toBe(a);
    expect(peekOf(a)).toBeUndefined();
    const r1 = record(a);
    const r2 = record(a);
    expect(ws.last().of('watch')).toHaveLength(1);
    ws.last().receive({ t: 'value', id: 'w1', seq: 1, value: entry('one') });
    expect(peekOf(a)).toBe(r1.values[0]);
    const r3 = record(a);
    expect(r3.values).toEqual([entry('one')]);
    expect(r1.values).toEqual(r2.values);
    client.dispose();
  });

  it('keeps the watch gcTime after the last unsubscribe, then unwatches; a return within gcTime keeps it', async () => {
    const { ws, client, channels } = setup();
    await vi.advanceTimersByTimeAsync(0);
    const s = ws.last();
    s.welcome();
    const a = channels.get$('arn:a');
    record(a).unsubscribe();
    await vi.advanceTimersByTimeAsync(900);
    const again = record(a);
    await vi.advanceTimersByTimeAsync(5000);
    expect(s.of('unwatch')).toEqual([]);
    again.unsubscribe();
    await vi.advanceTimersByTimeAsync(999);
    expect(s.of('unwatch')).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.of('unwatch')).toEqual([{ v: 1, t: 'unwatch', id: 'w1' }]);
    // Collected: the next call is a new query, and a new watch.
    expect(channels.get$('arn:a')).not.toBe(a);
    record(channels.get$('arn:a'));
    expect(s.of('watch').map((w) => w.id)).toEqual(['w1', 'w2']);
    client.dispose();
  });

  it("ends an Entry query with an error entry keeping the last data, and a plain one with the Observable's error", async () => {
    const { ws, client, channels, streams } = setup();
    await vi.advanceTimersByTimeAsync(0);
    const s = ws.last();
    s.welcome();
    const e = record(channels.get$('arn:a'));
    const h = record(streams.health$('arn:a'));
    s.receive({ t: 'value', id: 'w1', seq: 1, value: entry({ name: 'kept' }) });
    s.receive({ t: 'value', id: 'w2', seq: 2, value: { state: 'LIVE' } });
    const denied = encode(new IvsStoreError({ kind: 'access', message: 'not yours' }));
    s.receive({ t: 'error', id: 'w1', seq: 3, error: denied });
    s.receive({ t: 'error', id: 'w2', seq: 4, error: denied });
    expect(e.values.at(-1)).toMatchObject({ status: 'error', data: { name: 'kept' }, error: { kind: 'access' } });
    expect(e.complete).toBe(true);
    expect(e.error).toBeUndefined();
    expect(h.values).toEqual([{ state: 'LIVE' }]);
    expect(h.error).toMatchObject({ kind: 'access', message: 'not yours' });
    // Ended by the relay: nothing to unwatch; the next call watches again.
    await vi.advanceTimersByTimeAsync(5000);
    expect(s.of('unwatch')).toEqual([]);
    record(channels.get$('arn:a'));
    expect(s.of('watch')).toHaveLength(3);
    client.dispose();
  });

  it('pages$: each entry gets one stable fetchNextPage that sends next-page and resolves on its result, never rejecting', async () => {
    const { ws, client, channels } = setup();
    await vi.advanceTimersByTimeAsync(0);
    const s = ws.last();
    s.welcome();
    const r = record(channels.pages$(undefined, { pageSize: 10 }));
    expect(s.of('watch')[0]).toMatchObject({ method: 'pages$', args: [{ $ivsStore: 'undefined' }, { pageSize: 10 }] });
    // JSON would have made the left-out filter null, which the relay's store refuses; decoded, it is undefined again.
    expect(decode(JSON.parse(JSON.stringify(s.of('watch')[0]!.args)))).toEqual([undefined, { pageSize: 10 }]);
    const page = (items: string[]) => ({ ...entry({ items }), hasNextPage: true, fetchingNextPage: false });
    s.receive({ t: 'value', id: 'w1', seq: 1, value: page(['a']) });
    s.receive({ t: 'value', id: 'w1', seq: 2, value: page(['a', 'b']) });
    const [e1, e2] = r.values as Array<{ fetchNextPage(): Promise<void> }>;
    expect(typeof e1!.fetchNextPage).toBe('function');
    expect(e2!.fetchNextPage).toBe(e1!.fetchNextPage);
    const first = e2!.fetchNextPage();
    expect(e2!.fetchNextPage()).toBe(first);
    expect(s.of('next-page')).toEqual([{ v: 1, t: 'next-page', id: 'w1', call: 'c2' }]);
    s.receive({
      t: 'result',
      id: 'c2',
      ok: false,
      value: encode(new IvsStoreError({ kind: 'throttled', message: 'x' })),
    });
    await expect(first).resolves.toBeUndefined();
    client.dispose();
  });
});

describe('relay client: arguments that cannot cross, and setData', () => {
  it('refuses functions before sending anything, naming the argument', async () => {
    const { ws, client, channels, streams } = setup();
    await vi.advanceTimersByTimeAsync(0);
    const s = ws.last();
    s.welcome();
    const sent = s.sent.length;
    await expect(channels.invalidate(() => true)).rejects.toMatchObject({ kind: 'validation', field: 'args[0]' });
    const e = record(channels.list$({ f: () => 1 }));
    expect(e.values).toEqual([
      expect.objectContaining({ status: 'error', error: expect.objectContaining({ field: 'args[0].f' }) }),
    ]);
    expect(e.complete).toBe(true);
    const h = record(streams.health$('arn', { select: () => 1 }));
    expect(h.error).toMatchObject({ kind: 'validation', field: 'args[1].select' });
    await expect(channels.setData('arn', () => undefined)).rejects.toMatchObject({
      kind: 'unsupported',
      message: expect.stringMatching(/relay mode.*the cache is the relay's/),
    });
    expect(s.sent.length).toBe(sent);
    client.dispose();
  });
});

describe('relay client: lost sockets', () => {
  it('a call sent on a socket that dropped rejects as maybe done and is never sent again; unsent calls wait', async () => {
    const { ws, client, channels } = setup();
    await vi.advanceTimersByTimeAsync(0);
    ws.last().welcome();
    const p = channels.delete('arn:a');
    p.catch(() => undefined); // rejected as the socket drops, checked after it
    ws.last().drop();
    await expect(p).rejects.toMatchObject({
      kind: 'network',
      message: expect.stringMatching(/may or may not have been done/),
    });
    const q = channels.create({ name: 'later' });
    await vi.advanceTimersByTimeAsync(250);
    const s2 = ws.last();
    expect(ws.sockets).toHaveLength(2);
    s2.welcome('s1', true);
    expect(s2.of('call')).toEqual([
      { v: 1, t: 'call', id: 'c2', resource: 'channels', method: 'create', args: [{ name: 'later' }] },
    ]);
    s2.receive({ t: 'result', id: 'c2', ok: true, value: 'ok' });
    await expect(q).resolves.toBe('ok');
    client.dispose();
  });

  it('resumes with the last seq; resumed, it re-sends nothing but what changed while away', async () => {
    const { ws, client, channels } = setup();
    await vi.advanceTimersByTimeAsync(0);
    const s1 = ws.last();
    s1.welcome('sess');
    const a = record(channels.get$('arn:a'));
    const b = record(channels.get$('arn:b'));
    s1.receive({ t: 'value', id: 'w1', seq: 7, value: entry('a1') });
    s1.drop();
    b.unsubscribe();
    await vi.advanceTimersByTimeAsync(1000); // b's gcTime: unwatched while away
    const c = record(channels.get$('arn:c'));
    await vi.advanceTimersByTimeAsync(250);
    const s2 = ws.last();
    expect(s2.welcome('sess', true)).toEqual({ v: 1, t: 'hello', token: 'tok', resume: { session: 'sess', seq: 7 } });
    expect(s2.sent.slice(1).map((m) => [m.t, m.id])).toEqual([
      ['unwatch', 'w2'],
      ['watch', 'w3'],
    ]);
    // The relay replays what was missed; a replayed duplicate is dropped.
    s2.receive({ t: 'value', id: 'w1', seq: 7, value: entry('dup') });
    s2.receive({ t: 'value', id: 'w1', seq: 8, value: entry('a2') });
    expect(a.values).toEqual([entry('a1'), entry('a2')]);
    expect(c.values).toEqual([]);
    const m = record(client.metrics$);
    expect(m.values.at(-1)).toMatchObject({
      relay: { status: 'open', reconnects: 1, resumed: 1, lastClose: { code: 1006 } },
    });
    client.dispose();
  });

  it('not resumed: every live watch is sent again, and the snapshot shows no loading flash', async () => {
    const { ws, client, channels } = setup();
    await vi.advanceTimersByTimeAsync(0);
    ws.last().welcome('old');
    const a = record(channels.get$('arn:a'));
    ws.last().receive({ t: 'value', id: 'w1', seq: 1, value: entry('a1') });
    ws.last().drop(1001, 'relay restarting');
    await vi.advanceTimersByTimeAsync(250);
    ws.last().welcome('new', false);
    expect(ws.last().of('watch')).toEqual([
      { v: 1, t: 'watch', id: 'w1', resource: 'channels', method: 'get$', args: ['arn:a'] },
    ]);
    ws.last().receive({ t: 'value', id: 'w1', seq: 1, value: entry(undefined, 'loading') });
    ws.last().receive({ t: 'value', id: 'w1', seq: 2, value: entry('a2') });
    expect(a.values).toEqual([entry('a1'), entry('a2')]);
    client.dispose();
  });

  it('not resumed: a plain value watched again that has not changed is not emitted again', async () => {
    const { ws, client, streams } = setup();
    await vi.advanceTimersByTimeAsync(0);
    ws.last().welcome('old');
    const h = record(streams.health$('arn:a'));
    ws.last().receive({ t: 'value', id: 'w1', seq: 1, value: { state: 'LIVE', viewerCount: 3 } });
    ws.last().drop();
    await vi.advanceTimersByTimeAsync(250);
    ws.last().welcome('new', false);
    ws.last().receive({ t: 'value', id: 'w1', seq: 1, value: { state: 'LIVE', viewerCount: 3 } });
    ws.last().receive({ t: 'value', id: 'w1', seq: 2, value: { state: 'LIVE', viewerCount: 4 } });
    expect(h.values).toEqual([
      { state: 'LIVE', viewerCount: 3 },
      { state: 'LIVE', viewerCount: 4 },
    ]);
    client.dispose();
  });

  it('backs off doubling up to maxDelay, with jitter, and resets once welcomed', async () => {
    const { ws, client } = setup({ random: () => 1, initialDelay: 100, maxDelay: 1000 });
    await vi.advanceTimersByTimeAsync(0);
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const n = ws.sockets.length;
      ws.last().drop();
      let waited = 0;
      while (ws.sockets.length === n) {
        await vi.advanceTimersByTimeAsync(10);
        waited += 10;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([100, 200, 400, 800, 1000, 1000]);
    ws.last().welcome();
    ws.last().drop();
    await vi.advanceTimersByTimeAsync(100);
    expect(ws.sockets).toHaveLength(8);
    client.dispose();
  });

  it('reconnects at once when the device comes back online', async () => {
    const online$ = new Subject<boolean>();
    const { ws, client } = setup({ online$ });
    await vi.advanceTimersByTimeAsync(0);
    ws.last().drop();
    online$.next(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.sockets).toHaveLength(2);
    client.dispose();
  });
});

describe('relay client: refusals and dispose', () => {
  it(`asks the token again at each attempt; after ${MAX_REFUSALS} refusals in a row it stops, watches ending with access`, async () => {
    let n = 0;
    const token = vi.fn(() => `jwt-${++n}`);
    const { ws, client, channels, streams } = setup({ token });
    await vi.advanceTimersByTimeAsync(0);
    const e = record(channels.get$('arn:a'));
    const h = record(streams.health$('arn:a'));
    const m = record(client.metrics$);
    const call = channels.delete('arn:a');
    call.catch(() => undefined); // rejected during the loop, checked after it
    for (let i = 0; i < MAX_REFUSALS; i++) {
      ws.last().open();
      expect(ws.last().sent[0]).toMatchObject({ t: 'hello', token: `jwt-${i + 1}` });
      ws.last().drop(4401, 'bad token');
      await vi.advanceTimersByTimeAsync(30_000);
    }
    expect(ws.sockets).toHaveLength(MAX_REFUSALS);
    expect(e.values.at(-1)).toMatchObject({ status: 'error', error: { kind: 'access' } });
    expect(e.complete).toBe(true);
    expect(h.error).toMatchObject({ kind: 'access' });
    await expect(call).rejects.toMatchObject({ kind: 'access' });
    expect(m.values.at(-1)).toMatchObject({
      relay: { status: 'closed', lastClose: { code: 4401, reason: 'bad token' } },
    });
    // The token is no part of what the store shows.
    expect(JSON.stringify([m.values, e.values, h.error])).not.toMatch(/jwt-/);
    expect(vi.getTimerCount()).toBe(0);
    // Later queries and calls end the same way at once; a late metrics$ subscriber sees why.
    expect(record(channels.get$('arn:later')).values).toEqual([
      expect.objectContaining({ status: 'error', error: expect.objectContaining({ kind: 'access' }) }),
    ]);
    await expect(channels.create({ name: 'later' })).rejects.toMatchObject({ kind: 'access' });
    expect(record(client.metrics$).values).toEqual([
      expect.objectContaining({ relay: expect.objectContaining({ status: 'closed' }) }),
    ]);
    client.dispose();
  });

  it('dispose closes with 1001, rejects waiting calls as disposed, completes Observables and leaves no timer', async () => {
    const { ws, client, channels } = setup();
    await vi.advanceTimersByTimeAsync(0);
    ws.last().welcome();
    const kept = channels.get$('arn:kept');
    record(kept).unsubscribe();
    await vi.advanceTimersByTimeAsync(1000);
    const a = record(channels.get$('arn:a'));
    record(channels.get$('arn:b')).unsubscribe(); // waiting for its gcTime
    const m = record(client.metrics$);
    const p = channels.delete('arn:a');
    client.dispose();
    expect(ws.last().closedWith).toEqual({ code: 1001, reason: 'disposed' });
    await expect(p).rejects.toMatchObject({ kind: 'disposed' });
    expect(a.complete).toBe(true);
    expect(m.complete).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    await expect(channels.create({})).rejects.toMatchObject({ kind: 'disposed' });
    // Collected before dispose (unsubscribed for gcTime) but kept by someone, subscribed after it: it completes.
    expect(record(kept).complete).toBe(true);
    expect(record(channels.get$('arn:c')).complete).toBe(true);
  });

  it('metrics$: the relay store watch merged with the connection', async () => {
    const { ws, client } = setup();
    await vi.advanceTimersByTimeAsync(0);
    const m = record(client.metrics$);
    expect(m.values[0]).toMatchObject({ calls: {}, relay: { status: 'connecting', reconnects: 0 } });
    ws.last().welcome();
    expect(ws.last().of('watch')).toEqual([
      { v: 1, t: 'watch', id: 'w1', resource: 'store', method: 'metrics$', args: [] },
    ]);
    ws.last().receive({ t: 'value', id: 'w1', seq: 1, value: { calls: { ListStreams: 3 }, polling: {} } });
    expect(m.values.at(-1)).toMatchObject({ calls: { ListStreams: 3 }, relay: { status: 'open' } });
    client.dispose();
  });
});
