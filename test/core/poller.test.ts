import { BehaviorSubject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MetricsRecorder } from '../../src/core/metrics.js';
import { Poller } from '../../src/core/poller.js';

describe('Poller', () => {
  let active$: BehaviorSubject<boolean>;
  let calls: Array<{ at: number; keys: string[]; reason: string }>;
  let failing: Set<string>;
  const make = (extra: Partial<ConstructorParameters<typeof Poller>[0]> = {}) =>
    new Poller({
      kind: 'channels',
      active$,
      graceMs: 1000,
      refresh: async (keys, reason) => {
        calls.push({ at: Date.now(), keys: [...keys].sort(), reason });
        return new Set(keys.filter((k) => failing.has(k)));
      },
      ...extra,
    });

  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    active$ = new BehaviorSubject(true);
    calls = [];
    failing = new Set();
  });
  afterEach(() => vi.useRealTimers());

  it('uses one timer for thousands of watchers, polling each key at the lowest interval asked', async () => {
    const p = make();
    const watchers = Array.from({ length: 5000 }, (_, i) => [`k${i % 3000}`, i < 3000 ? 10_000 : 5_000] as const);
    // 3000 keys watched at 10 s; 2000 of them also at 5 s by a second widget.
    for (const [k, ms] of watchers) p.add(k, ms);
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    expect(p.intervalOf('k0')).toBe(5_000);
    expect(p.intervalOf('k2999')).toBe(10_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls.map((c) => c.keys.length)).toEqual([2000]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls.map((c) => c.keys.length)).toEqual([2000, 3000]);
    expect(vi.getTimerCount()).toBe(1);
    for (const [k, ms] of watchers) p.remove(k, ms);
    p.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('add/remove: each watcher counts once at its own interval; the lowest left rules; a wrong remove changes nothing', async () => {
    const p = make();
    p.add('k', 300);
    p.add('k', 100);
    p.add('k', 200);
    expect(p.intervalOf('k')).toBe(100);
    p.remove('k', 999); // nobody watches at that interval
    p.remove('k', 100);
    expect(p.intervalOf('k')).toBe(200);
    p.remove('k', 200);
    expect(p.intervalOf('k')).toBe(300);
    expect(p.peek().size).toBe(1);
    p.remove('k', 100); // already gone
    expect(p.peek().size).toBe(1);
    p.remove('k', 300);
    expect(p.peek().size).toBe(0);
    p.remove('k', 300); // more removes than adds: nothing
    p.add('k', 50);
    expect([p.intervalOf('k'), p.peek().size]).toEqual([50, 1]);
    p.dispose();
  });

  it('refreshes keys that fall due close together in one call', async () => {
    const p = make();
    p.add('a', 4_000);
    await vi.advanceTimersByTimeAsync(500);
    p.add('b', 4_000);
    await vi.advanceTimersByTimeAsync(3_500);
    expect(calls.map((c) => [c.at, c.keys])).toEqual([[4_000, ['a', 'b']]]);
    p.dispose();
  });

  it('stops polling a released key after the grace, but keeps its rhythm if re-watched within it', async () => {
    const p = make();
    p.add('a', 2_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toHaveLength(1);
    p.remove('a', 2_000);
    await vi.advanceTimersByTimeAsync(500);
    p.add('a', 2_000);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(calls.map((c) => c.at)).toEqual([2_000, 4_000]);
    p.remove('a', 2_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls.map((c) => c.at)).toEqual([2_000, 4_000]);
    expect(vi.getTimerCount()).toBe(0);
    expect(p.peek().size).toBe(0);
    p.dispose();
  });

  it('pauses while inactive and refreshes every watched key once on return', async () => {
    const p = make();
    p.add('a', 1_000);
    p.add('b', 1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    active$.next(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
    active$.next(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls[1]).toEqual({ at: 11_000, keys: ['a', 'b'], reason: 'resume' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls.map((c) => c.reason)).toEqual(['poll', 'resume', 'poll']);
    p.dispose();
  });

  it('backs a failing key off exponentially and recovers on success', async () => {
    const p = make({ maxBackoffSteps: 3 });
    p.add('bad', 1_000);
    failing.add('bad');
    await vi.advanceTimersByTimeAsync(1_000); // fails: next in 2 s
    expect(p.intervalOf('bad')).toBe(2_000);
    await vi.advanceTimersByTimeAsync(2_000); // fails: next in 4 s
    await vi.advanceTimersByTimeAsync(4_000); // fails: next in 8 s (cap)
    await vi.advanceTimersByTimeAsync(8_000);
    expect(calls.map((c) => c.at)).toEqual([1_000, 3_000, 7_000, 15_000]);
    expect(p.intervalOf('bad')).toBe(8_000);
    failing.clear();
    await vi.advanceTimersByTimeAsync(8_000);
    expect(p.intervalOf('bad')).toBe(1_000);
    p.dispose();
  });

  it('aborts a refresh still under way once none of its keys is watched (after the grace)', async () => {
    const signals: AbortSignal[] = [];
    const p = new Poller({
      kind: 'slow',
      active$,
      graceMs: 500,
      refresh: (_keys, _reason, signal) => {
        signals.push(signal);
        return new Promise((resolve) => signal.addEventListener('abort', () => resolve(new Set())));
      },
    });
    p.add('a', 1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(signals).toHaveLength(1);
    p.remove('a', 1_000);
    await vi.advanceTimersByTimeAsync(499);
    expect(signals[0]?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(signals[0]?.aborted).toBe(true);
    p.dispose();
  });

  it('reports requested and effective (quota-stretched) intervals in metrics', async () => {
    const metrics = new MetricsRecorder();
    let delay = 0;
    const p = make({ metrics, quotaDelay: () => delay });
    p.add('a', 5_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(metrics.snapshot.polling.channels).toEqual({ requestedMs: 5_000, effectiveMs: 5_000, watched: 1 });
    delay = 3_000;
    p.add('b', 5_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(metrics.snapshot.polling.channels).toEqual({ requestedMs: 5_000, effectiveMs: 8_000, watched: 2 });
    p.remove('a', 5_000);
    p.dispose();
    expect(metrics.snapshot.polling.channels).toBeUndefined();
    expect(() => make().add('x', 0)).toThrow(/refetchInterval must be a positive number/);
  });
});
