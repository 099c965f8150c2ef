import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replaceEqualDeep } from '../../src/core/structural-sharing.js';

/** JSON-like trees, with undefined members (which do not count) and keys named like prototype members. */
const key = fc.oneof(fc.constantFrom('a', 'b', 'c', 'tags', '__proto__', 'toString', 'constructor'), fc.string());
const tree = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.oneof(fc.integer(), fc.boolean(), fc.string(), fc.constant(null), fc.constant(undefined)),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(key, tie('node'), { maxKeys: 5 }),
  ),
})).node;

/** A deep copy: equal, but no object shared. */
const copy = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(copy);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v))
      Object.defineProperty(out, k, { value: copy(x), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
};

/** Equality where undefined object members do not count (what the cache means by "unchanged"). */
const same = (a: unknown, b: unknown): boolean => {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) || Array.isArray(b))
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => Object.hasOwn(b, k) && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
};

describe('replaceEqualDeep (properties)', () => {
  it('returns prev itself when next is a deeply equal copy', () => {
    fc.assert(
      fc.property(tree, (t) => {
        expect(replaceEqualDeep(t, copy(t))).toBe(t);
      }),
    );
  });

  it('returns a value equal to next, sharing with prev every sub-tree that did not change', () => {
    fc.assert(
      fc.property(tree, tree, (prev, next) => {
        const out = replaceEqualDeep(prev, copy(next));
        expect(same(out, next)).toBe(true);
        // Whatever changed, an equal member of prev under the same key is prev's own object.
        if (
          out &&
          typeof out === 'object' &&
          prev &&
          typeof prev === 'object' &&
          !Array.isArray(out) &&
          !Array.isArray(prev)
        )
          for (const k of Object.keys(out)) {
            const p = Object.hasOwn(prev, k) ? (prev as Record<string, unknown>)[k] : undefined;
            const o = (out as Record<string, unknown>)[k];
            if (p && typeof p === 'object' && same(p, o)) expect(o).toBe(p);
          }
      }),
    );
  });

  it('keeps own keys own: a key named __proto__ survives and the prototype stays Object.prototype', () => {
    fc.assert(
      fc.property(tree, (t) => {
        const out = replaceEqualDeep(undefined, copy(t));
        expect(same(out, t)).toBe(true);
        if (out && typeof out === 'object' && !Array.isArray(out))
          expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
      }),
    );
  });
});
