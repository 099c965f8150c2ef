/**
 * A session under any interleaving of emissions, watch ends, a socket that fills and drains,
 * and dropped sockets resumed (losing what was in flight): the client sees every seq once,
 * in order, and ends with each watch's latest value (and its end). Only the ring's coverage
 * is assumed (these schedules stay within it). Replay one with FC_SEED / FC_PATH as in
 * test/store/races.property.test.ts.
 */
import fc from 'fast-check';
import type { WebSocket } from 'ws';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { LagSamples } from '../../src/relay/server/lag.js';
import { Session, type Watch } from '../../src/relay/server/session.js';

type Step =
  | { t: 'emit'; watch: number }
  | { t: 'end'; watch: number }
  | { t: 'unwatch'; watch: number }
  | { t: 'fill' }
  | { t: 'drain' }
  | { t: 'tick' }
  | { t: 'drop'; lost: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ t: fc.constant('emit' as const), watch: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('end' as const), watch: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('unwatch' as const), watch: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.constant({ t: 'fill' as const }) },
  { weight: 2, arbitrary: fc.constant({ t: 'drain' as const }) },
  { weight: 2, arbitrary: fc.constant({ t: 'tick' as const }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('drop' as const), lost: fc.nat(3) }) },
);

type Got = { t: string; id: string; seq: number; value?: { n: number } };

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const limits = {
  maxWatches: 10,
  maxMessageBytes: 1000,
  messagesPerSecond: 10,
  burst: 10,
  maxBufferedBytes: 100_000,
  resumeMs: 1000,
  helloTimeoutMs: 1000,
};

it('every seq arrives once, in order, and each watch ends on its latest value', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { maxLength: 80 }), async (steps) => {
      const s = new Session('p', '"p"', { limits, lag: new LagSamples(), changed: () => undefined });
      const got: Got[] = [];
      /** Messages on the wire, not yet received: a drop loses the last of them. */
      let wire: Got[] = [];
      let buffered = 0;
      const socket = () =>
        ({
          get bufferedAmount() {
            return buffered;
          },
          send: (text: string) => wire.push(JSON.parse(text) as Got),
        }) as unknown as WebSocket;
      const receive = () => {
        got.push(...wire);
        wire = [];
      };
      s.attach(socket());
      const watches: Watch[] = [0, 1, 2].map((i) => ({ id: `w${i}`, query: `q${i}`, secrets: false }));
      for (const w of watches) s.watches.set(w.id, w);
      const latest = new Map<string, number>();
      const ended = new Set<string>();
      /** Unwatched watches, and the last seq the session had given then: nothing of theirs after it. */
      const unwatched = new Map<string, number>();
      let n = 0;
      for (const x of steps) {
        const w = 'watch' in x ? (watches[x.watch] as Watch) : undefined;
        if (x.t === 'unwatch' && w && !ended.has(w.id) && !unwatched.has(w.id)) {
          unwatched.set(w.id, s.seq);
          s.forget(w.id);
        } else if (x.t === 'emit' && w && !ended.has(w.id) && !unwatched.has(w.id)) {
          latest.set(w.id, ++n);
          s.value(w, { n });
        } else if (x.t === 'end' && w && !ended.has(w.id) && !unwatched.has(w.id)) {
          ended.add(w.id);
          s.watches.delete(w.id);
          s.end(w.id);
        } else if (x.t === 'fill') buffered = 200_000;
        else if (x.t === 'drain') {
          buffered = 0;
          receive();
        } else if (x.t === 'tick') await vi.advanceTimersByTimeAsync(30);
        else if (x.t === 'drop') {
          wire = wire.slice(0, Math.max(0, wire.length - x.lost));
          receive();
          s.detach();
          const last = got.at(-1)?.seq ?? 0;
          expect(s.covers(last)).toBe(true);
          buffered = 0;
          s.attach(socket(), last);
        }
      }
      buffered = 0;
      await vi.advanceTimersByTimeAsync(30);
      receive();
      // Every seq once, in order, none missing.
      expect(got.map((m) => m.seq)).toEqual(got.map((_, i) => i + 1));
      for (const w of watches) {
        const mine = got.filter((m) => m.id === w.id);
        const gone = unwatched.get(w.id);
        if (gone !== undefined) {
          expect(mine.filter((m) => m.seq > gone)).toEqual([]);
          continue;
        }
        const values = mine.filter((m) => m.t === 'value');
        expect(values.at(-1)?.value?.n).toBe(latest.get(w.id));
        if (ended.has(w.id)) expect(mine.at(-1)?.t).toBe('complete');
        else expect(mine.some((m) => m.t === 'complete')).toBe(false);
        // Values of a watch only move forward.
        const ns = values.map((m) => m.value?.n ?? 0);
        expect(ns).toEqual([...ns].sort((a, b) => a - b));
      }
      s.drop();
    }),
    { numRuns: 200 },
  );
});
