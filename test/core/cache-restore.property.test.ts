import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cache, seqAt } from '../../src/core/cache.js';

/** A write of one entry: a read's answer, or a hydrated entry, dated by the time its read was sent. */
type Write = { kind: 'read' | 'restore'; at: number; name: string };

describe('restore (hydration) against reads, in any order', () => {
  it('the entry ends as the write whose read was sent last (the first of equals), whatever the order they land in', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kind: fc.constantFrom<'read' | 'restore'>('read', 'restore'),
            at: fc.integer({ min: 1, max: 50 }),
            name: fc.string({ minLength: 1, maxLength: 3 }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        (writes: Write[]) => {
          const cache = new Cache({ now: () => 1000 });
          for (const w of writes) {
            const data = { name: w.name };
            cache.transaction((tx) =>
              w.kind === 'read'
                ? tx.succeed('c', 'x', seqAt(w.at), data)
                : tx.restore(
                    'c',
                    'x',
                    seqAt(w.at),
                    { status: 'success', data, error: undefined, updatedAt: w.at },
                    w.at,
                  ),
            );
          }
          const latest = Math.max(...writes.map((w) => w.at));
          const winners = writes.filter((w) => w.at === latest);
          // A read of the same date as what is there replaces it (an answer may refresh its own
          // request's); a restore never does (the entry is at least as new).
          const expected = [...winners].reverse().find((w) => w.kind === 'read') ?? winners[0];
          const entry = cache.get<{ name: string }>('c', 'x');
          expect(entry.status).toBe('success');
          expect(entry.data?.name).toBe(expected?.name);
          cache.dispose();
        },
      ),
      { numRuns: 300 },
    );
  });
});
