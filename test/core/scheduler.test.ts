import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuotaScheduler } from '../../src/core/scheduler.js';

describe('QuotaScheduler', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  const recorder = () => {
    const starts: Array<[string, number]> = [];
    const task = (label: string) => () => {
      starts.push([label, Date.now()]);
      return Promise.resolve(label);
    };
    return { starts, task };
  };

  it('never admits more than tps calls in any sliding second, however many are queued', async () => {
    const s = new QuotaScheduler({ GetChannel: 5 });
    const { starts, task } = recorder();
    const all = Promise.all(Array.from({ length: 23 }, (_, i) => s.run('GetChannel', 'background', task(`c${i}`))));
    await vi.advanceTimersByTimeAsync(5_000);
    expect((await all).length).toBe(23);
    const times = starts.map(([, t]) => t);
    for (const t of times) expect(times.filter((x) => x >= t && x < t + 1000).length).toBeLessThanOrEqual(5);
    expect(times.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(Math.max(...times)).toBeLessThan(5_000);
    expect(starts.map(([l]) => l)).toEqual(Array.from({ length: 23 }, (_, i) => `c${i}`));
  });

  it('serves user calls before background polls waiting in the same group', async () => {
    const s = new QuotaScheduler({ ListStreams: 2 });
    const { starts, task } = recorder();
    const jobs = [
      s.run('ListStreams', 'background', task('poll1')),
      s.run('ListStreams', 'background', task('poll2')),
      s.run('ListStreams', 'background', task('poll3')),
      s.run('ListStreams', 'background', task('poll4')),
    ];
    jobs.push(s.run('ListStreams', 'user', task('click')));
    await vi.advanceTimersByTimeAsync(3_000);
    await Promise.all(jobs);
    expect(starts.map(([l]) => l)).toEqual(['poll1', 'poll2', 'click', 'poll3', 'poll4']);
  });

  it('keeps groups independent and reports the wait a new background call would have', async () => {
    const s = new QuotaScheduler({ A: 1, B: 10 });
    const { task } = recorder();
    void s.run('A', 'background', task('a1'));
    void s.run('A', 'background', task('a2'));
    void s.run('A', 'background', task('a3'));
    expect(s.delayFor('B')).toBe(0);
    expect(s.delayFor('A')).toBe(3150); // behind a2 and a3, one window (1 s + 50 ms guard) each
    expect(s.stats().A).toEqual({ queued: 2, recent: 1, tps: 1 });
    await vi.advanceTimersByTimeAsync(2_200);
    expect(s.delayFor('A')).toBeLessThanOrEqual(1050);
    expect(s.stats().A?.queued).toBe(0);
  });

  it('drops a queued call whose signal aborts; dispose rejects the rest and leaves no timer', async () => {
    const s = new QuotaScheduler({ A: 1 });
    const { starts, task } = recorder();
    await s.run('A', 'user', task('first'));
    const c = new AbortController();
    const aborted = s.run('A', 'user', task('aborted'), c.signal);
    const waiting = s.run('A', 'user', task('waiting'));
    c.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    s.dispose();
    await expect(waiting).rejects.toThrow(/disposed/);
    expect(vi.getTimerCount()).toBe(0);
    expect(starts.map(([l]) => l)).toEqual(['first']);
    await expect(s.run('A', 'user', task('late'))).rejects.toThrow(/disposed/);
    await expect(new QuotaScheduler({}).run('Nope', 'user', task('x'))).rejects.toThrow(/No quota group 'Nope'/);
    expect(() => new QuotaScheduler({ Bad: 0 })).toThrow(/quotas.Bad must be a positive number/);
  });

  it('gives a group not listed the quota quotaOf names, on first use; listed quotas win', async () => {
    const asked: string[] = [];
    const { task } = recorder();
    const s = new QuotaScheduler({ Listed: 1 }, (group) => {
      asked.push(group);
      return group === 'Slow' ? 2 : 5;
    });
    expect(asked).toEqual([]);
    await Promise.all([
      s.run('Slow', 'user', task('a')),
      s.run('Slow', 'user', task('b')),
      s.run('Listed', 'user', task('c')),
    ]);
    const third = s.run('Slow', 'user', task('c'));
    expect(s.stats()).toMatchObject({ Slow: { tps: 2, recent: 2, queued: 1 }, Listed: { tps: 1, recent: 1 } });
    expect(asked).toEqual(['Slow']);
    s.dispose();
    await expect(third).rejects.toThrow(/disposed/);
  });
});
