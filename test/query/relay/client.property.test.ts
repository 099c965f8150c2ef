/**
 * Random interleavings of subscriptions, unsubscriptions, changes on the relay, lost sockets
 * and reconnections (resumed or not): every subscriber ends with the relay's latest value, and
 * once nobody holds a query for gcTime the relay holds no watch for it.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startRelayClient } from '../../../src/query/relay/client.js';
import type { ClientMessage, RelayMessage } from '../../../src/query/relay/protocol.js';
import { type FakeSocket, fakeWebSocket } from './fake-socket.js';

const KEYS = ['a', 'b', 'c'];
const GC = 100;

type Op =
  | { t: 'sub'; k: string }
  | { t: 'unsub'; i: number }
  | { t: 'change'; k: string }
  | { t: 'drop' }
  | { t: 'reconnect'; resume: boolean }
  | { t: 'tick'; ms: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('sub' as const), k: fc.constantFrom(...KEYS) }),
  fc.record({ t: fc.constant('unsub' as const), i: fc.nat(5) }),
  fc.record({ t: fc.constant('change' as const), k: fc.constantFrom(...KEYS) }),
  fc.record({ t: fc.constant('drop' as const) }),
  fc.record({ t: fc.constant('reconnect' as const), resume: fc.boolean() }),
  fc.record({ t: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 150 }) }),
);

type Out = DistributiveOmit<RelayMessage, 'v'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A relay the test plays: sessions that hold watches and log what they sent, for a resume to replay. */
function fakeRelay() {
  const world: Record<string, number> = Object.fromEntries(KEYS.map((k) => [k, 0]));
  const sessions = new Map<string, { watches: Map<string, string>; seq: number; log: Out[] }>();
  let current: string | undefined;
  let socket: FakeSocket | undefined;
  let live = false;
  let n = 0;
  const push = (s: string, m: Out) => {
    const session = sessions.get(s)!;
    const out = 'seq' in m ? { ...m, seq: ++session.seq } : m;
    if ('seq' in out) session.log.push(out);
    if (live && current === s) socket!.receive(out);
  };
  const value = (k: string) => ({
    status: 'success',
    data: world[k],
    error: undefined,
    updatedAt: world[k],
    fetching: false,
  });
  return {
    world,
    attach(s: FakeSocket, resumeAllowed: boolean) {
      socket = s;
      // As a relay does, a message is handled after the one before it is (its welcome and
      // replay written out): what the client sends while it reads them waits its turn.
      const queue: ClientMessage[] = [];
      let busy = false;
      s.onSend = (m: ClientMessage) => {
        queue.push(m);
        if (busy) return;
        busy = true;
        while (queue.length > 0) handle(queue.shift()!);
        busy = false;
      };
      const handle = (m: ClientMessage) => {
        if (m.t === 'hello') {
          const old = m.resume && sessions.get(m.resume.session);
          if (old && resumeAllowed) {
            live = true;
            s.receive({ t: 'welcome', session: current!, resumed: true });
            for (const o of old.log) if ('seq' in o && o.seq > m.resume!.seq) s.receive(o);
            return;
          }
          current = `s${++n}`;
          sessions.set(current, { watches: new Map(), seq: 0, log: [] });
          live = true;
          s.receive({ t: 'welcome', session: current, resumed: false });
        } else if (m.t === 'watch') {
          const k = m.args[0] as string;
          sessions.get(current!)!.watches.set(m.id, k);
          push(current!, { t: 'value', id: m.id, seq: 0, value: value(k) });
        } else if (m.t === 'unwatch') sessions.get(current!)!.watches.delete(m.id);
      };
    },
    change(k: string) {
      world[k]!++;
      if (!current) return;
      for (const [id, key] of sessions.get(current)!.watches)
        if (key === k) push(current, { t: 'value', id, seq: 0, value: value(k) });
    },
    lost() {
      live = false;
    },
    get live() {
      return live;
    },
    held: () => [...(sessions.get(current!)?.watches.values() ?? [])],
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('relay client: random interleavings', () => {
  it('never loses the latest value, and leaves no watch nobody holds after gcTime', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
        const ws = fakeWebSocket();
        const relay = fakeRelay();
        const client = startRelayClient({
          url: 'ws://relay.test',
          token: 't',
          WebSocket: ws.WebSocket,
          initialDelay: 10,
          maxDelay: 40,
          gcTime: GC,
          random: () => 0,
        });
        const api = client.resource('channels') as Record<
          'get$',
          (k: string) => { subscribe(f: (v: { data: number }) => void): { unsubscribe(): void } }
        >;
        const subs: Array<{ k: string; last: () => number | undefined; unsubscribe(): void }> = [];
        const connect = async (resume: boolean) => {
          await vi.advanceTimersByTimeAsync(40);
          const s = ws.last();
          if (s.readyState !== 0) return;
          relay.attach(s, resume);
          s.open();
        };
        await connect(true);
        for (const o of ops) {
          if (o.t === 'sub') {
            let last: number | undefined;
            const sub = api.get$(o.k).subscribe((v) => (last = v.data));
            subs.push({ k: o.k, last: () => last, unsubscribe: () => sub.unsubscribe() });
          } else if (o.t === 'unsub' && subs.length > 0) subs.splice(o.i % subs.length, 1)[0]!.unsubscribe();
          else if (o.t === 'change') relay.change(o.k);
          else if (o.t === 'drop' && relay.live) {
            relay.lost();
            ws.last().drop();
          } else if (o.t === 'reconnect' && !relay.live) await connect(o.resume);
          else if (o.t === 'tick') await vi.advanceTimersByTimeAsync(o.ms);
          if (relay.live) for (const s of subs) expect(s.last()).toBe(relay.world[s.k]);
        }
        if (!relay.live) await connect(false);
        for (const s of subs) expect(s.last()).toBe(relay.world[s.k]);
        for (const s of subs.splice(0)) s.unsubscribe();
        await vi.advanceTimersByTimeAsync(GC);
        expect(relay.held()).toEqual([]);
        client.dispose();
        expect(vi.getTimerCount()).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
});
