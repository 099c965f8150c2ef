import { describe, expect, it } from 'vitest';
import { SimError } from '../../../src/simulator/operations/errors.js';
import { Faults } from '../../../src/simulator/http/faults.js';
import { int, list, name, object, oneOf, str } from '../../../src/simulator/operations/rules.js';
import type { OperationSpec } from '../../../src/simulator/operations/types.js';
import { validateInput } from '../../../src/simulator/operations/validate.js';
import { Quotas } from '../../../src/simulator/http/quotas.js';
import { paginate } from '../../../src/simulator/world/paginate.js';
import { Rng } from '../../../src/simulator/world/rng.js';

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ seq: i + 1 }));

describe('paginate', () => {
  it('pages oldest first and ends with no token', () => {
    const all = items(5);
    const p1 = paginate(all, { maxResults: 2, scope: 's' });
    const p2 = paginate(all, { maxResults: 2, scope: 's', nextToken: p1.nextToken });
    const p3 = paginate(all, { maxResults: 2, scope: 's', nextToken: p2.nextToken });
    expect([p1, p2, p3].map((p) => p.page.map((i) => i.seq))).toEqual([[1, 2], [3, 4], [5]]);
    expect(p3.nextToken).toBeUndefined();
  });

  it('newest first stays stable when newer items appear mid-way', () => {
    const all = items(5);
    const p1 = paginate(all, { maxResults: 2, scope: 's', newestFirst: true });
    all.push({ seq: 6 });
    const p2 = paginate(all, { maxResults: 2, scope: 's', newestFirst: true, nextToken: p1.nextToken });
    const p3 = paginate(all, { maxResults: 2, scope: 's', newestFirst: true, nextToken: p2.nextToken });
    expect([p1, p2, p3].map((p) => p.page.map((i) => i.seq))).toEqual([[5, 4], [3, 2], [1]]);
  });

  it('refuses a token issued for another scope', () => {
    const { nextToken } = paginate(items(3), { maxResults: 1, scope: 'a' });
    expect(() => paginate(items(3), { maxResults: 1, scope: 'b', nextToken })).toThrow(SimError);
  });
});

describe('validateInput', () => {
  const spec: OperationSpec = {
    name: 'Op',
    service: 'ivs',
    method: 'POST',
    path: '/Op',
    status: 200,
    tps: 5,
    required: ['a'],
    fields: { a: name(), n: int(1, 3), e: oneOf('X', 'Y'), o: object({ inner: list(1, 2, str(1, 3)) }, ['inner']) },
    exclusive: { members: ['n', 'e'], error: 'ConflictException' },
  };
  const fails = (input: Record<string, unknown>) => {
    try {
      validateInput(spec, input);
    } catch (err) {
      return `${(err as SimError).errorName}: ${(err as SimError).message}`;
    }
    return 'ok';
  };

  it('names the member path and the rule', () => {
    expect(fails({})).toBe("ValidationException: Value at 'a' failed to satisfy constraint: Member must not be null");
    expect(fails({ a: 'ok', o: {} })).toMatch(/'o.inner'.*not be null/);
    expect(fails({ a: 'ok', o: { inner: ['toolong'] } })).toMatch(/'o.inner.1.member'.*less than or equal to 3/);
    expect(fails({ a: 'ok', o: { inner: ['a', 'b', 'c'] } })).toMatch(/'o.inner'.*less than or equal to 2/);
    expect(fails({ a: 'ok', n: 1.5 })).toMatch(/'n'.*integer/);
    expect(fails({ a: 'ok', e: 'Z' })).toMatch(/'e'.*\[X, Y\]/);
    expect(fails({ a: 'ok', n: 2, e: 'X' })).toBe('ConflictException: Only one of n, e may be set; got n and e');
    expect(fails({ a: 'ok', n: 2, o: { inner: ['abc'] } })).toBe('ok');
  });
});

describe('Quotas', () => {
  it('let a burst of tps through, then one more per 1/tps seconds', () => {
    let now = 0;
    const q = new Quotas(new Map([['ivs:GetChannel', 5]]), true, () => now);
    const burst = Array.from({ length: 7 }, () => q.take('ivs:GetChannel'));
    expect(burst).toEqual([true, true, true, true, true, false, false]);
    now += 199;
    expect(q.take('ivs:GetChannel')).toBe(false);
    now += 1;
    expect(q.take('ivs:GetChannel')).toBe(true);
    expect(q.take('ivs:Other')).toBe(true);
    q.configure(false);
    expect(Array.from({ length: 50 }, () => q.take('ivs:GetChannel')).every(Boolean)).toBe(true);
  });
});

describe('Rng and Faults', () => {
  it('the same seed gives the same sequence', () => {
    const a = new Rng(9);
    const b = new Rng(9);
    expect(Array.from({ length: 5 }, () => a.chars(8))).toEqual(Array.from({ length: 5 }, () => b.chars(8)));
    expect(new Rng(10).chars(8)).not.toBe(new Rng(9).chars(8));
  });

  it('fault decisions add latency from every matching rule and expire counted rules', () => {
    const f = new Faults(1);
    f.add({ latencyMs: 100 });
    f.add({ latencyMs: [10, 20], operations: ['GetChannel'], times: 1 });
    const first = f.decide('GetChannel');
    expect(first.latencyMs).toBeGreaterThanOrEqual(110);
    expect(first.latencyMs).toBeLessThanOrEqual(120);
    expect(f.decide('GetChannel').latencyMs).toBe(100);
    expect(f.decide('ListChannels')).toEqual({ latencyMs: 100, drop: false, error: undefined, batchErrorRate: 0 });
  });
});
