/**
 * A duration option of `createIvsStore` (direct or relay mode), ms: `value`, or `fallback`
 * when absent; a TypeError naming it when it is not a finite positive number (or, with
 * `allowZero`, a non-negative one).
 */
export function durationOption(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  const v = value ?? fallback;
  if (!(typeof v === 'number' && Number.isFinite(v) && (allowZero ? v >= 0 : v > 0)))
    throw new TypeError(
      `createIvsStore: ${name} must be a ${allowZero ? 'non-negative' : 'positive'} number of ms, got ${String(value)}`,
    );
  return v;
}
