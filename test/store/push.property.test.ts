/**
 * Push under best-effort delivery, against the simulator over HTTP with the real clients:
 * events dropped, duplicated, delayed and reordered as fast-check draws, streams moving as it
 * draws. Two properties, whatever the draw: (1) after the moves stop, every watched stream
 * equals the world within one safety interval (plus a read); (2) no stream ever shows an
 * older state than one it showed: never a stream id that a newer one replaced, never again a
 * stream that had ended before the store showed it offline. On failure fast-check prints
 * `{ seed, path }`; replay with `FC_SEED=<seed> FC_PATH=<path>` (real time: close, not exact).
 */
import { IvsClient } from '@aws-sdk/client-ivs';
import fc from 'fast-check';
import { merge, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createIvsStore, type Entry, type StreamState } from '../../src/index.js';
import { startIvsSimulator } from '../../src/simulator/index.js';
import { sleep } from '../support/world.js';

const SAFETY_MS = 700;
const CHANNELS = 3;

type Move = { channel: number; kind: 'live' | 'offline' | 'starve' | 'heal'; gapMs: number };
const moves: fc.Arbitrary<Move[]> = fc.array(
  fc.record({
    channel: fc.integer({ min: 0, max: CHANNELS - 1 }),
    kind: fc.constantFrom('live' as const, 'offline' as const, 'starve' as const, 'heal' as const),
    gapMs: fc.integer({ min: 0, max: 120 }),
  }),
  { minLength: 4, maxLength: 24 },
);
const faults = fc.record({
  dropRate: fc.double({ min: 0, max: 0.4, noNaN: true }),
  duplicateRate: fc.double({ min: 0, max: 0.4, noNaN: true }),
  reorderWindowMs: fc.integer({ min: 0, max: 400 }),
});

const replay =
  process.env.FC_SEED !== undefined ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {};

describe('push under dropped, duplicated and reordered events', () => {
  it('converges to the world within a safety interval, and never shows an older state than it showed', async () => {
    await fc.assert(
      fc.asyncProperty(moves, faults, async (list, delivery) => {
        const sim = await startIvsSimulator({ events: { faults: delivery } });
        const ivs = new IvsClient({
          endpoint: sim.endpoint,
          region: sim.region,
          credentials: sim.credentials,
          maxAttempts: 1,
        });
        const store = createIvsStore({
          ivs,
          // While the feed is healthy, streams poll every SAFETY_MS instead: the safety net under the events.
          refetchInterval: 200,
          events: {
            source: merge(of('heartbeat'), sim.control.events$),
            safetyInterval: SAFETY_MS,
            quietAfter: 60_000,
          },
        });
        const arns = Array.from({ length: CHANNELS }, (_, i) => sim.control.ivs.createChannel({ name: `c${i}` }).arn);
        /** The world's streams: when each started and ended, by stream id. */
        const started = new Map<string, number>();
        const ended = new Map<string, number>();
        const liveNow = new Map<string, string>();
        const shown = arns.map(() => [] as Array<{ at: number; entry: Entry<StreamState> }>);
        const subs = arns.map((arn, i) =>
          store.streams.get$(arn).subscribe((entry) => shown[i]!.push({ at: Date.now(), entry })),
        );
        const problems: string[] = [];
        try {
          await sleep(150);
          for (const m of list) {
            const arn = arns[m.channel]!;
            const live = liveNow.get(arn);
            if (m.kind === 'live' && !live) {
              const { streamId } = sim.control.ivs.goLive(arn, { health: 'HEALTHY' });
              started.set(streamId, Date.now());
              liveNow.set(arn, streamId);
            } else if (m.kind === 'offline' && live) {
              sim.control.ivs.goOffline(arn);
              ended.set(live, Date.now());
              liveNow.delete(arn);
            } else if (live && m.kind !== 'live' && m.kind !== 'offline') {
              sim.control.ivs.setHealth(arn, m.kind === 'starve' ? 'STARVING' : 'HEALTHY');
            }
            await sleep(m.gapMs);
          }
          // One safety interval, the reorder window and a read's time.
          await sleep(SAFETY_MS + delivery.reorderWindowMs + 600);
          arns.forEach((arn, i) => {
            const last = shown[i]!.at(-1)?.entry.data;
            const world = sim.control.ivs.liveChannelArns().includes(arn) ? liveNow.get(arn) : undefined;
            if (last?.state !== (world ? 'LIVE' : 'OFFLINE') || last?.streamId !== world)
              problems.push(
                `channel ${i}: shows ${last?.state} ${last?.streamId ?? ''}, the world ${world ?? 'OFFLINE'}`,
              );
          });
          shown.forEach((history, i) => {
            let newest: string | undefined;
            let offlineAt: number | undefined;
            for (const { at, entry } of history) {
              const s = entry.data;
              if (!s) continue;
              if (s.state === 'OFFLINE') offlineAt = at;
              else if (s.streamId) {
                if (newest && started.get(s.streamId)! < started.get(newest)!)
                  problems.push(`channel ${i}: ${s.streamId} shown again after the newer ${newest}`);
                const end = ended.get(s.streamId);
                if (offlineAt !== undefined && end !== undefined && end < offlineAt)
                  problems.push(`channel ${i}: ${s.streamId} shown live after it ended and was shown offline`);
                if (!newest || started.get(s.streamId)! > started.get(newest)!) newest = s.streamId;
              }
            }
          });
        } finally {
          for (const s of subs) s.unsubscribe();
          store.dispose();
          ivs.destroy();
          await sim.stop();
        }
        expect(problems).toEqual([]);
      }),
      {
        numRuns: Number(process.env.FC_RUNS ?? 8),
        interruptAfterTimeLimit: Number(process.env.FC_TIME ?? 40_000),
        markInterruptAsFailure: false,
        ...replay,
      },
    );
  }, 90_000);
});
