import { firstValueFrom, type Observable, toArray } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIvsStore, type RelayStoreOptions } from '../../src/index.js';
import { fakeWebSocket } from '../query/relay/fake-socket.js';

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

afterEach(() => vi.useRealTimers());

// What a relay-mode store must never load: the resources' code (and the AWS SDK with it).
const { loaded, chunk } = vi.hoisted(() => {
  const loaded: string[] = [];
  return {
    loaded,
    chunk: (name: string) => {
      loaded.push(name);
      return {};
    },
  };
});
vi.mock('../../src/store/chunks/channels.js', () => chunk('channels'));
vi.mock('../../src/store/chunks/streams.js', () => chunk('streams'));
vi.mock('../../src/store/chunks/ivs.js', () => chunk('ivs'));
vi.mock('../../src/realtime/index.js', () => chunk('realtime'));

describe('createIvsStore({ relay }): options', () => {
  const { WebSocket } = fakeWebSocket();
  const bad: Array<[string, unknown, RegExp]> = [
    ['no url', { relay: { WebSocket } }, /relay\.url must be a ws:\/\/ or wss:\/\/ URL, got undefined/],
    [
      'http url',
      { relay: { url: 'https://x', WebSocket } },
      /relay\.url must be a ws:\/\/ or wss:\/\/ URL, got "https:\/\/x"/,
    ],
    [
      'token a number',
      { relay: { url: 'ws://x', token: 42, WebSocket } },
      /relay\.token must be a string or a function/,
    ],
    ['relay not an object', { relay: 'ws://x' }, /relay must be an object/],
    [
      'ivs too',
      { relay: { url: 'ws://x', WebSocket }, ivs: { send() {} } },
      /ivs cannot be given with relay \(the relay reads\)/,
    ],
    ['tabs too', { relay: { url: 'ws://x', WebSocket }, tabs: true }, /tabs cannot be given with relay/],
    [
      'a bad delay',
      { relay: { url: 'ws://x', WebSocket, reconnect: { initialDelay: -1 } } },
      /relay\.reconnect\.initialDelay must be a positive number of ms, got -1/,
    ],
    [
      'max under initial',
      { relay: { url: 'ws://x', WebSocket, reconnect: { initialDelay: 5000, maxDelay: 100 } } },
      /maxDelay must be at least its initialDelay/,
    ],
    [
      'a bad gcTime',
      { relay: { url: 'ws://x', WebSocket }, gcTime: Number.NaN },
      /gcTime must be a non-negative number of ms/,
    ],
    [
      'no WebSocket here',
      { relay: { url: 'ws://x' } },
      /relay\.WebSocket must be a WebSocket class \(where there is no global one/,
    ],
  ];
  // Node 22 and browsers have a global WebSocket: that case is then not one.
  const here = bad.filter(([name]) => name !== 'no WebSocket here' || typeof globalThis.WebSocket !== 'function');
  it.each(here)('refuses %s with a TypeError saying what is wrong', (_name, options, message) => {
    expect(() => createIvsStore(options as RelayStoreOptions)).toThrow(TypeError);
    expect(() => createIvsStore(options as RelayStoreOptions)).toThrow(message);
  });

  it('never shows the token in an error', () => {
    expect(() => createIvsStore({ relay: { url: 'http://x', token: 'secret-jwt', WebSocket } })).not.toThrow(
      /secret-jwt/,
    );
  });
});

describe('createIvsStore({ relay }): the store over the relay', () => {
  it('needs no ivs client; every resource and metrics$ work through one socket, loaded as a chunk', async () => {
    const ws = fakeWebSocket();
    const store = createIvsStore({
      relay: { url: 'wss://relay.test/ivs', token: 't', WebSocket: ws.WebSocket },
      gcTime: 0,
    });
    const values: unknown[] = [];
    const sub = store.stages.get$('arn:stage').subscribe((e) => values.push(e));
    const metrics: unknown[] = [];
    store.metrics$.subscribe((m) => metrics.push(m));
    await until(() => ws.sockets.length === 1);
    const s = ws.last();
    expect(s.url).toBe('wss://relay.test/ivs');
    s.welcome();
    await until(() => s.of('watch').length === 2);
    const stage = s.of('watch').find((w) => w.resource === 'stages')!;
    expect(stage).toMatchObject({ method: 'get$', args: ['arn:stage'] });
    s.receive({
      t: 'value',
      id: stage.id,
      seq: 1,
      value: { status: 'success', data: { arn: 'arn:stage' }, fetching: false },
    });
    expect(values).toEqual([{ status: 'success', data: { arn: 'arn:stage' }, fetching: false }]);
    // Loaded: the same Observable for the same call, as the direct store gives.
    expect(store.stages.get$('arn:stage')).toBe(store.stages.get$('arn:stage'));
    expect(metrics.at(-1)).toMatchObject({ relay: { status: 'open', reconnects: 0, resumed: 0 } });
    sub.unsubscribe();
    expect(s.of('unwatch')).toEqual([{ v: 1, t: 'unwatch', id: stage.id }]);
    const created = store.channels.create({ name: 'x' });
    await until(() => s.of('call').length === 1);
    expect(s.of('call')).toMatchObject([{ resource: 'channels', method: 'create', args: [{ name: 'x' }] }]);
    s.receive({ t: 'result', id: s.of('call')[0]!.id, ok: true, value: { arn: 'arn:new' } });
    await expect(created).resolves.toEqual({ arn: 'arn:new' });
    // No resource code was loaded: every read and call went to the relay.
    expect(loaded).toEqual([]);
    const done = firstValueFrom(store.metrics$.pipe(toArray()));
    store.dispose();
    store.dispose();
    expect(s.closedWith).toEqual({ code: 1001, reason: 'disposed' });
    await expect(done).resolves.toBeInstanceOf(Array);
  });

  it('a store disposed before its relay code arrived never opens a socket; calls reject and Observables complete', async () => {
    const ws = fakeWebSocket();
    const store = createIvsStore({ relay: { url: 'ws://localhost:1', WebSocket: ws.WebSocket } });
    const call = store.channels.create({ name: 'x' });
    const entries = firstValueFrom((store.channels.list$() as Observable<unknown>).pipe(toArray()));
    const metrics = firstValueFrom(store.metrics$.pipe(toArray()));
    store.dispose();
    await expect(call).rejects.toMatchObject({ kind: 'disposed' });
    await expect(entries).resolves.toEqual([]);
    await expect(metrics).resolves.toEqual([]);
    await new Promise((r) => setTimeout(r, 20));
    expect(ws.sockets).toHaveLength(0);
  });

  it('(the check above can fail: a direct store loads the channels code as it starts)', async () => {
    const store = createIvsStore({ ivs: { send: vi.fn(), config: {} } as never, tabs: false });
    await until(() => loaded.includes('channels'));
    store.dispose();
    loaded.length = 0;
  });

  it('direct mode is unchanged: without relay, ivs is still required', () => {
    expect(() => createIvsStore({} as never)).toThrow(/ivs must be an IvsClient/);
  });
});
