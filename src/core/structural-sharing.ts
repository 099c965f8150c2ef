/**
 * Returns `prev` when `next` is deeply equal to it, and otherwise `next` with every
 * equal sub-tree replaced by the matching part of `prev`. So an unchanged entity keeps
 * its identity across refreshes, and only what really changed makes anything re-render.
 * Plain objects, arrays and Dates are compared, and values that know their own equality
 * (an `equals(other)` method, e.g. a wrapped secret); anything else by identity.
 */
export function replaceEqualDeep<T>(prev: unknown, next: T): T {
  if (Object.is(prev, next)) return prev as T;
  if (prev instanceof Date && next instanceof Date) return (prev.getTime() === next.getTime() ? prev : next) as T;
  if (hasEquals(prev) && hasEquals(next)) return (prev.equals(next) ? prev : next) as T;
  const prevArray = Array.isArray(prev);
  if (prevArray !== Array.isArray(next)) return next;
  if (!prevArray && !(isPlainObject(prev) && isPlainObject(next))) return next;

  const p = prev as Record<string | number, unknown>;
  const n = next as Record<string | number, unknown>;
  const keys = prevArray ? (next as unknown[]).map((_, i) => i) : Object.keys(n).filter((k) => n[k] !== undefined);
  const prevSize = prevArray ? (prev as unknown[]).length : Object.keys(p).filter((k) => p[k] !== undefined).length;
  const copy = (prevArray ? [] : {}) as Record<string | number, unknown>;
  let same = prevSize === keys.length;
  for (const key of keys) {
    // Data from the network may have a key named `__proto__` (a tag, say): read and write it
    // as an own property, or it would vanish (and `p.__proto__` is Object.prototype).
    const special = key === '__proto__';
    const before = special ? (Object.hasOwn(p, key) ? p[key] : undefined) : p[key];
    const value = replaceEqualDeep(before, n[key]);
    if (special) Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
    else copy[key] = value;
    if (value !== before) same = false;
  }
  return (same ? prev : copy) as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === Object.prototype || proto === null;
}

function hasEquals(value: unknown): value is { equals(other: unknown): boolean } {
  return typeof value === 'object' && value !== null && typeof (value as { equals?: unknown }).equals === 'function';
}
