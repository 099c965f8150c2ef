/**
 * Returns `prev` when `next` is deeply equal to it, and otherwise `next` with every
 * equal sub-tree replaced by the matching part of `prev`. So an unchanged entity keeps
 * its identity across refreshes, and only what really changed makes anything re-render.
 * Plain objects, arrays and Dates are compared, and values that know their own equality
 * (an `equals(other)` method, e.g. a wrapped secret); anything else by identity.
 *
 * Why it allocates nothing while the trees are equal: a quiet poll compares thousands of
 * equal entities, and the copies it would build only to throw away were most of its cost.
 * A copy starts at the first difference, with the equal part before it taken from `prev`.
 */
export function replaceEqualDeep<T>(prev: unknown, next: T): T {
  if (Object.is(prev, next)) return prev as T;
  if (typeof prev !== 'object' || typeof next !== 'object' || prev === null || next === null) return next;
  if (prev instanceof Date && next instanceof Date) return (prev.getTime() === next.getTime() ? prev : next) as T;
  if (hasEquals(prev) && hasEquals(next)) return (prev.equals(next) ? prev : next) as T;
  if (Array.isArray(prev)) return (Array.isArray(next) ? shareArray(prev, next) : next) as T;
  if (Array.isArray(next) || !isPlainObject(prev) || !isPlainObject(next)) return next;
  return shareObject(prev, next) as T;
}

function shareArray(p: unknown[], n: unknown[]): unknown[] {
  let copy: unknown[] | undefined = p.length === n.length ? undefined : [];
  for (let i = 0; i < n.length; i++) {
    const value = replaceEqualDeep(p[i], n[i]);
    if (!copy && value !== p[i]) copy = p.slice(0, i);
    copy?.push(value);
  }
  return copy ?? p;
}

type Plain = Record<string, unknown>;

/** `p[k]` as an own property: data from the network may have keys named like Object.prototype members. */
function own(p: Plain, k: string): unknown {
  const v = p[k];
  // Only `__proto__` and the prototype's methods can be inherited; JSON data holds no functions.
  return (k === '__proto__' || typeof v === 'function') && !Object.hasOwn(p, k) ? undefined : v;
}

/** Writes `k` as an own property (a key named `__proto__` would otherwise set the prototype and vanish). */
function put(o: Plain, k: string, v: unknown): void {
  if (k === '__proto__')
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/** Undefined members do not count: `{ a: 1 }` and `{ a: 1, b: undefined }` are equal. */
function shareObject(p: Plain, n: Plain): Plain {
  let copy: Plain | undefined;
  let size = 0;
  for (const k in n) {
    const next = n[k];
    if (next === undefined) continue;
    size++;
    const before = own(p, k);
    const value = replaceEqualDeep(before, next);
    if (!copy && value !== before) copy = equalPrefix(p, n, k);
    if (copy) put(copy, k, value);
  }
  if (copy) return copy;
  let prevSize = 0;
  for (const k in p) if (p[k] !== undefined) prevSize++;
  // Equal on every key of `next`, but `prev` had more: `next`'s keys, every value shared.
  return prevSize === size ? p : equalPrefix(p, n, undefined);
}

/** A copy of `n`'s keys before `stop` (all of them without it), each with `p`'s equal value. */
function equalPrefix(p: Plain, n: Plain, stop: string | undefined): Plain {
  const copy: Plain = {};
  for (const k in n) {
    if (k === stop) break;
    if (n[k] !== undefined) put(copy, k, own(p, k));
  }
  return copy;
}

function isPlainObject(value: object): value is Plain {
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === Object.prototype || proto === null;
}

function hasEquals(value: object): value is { equals(other: unknown): boolean } {
  return typeof (value as { equals?: unknown }).equals === 'function';
}
