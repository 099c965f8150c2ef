import { BehaviorSubject } from 'rxjs';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { Poller } from '../../src/core/poller.js';

beforeEach(() => vi.useFakeTimers({ now: 0 }));
afterEach(() => vi.useRealTimers());

/**
 * Two queries sharing one list read (live$ and the health sweep share ListStreams): the one
 * whose poll takes the other's completed read shows data as old as that read. Dated by it,
 * it comes due with the other's next read, so the two stay in phase and show fresh data.
 */
it('a poll answered by a read sent before it is next due an interval after that read', async () => {
  const polls: number[] = [];
  /** When the read answering the key was sent: 600 ms before each poll (another query's). */
  let answeredAt: number | undefined;
  const p = new Poller({
    kind: 'streams',
    active$: new BehaviorSubject(true),
    refresh: async () => {
      polls.push(Date.now());
      answeredAt = Date.now() - 600;
      return new Set<string>();
    },
    readAt: () => answeredAt,
  });
  p.add('live', 2000);
  await vi.advanceTimersByTimeAsync(2000);
  expect(polls).toEqual([2000]);
  // Not at 4000: an interval after the read it took (sent at 1400).
  await vi.advanceTimersByTimeAsync(1400);
  expect(polls).toEqual([2000, 3400]);
  p.dispose();
});

it('its own read (sent as the poll was, or later) dates it by its landing, as before', async () => {
  const polls: number[] = [];
  let answeredAt: number | undefined;
  const p = new Poller({
    kind: 'streams',
    active$: new BehaviorSubject(true),
    refresh: async () => {
      polls.push(Date.now());
      answeredAt = Date.now();
      await new Promise((r) => setTimeout(r, 100));
      return new Set<string>();
    },
    readAt: () => answeredAt,
  });
  p.add('live', 2000);
  await vi.advanceTimersByTimeAsync(2000);
  await vi.advanceTimersByTimeAsync(2000);
  // Landed at 2100: next due at 4100, not 4000.
  expect(polls).toEqual([2000]);
  await vi.advanceTimersByTimeAsync(100);
  expect(polls).toEqual([2000, 4100]);
  p.dispose();
});
