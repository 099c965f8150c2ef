import { BehaviorSubject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MetricsRecorder } from '../../src/core/metrics.js';
import { Poller } from '../../src/core/poller.js';
import { deferred } from '../query/context.js';

describe('Poller.confirm and Poller.stretch (what an event feed asks of polling)', () => {
  let active$: BehaviorSubject<boolean>;
  let calls: Array<{ at: number; keys: string[]; reason: string }>;
  /** When set, refreshes wait for it (to hold a read in flight). */
  let gate: Promise<void> | undefined;
  const make = (extra: Partial<ConstructorParameters<typeof Poller>[0]> = {}) =>
    new Poller({
      kind: 'streams',
      active$,
      graceMs: 1000,
      refresh: async (keys, reason) => {
        calls.push({ at: Date.now(), keys: [...keys].sort(), reason });
        await gate;
        return new Set<string>();
      },
      ...extra,
    });
  const brief = () => calls.map((c) => [c.at, c.keys.join(','), c.reason]);

  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    active$ = new BehaviorSubject(true);
    calls = [];
    gate = undefined;
  });
  afterEach(() => vi.useRealTimers());

  describe('confirm', () => {
    it('reads confirmed keys at the next tick in one call, with the keys due within the align window', async () => {
      const p = make();
      p.add('a', 10_000);
      p.add('b', 10_000);
      await vi.advanceTimersByTimeAsync(3_000);
      p.add('c', 10_000); // due at 13 000
      await vi.advanceTimersByTimeAsync(5_000);
      expect(calls).toEqual([]);
      // At 8 000: b is due at 10 000, within a quarter of its interval; c is not.
      expect(p.confirm(['a'])).toBe(true);
      await vi.advanceTimersByTimeAsync(0);
      expect(brief()).toEqual([[8_000, 'a,b', 'poll']]);
      // Their rhythm restarts from that read; c keeps its own.
      await vi.advanceTimersByTimeAsync(5_000);
      expect(brief()).toEqual([
        [8_000, 'a,b', 'poll'],
        [13_000, 'c', 'poll'],
      ]);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(brief().at(-1)).toEqual([18_000, 'a,b', 'poll']);
      p.dispose();
    });

    it('a confirm from a later moment waits for it: a read sent sooner might not show the change', async () => {
      const p = make();
      p.add('a', 60_000);
      await vi.advanceTimersByTimeAsync(1_000);
      // The change happened by 1 800 at the latest (an event's time written to the second).
      expect(p.confirm(['a'], 1_800)).toBe(true);
      await vi.advanceTimersByTimeAsync(700);
      expect(calls).toEqual([]);
      await vi.advanceTimersByTimeAsync(100);
      expect(brief()).toEqual([[1_800, 'a', 'poll']]);
      p.dispose();
    });

    it("a poll falling due before a confirm's moment waits for it: one read serves both", async () => {
      const p = make();
      p.add('a', 1_000);
      await vi.advanceTimersByTimeAsync(500);
      p.confirm(['a'], 1_200);
      await vi.advanceTimersByTimeAsync(1_000);
      // A poll at 1 000 would not count for the confirm; one at 1 200 counts for both.
      expect(brief()).toEqual([[1_200, 'a', 'poll']]);
      p.dispose();
    });

    it('a read already out when the confirm comes is followed by another once it lands', async () => {
      const p = make();
      p.add('a', 1_000);
      let release: () => void = () => undefined;
      gate = new Promise<void>((r) => {
        release = r;
      });
      await vi.advanceTimersByTimeAsync(1_000);
      expect(brief()).toEqual([[1_000, 'a', 'poll']]);
      p.confirm(['a']);
      gate = undefined;
      await vi.advanceTimersByTimeAsync(300);
      release();
      await vi.advanceTimersByTimeAsync(0);
      expect(brief()).toEqual([
        [1_000, 'a', 'poll'],
        [1_300, 'a', 'poll'],
      ]);
      p.dispose();
    });

    it('confirming the same key twice before the tick reads it once', async () => {
      const p = make();
      p.add('a', 60_000);
      await vi.advanceTimersByTimeAsync(1_000);
      p.confirm(['a']);
      p.confirm(['a', 'a']);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(brief()).toEqual([[1_000, 'a', 'poll']]);
      p.dispose();
    });

    it('leaves unknown and unwatched keys alone and says so', async () => {
      const p = make();
      p.add('gone', 60_000);
      p.remove('gone', 60_000); // in its grace: still known, nobody watches
      expect(p.confirm(['nobody', 'gone'])).toBe(false);
      expect(p.confirm([])).toBe(false);
      await vi.advanceTimersByTimeAsync(500);
      expect(calls).toEqual([]);
      p.add('a', 60_000);
      expect(p.confirm(['nobody', 'a', 'gone'])).toBe(true);
      await vi.advanceTimersByTimeAsync(0);
      expect(brief()).toEqual([[500, 'a', 'poll']]);
      p.dispose();
    });

    it('reads a key confirmed while its read is in flight once more after that read settles', async () => {
      const p = make();
      const held = deferred<void>();
      gate = held.promise;
      p.add('a', 1_000);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(brief()).toEqual([[1_000, 'a', 'poll']]);
      // The event came after that read was sent: it may not have seen it.
      expect(p.confirm(['a'])).toBe(true);
      await vi.advanceTimersByTimeAsync(400);
      expect(calls).toHaveLength(1);
      gate = undefined;
      held.resolve();
      await vi.advanceTimersByTimeAsync(0);
      expect(brief()).toEqual([
        [1_000, 'a', 'poll'],
        [1_400, 'a', 'poll'],
      ]);
      // Then back to its interval from there, not read a third time at once.
      await vi.advanceTimersByTimeAsync(999);
      expect(calls).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1);
      expect(brief().at(-1)).toEqual([2_400, 'a', 'poll']);
      p.dispose();
    });

    it('a key confirmed while paused is not read until polling resumes, then once', async () => {
      const p = make();
      p.add('a', 60_000);
      await vi.advanceTimersByTimeAsync(100);
      active$.next(false);
      expect(p.confirm(['a'])).toBe(true);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(calls).toEqual([]);
      active$.next(true);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(brief()).toEqual([[10_100, 'a', 'resume']]);
      p.dispose();
    });

    it('reads a confirmed key even while the kind is stretched', async () => {
      const p = make();
      p.add('a', 1_000);
      p.stretch(60_000);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(calls).toEqual([]);
      p.confirm(['a']);
      await vi.advanceTimersByTimeAsync(0);
      expect(brief()).toEqual([[5_000, 'a', 'poll']]);
      p.dispose();
    });
  });

  describe('stretch', () => {
    it('polls no sooner than the floor while set, and metrics show the floor as effective', async () => {
      const metrics = new MetricsRecorder();
      const p = make({ metrics });
      p.add('a', 1_000);
      p.stretch(5_000);
      await vi.advanceTimersByTimeAsync(0);
      expect(p.intervalOf('a')).toBe(5_000);
      expect(metrics.snapshot.polling.streams).toEqual({ requestedMs: 1_000, effectiveMs: 5_000, watched: 1 });
      await vi.advanceTimersByTimeAsync(4_999);
      expect(calls).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(brief()).toEqual([[5_000, 'a', 'poll']]);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(brief().map((c) => c[0])).toEqual([5_000, 10_000]);
      p.dispose();
    });

    it('leaves keys asking for more than the floor at their own interval', async () => {
      const p = make();
      p.add('slow', 20_000);
      p.stretch(5_000);
      await vi.advanceTimersByTimeAsync(0);
      expect(p.intervalOf('slow')).toBe(20_000);
      await vi.advanceTimersByTimeAsync(20_000);
      expect(brief()).toEqual([[20_000, 'slow', 'poll']]);
      p.dispose();
    });

    it('stretch(undefined) reads overdue keys at once, then polls at their own interval', async () => {
      const metrics = new MetricsRecorder();
      const p = make({ metrics });
      p.add('a', 1_000);
      p.add('b', 4_000);
      p.stretch(10_000);
      await vi.advanceTimersByTimeAsync(3_000);
      expect(calls).toEqual([]);
      p.stretch(undefined);
      await vi.advanceTimersByTimeAsync(0);
      // a is 2 s overdue; b is due at 4 000, within the align window of 3 000 (4 000 − 1 000).
      expect(brief()).toEqual([[3_000, 'a,b', 'poll']]);
      expect(p.intervalOf('a')).toBe(1_000);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(brief().at(-1)).toEqual([4_000, 'a', 'poll']);
      await vi.advanceTimersByTimeAsync(1_000);
      // Once a cycle at the own interval was seen, metrics show it again.
      expect(metrics.snapshot.polling.streams).toEqual({ requestedMs: 1_000, effectiveMs: 1_000, watched: 2 });
      p.dispose();
    });

    it('setting the same floor again changes nothing; dispose clears the metrics', async () => {
      const metrics = new MetricsRecorder();
      const p = make({ metrics });
      p.add('a', 1_000);
      p.stretch(3_000);
      await vi.advanceTimersByTimeAsync(2_000);
      p.stretch(3_000);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(brief()).toEqual([[3_000, 'a', 'poll']]);
      p.dispose();
      expect(metrics.snapshot.polling.streams).toBeUndefined();
    });

    it('a key that errs backs off from the floor', async () => {
      let fail = true;
      const p = make({
        refresh: async (keys, reason) => {
          calls.push({ at: Date.now(), keys: [...keys], reason });
          return new Set(fail ? keys : []);
        },
      });
      p.add('a', 1_000);
      p.stretch(2_000);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(calls).toHaveLength(1);
      expect(p.intervalOf('a')).toBe(4_000);
      fail = false;
      await vi.advanceTimersByTimeAsync(4_000);
      expect(brief().map((c) => c[0])).toEqual([2_000, 6_000]);
      expect(p.intervalOf('a')).toBe(2_000);
      p.dispose();
    });
  });
});
