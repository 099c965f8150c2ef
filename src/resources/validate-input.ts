import { invalidInput, type IvsStoreError } from '../core/errors.js';
import { arnProblem } from './validate.js';
import { got, isObject, rule, type Check } from '../core/checks.js';

// The checks reads share, so that a mutation's table imports all its checks from here.
export { boolProblem, mandatory, oneOf, participantIdProblem, positive, str } from './validate.js';

/**
 * Checks of mutation inputs that mirror the service's rules (the service models' limits):
 * tags, numbers, lists, objects. Apart from validate.ts (ARNs, names, enums, flags: what
 * reads check too), so an app that only reads does not load them. Each is a `Check` (or makes
 * one), for the per-operation tables next to the calls (`satisfies Checks<XxxCommandInput>`).
 */
export function tagsProblem(operation: string, field: string, value: unknown): IvsStoreError | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) return invalidInput(operation, field, `must be an object of string tags, got ${got(value)}`);
  const entries = Object.entries(value);
  if (entries.length > 50) return invalidInput(operation, field, `must have at most 50 tags, got ${entries.length}`);
  for (const [k, v] of entries) {
    if (k.length < 1 || k.length > 128)
      return invalidInput(operation, `${field}.${k}`, 'tag keys must be 1–128 characters');
    if (typeof v !== 'string' || v.length > 256)
      return invalidInput(operation, `${field}.${k}`, 'tag values must be strings of at most 256 characters');
  }
  return undefined;
}

/** A whole number in [min, max]. */
export const int = (min: number, max: number) =>
  rule((v) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max, `an integer ${min}–${max}`);

/** An object (its members are left to the service). */
export const obj = rule(isObject, 'an object');

/** An object of string values (attributes). */
export const strings = rule(
  (v) => isObject(v) && Object.values(v).every((x) => typeof x === 'string'),
  'an object of strings',
);

/** An array of `min`–`max` items, each passing `item` (reported as `field[i]`). */
export const list =
  (min: number, max: number, item?: Check): Check =>
  (operation, field, value) => {
    const problem = rule(
      (v) => Array.isArray(v) && v.length >= min && v.length <= max,
      `an array of ${min}–${max} items`,
    )(operation, field, value);
    return (
      problem ??
      (item && (value as unknown[] | undefined)?.map((v, i) => item(operation, `${field}[${i}]`, v)).find(Boolean))
    );
  };

/** The check of a resource's own ARN (`arn`), naming the operation it is for. */
export const arnId =
  (type: string) =>
  (operation: string, arn: unknown): IvsStoreError | undefined =>
    arnProblem(operation, 'arn', arn, type);
