import { BehaviorSubject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Poller } from '../../src/core/poller.js';

/** `Poller.peek()`, what devtools shows as each entry's watchers and next poll. */
describe('Poller.peek', () => {
  let active$: BehaviorSubject<boolean>;
  let release: Array<() => void>;
  const make = () =>
    new Poller({
      kind: 'channels',
      active$,
      graceMs: 1000,
      // Each refresh stays out until the test lets it answer.
      refresh: () => new Promise((resolve) => release.push(() => resolve(new Set()))),
    });

  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    active$ = new BehaviorSubject(true);
    release = [];
  });
  afterEach(() => vi.useRealTimers());

  it('gives each watched key its watchers and next poll: due time, 0 while read, none while paused', async () => {
    const p = make();
    p.add('a', 5000);
    p.add('a', 2000);
    p.add('b', 10_000);
    expect(p.peek()).toEqual(
      new Map([
        ['a', [2, 2000]],
        ['b', [1, 10_000]],
      ]),
    );
    await vi.advanceTimersByTimeAsync(2000);
    expect(p.peek().get('a')).toEqual([2, 0]); // being read
    release.splice(0).forEach((r) => r());
    await vi.advanceTimersByTimeAsync(0);
    expect(p.peek().get('a')).toEqual([2, 4000]); // from the answer, at the lowest interval
    // A confirm brings the next read forward.
    p.confirm(['b'], 3000);
    expect(p.peek().get('b')).toEqual([1, 3000]);
    active$.next(false);
    expect(p.peek().get('a')).toEqual([2, undefined]); // paused
    active$.next(true);
    release.splice(0).forEach((r) => r());
    // Released keys leave it at once, though polled through the grace.
    p.remove('b', 10_000);
    expect([...p.peek().keys()]).toEqual(['a']);
    p.dispose();
  });
});
