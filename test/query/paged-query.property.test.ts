import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { ListQuery } from '../../src/query/list-query.js';
import type { PagedEntry } from '../../src/query/paged-entry.js';
import { settle, testContext } from './context.js';

interface Item {
  id: string;
  name: string;
}

type Op =
  | { t: 'next' }
  | { t: 'refresh' }
  | { t: 'add' }
  | { t: 'rename'; at: number }
  | { t: 'fail' }
  | { t: 'settle' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ t: 'next' } as const),
  fc.constant({ t: 'next' } as const),
  fc.constant({ t: 'refresh' } as const),
  fc.constant({ t: 'add' } as const),
  fc.nat(30).map((at) => ({ t: 'rename', at }) as const),
  fc.constant({ t: 'fail' } as const),
  fc.constant({ t: 'settle' } as const),
);

/**
 * Interleavings of fetchNextPage, re-reads (refresh, as a poll does), failures and changes
 * to the list: reads of one list never overlap, pages are never lost while the list only
 * grows, and once things settle a re-read shows exactly the list's first pages.
 */
describe('pages$ under interleavings (fast-check)', () => {
  it('never overlaps reads, never loses a page, and settles on the list as it is', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.array(op, { maxLength: 25 }), async (size, ops) => {
        const ctx = testContext();
        ctx.onDemand = (_n, load, build) => {
          let p: Promise<ReturnType<typeof build>> | undefined;
          return () => (p ??= load().then(build));
        };
        const items: Item[] = Array.from({ length: 5 }, (_, i) => ({ id: `i${i}`, name: 'v0' }));
        let inFlight = 0;
        let most = 0;
        let failNext = false;
        const query = new ListQuery<undefined, Item>(ctx, {
          collection: 'things:lists',
          service: 'test',
          operation: 'ListThings',
          checkFilter: () => undefined,
          page: async (_f, token, _s, n) => {
            most = Math.max(most, ++inFlight);
            await settle();
            inFlight--;
            if (failNext) {
              failNext = false;
              throw Object.assign(new Error('boom'), { name: 'InternalServerException' });
            }
            const at = token ? Number(token) : 0;
            return { items: items.slice(at, at + n), nextToken: at + n < items.length ? String(at + n) : undefined };
          },
          idOf: (i) => i.id,
          into: 'things',
        });
        try {
          const obs = query.pages$(undefined, { pageSize: size });
          let last: PagedEntry<Item> | undefined;
          const sub = obs.subscribe((e) => (last = e));
          await vi.waitFor(() => expect(last?.status).toBe('success'));
          let pages = last?.data?.pages.length ?? 0;
          const pending: Promise<unknown>[] = [];
          for (const o of ops) {
            if (o.t === 'next' && last) pending.push(last.fetchNextPage());
            if (o.t === 'refresh') pending.push(query.refresh());
            if (o.t === 'add') items.push({ id: `i${items.length}`, name: 'v0' });
            if (o.t === 'rename') {
              const item = items[o.at % items.length] as Item;
              items[o.at % items.length] = { ...item, name: `v${Number(item.name.slice(1)) + 1}` };
            }
            if (o.t === 'fail') failNext = true;
            if (o.t === 'settle') await settle();
            // The list only grows: a page once shown stays.
            const now = last?.data?.pages.length ?? 0;
            expect(now).toBeGreaterThanOrEqual(pages);
            pages = now;
          }
          await Promise.all(pending);
          failNext = false;
          await query.refresh();
          expect(most).toBe(1);
          const shown = last?.data;
          expect(last?.status).toBe('success');
          const n = shown?.pages.length ?? 0;
          expect(n).toBeGreaterThanOrEqual(1);
          expect(shown?.items).toEqual(items.slice(0, Math.min(items.length, n * size)));
          expect(last?.hasNextPage).toBe(n * size < items.length);
          sub.unsubscribe();
        } finally {
          ctx.dispose();
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
