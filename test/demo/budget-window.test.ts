import { describe, expect, it } from 'vitest';
import { MetricsRecorder } from '../../src/core/metrics.js';
import type { StoreMetrics } from '../../src/index.js';
import {
  budgetOf,
  EMPTY_WINDOW,
  RECENT_WINDOW_S,
  type Reading,
  slide,
  type Window,
} from '../../demo/app/widgets/budget-window.js';

const base: StoreMetrics = {
  calls: {},
  errors: {},
  retries: 0,
  throttles: 0,
  keysRequested: 0,
  keysSent: 0,
  batches: 0,
  polling: {},
};
const quota = () => 5;

/**
 * The header's API budget, from one reading of `metrics$` a second: what it says about
 * batching must be true, and a throttling storm must leave it once it is over.
 */
describe('the API budget window', () => {
  it('reads the batches the store counts: one per batch sent, not per snapshot', () => {
    const recorder = new MetricsRecorder();
    const seen: Reading[] = [];
    recorder.metrics$.subscribe((r) => seen.push(r));
    recorder.batch(40, 40); // a BatchGetChannel of 40
    recorder.call('BatchGetChannel'); // its call
    recorder.batch(40, 40); // a ListStreams sweep for 40 badges
    expect(seen.map((r) => r.batches)).toEqual([0, 1, 1, 2]);
    expect(seen.at(-1)).toMatchObject({ keysRequested: 80, keysSent: 80 });
  });

  it('reports reads and the calls that carried them over the recent window', () => {
    // Every 2 s: one BatchGetChannel for 40 cards and one ListStreams for their 40 badges.
    const readings: Reading[] = [];
    for (let s = 0; s <= 30; s++) {
      const cycles = Math.floor(s / 2) + 1;
      readings.push({
        ...base,
        keysRequested: 80 * cycles,
        keysSent: 80 * cycles,
        calls: { BatchGetChannel: cycles, ListStreams: cycles },
        batches: 2 * cycles,
      });
    }
    const b = budgetOf(readings.slice(-(RECENT_WINDOW_S + 1)), quota);
    expect(b.recent).toMatchObject({ reads: 400, batches: 10 });
    expect(b.total).toMatchObject({ reads: 1280, batches: 32 });
    expect(b.callsPerSecond).toBeCloseTo(1, 0);
    // Right after the page opens the window holds what happened so far: the first batch.
    expect(budgetOf(readings.slice(0, 1), quota).recent).toMatchObject({ reads: 80, batches: 2 });
  });

  it('shows throttles while they happen and none once the window has slid past the storm', () => {
    const readings: Reading[] = [];
    let throttles = 0;
    for (let s = 0; s <= 40; s++) {
      if (s >= 5 && s < 15) throttles += 3; // a 10-second storm: the last throttles land by the reading at 14 s
      readings.push({ ...base, throttles, retries: throttles });
    }
    const at = (s: number) => budgetOf(readings.slice(0, s + 1).slice(-(RECENT_WINDOW_S + 1)), quota);
    expect(at(4).recent.throttles).toBe(0);
    expect(at(10).recent.throttles).toBeGreaterThan(0);
    expect(at(13 + RECENT_WINDOW_S).recent.throttles).toBe(3);
    expect(at(14 + RECENT_WINDOW_S).recent).toMatchObject({ throttles: 0, retries: 0 });
    expect(at(40).total).toMatchObject({ throttles: 30, retries: 30 });
  });

  it('names the operation closest to its own quota', () => {
    const quotas: Record<string, number> = { ListStreams: 5, BatchGetChannel: 5, ListParticipants: 2 };
    const readings: Reading[] = [0, 1, 2, 3, 4, 5].map((s) => ({
      ...base,
      calls: { ListStreams: 2 * s, ListParticipants: s },
    }));
    expect(budgetOf(readings, (op) => quotas[op] ?? 5).busiest).toEqual({
      operation: 'ListParticipants',
      perSecond: 1,
      quota: 2,
    });
  });

  describe('with tabs sharing one poller (metrics.tabs)', () => {
    const run = (readings: Reading[]) => readings.reduce<Window>(slide, EMPTY_WINDOW);
    const budget = (w: Window) => budgetOf(w.readings, quota, w.fromStart);
    /** A leader `calls` calls and `throttles` throttles into its life, `members` tabs. */
    const leader = (calls: number, throttles: number, members = 3): Reading => ({
      ...base,
      calls: { ListStreams: calls },
      throttles,
      tabs: { role: 'leader', members },
    });
    /** A follower shows its leader's figures. */
    const follower = (calls: number, throttles: number, members = 3): Reading => ({
      ...leader(calls, throttles),
      tabs: { role: 'follower', members },
    });

    it('keeps a window of readings while the figures come from one source', () => {
      const w = run(Array.from({ length: 30 }, (_, s) => leader(2 * s, 0)));
      expect(w.readings).toHaveLength(RECENT_WINDOW_S + 1);
      expect(w.fromStart).toBe(true);
      expect(budget(w).callsPerSecond).toBe(2);
    });

    it('starts over at a handover: the new leader counts from its own start, no negative rate', () => {
      // A follower shows the old leader's 400 calls and 7 throttles; the new leader (itself,
      // or another tab) has its own counters, from 0.
      const before = Array.from({ length: 12 }, (_, s) => follower(400 + 2 * s, 7));
      const after = Array.from({ length: 4 }, (_, s) => follower(3 * s, 0, 2));
      const w = run([...before, ...after]);
      expect(w.readings).toHaveLength(4);
      expect(w.fromStart).toBe(false);
      const b = budget(w);
      expect(b.callsPerSecond).toBe(3);
      expect(b.recent.throttles).toBe(0);
      // A counter that goes back starts over too, with no change of role or group.
      const back = run([leader(100, 5), leader(102, 5), leader(1, 0)]);
      expect(back.readings).toHaveLength(1);
      expect(budget(back)).toMatchObject({ callsPerSecond: 0, recent: { throttles: 0 } });
    });

    it("does not count a leader's history as a spike when a follower gets its first figures", () => {
      // Its own (empty) figures first, then the leader's: 500 calls, 4 throttles long ago.
      const own: Reading = { ...base, tabs: { role: 'follower', members: 1 } };
      const w = run([own, own, follower(500, 4), follower(502, 4), follower(504, 4)]);
      const b = budget(w);
      expect(b.callsPerSecond).toBe(2);
      expect(b.recent.throttles).toBe(0);
      expect(b.total.throttles).toBe(4);
    });
  });
});
