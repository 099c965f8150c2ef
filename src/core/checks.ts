import { of, type Observable } from 'rxjs';
import { isObject, type Entry } from './entry.js';
import { invalidInput, type IvsStoreError } from './errors.js';

/**
 * Checks of arguments, before any call: generic (no service names), so the query kit and
 * every resource share them. A refusal names the operation, the field and the rule.
 */

/** The check of one member: its problem, if any (an absent optional member is `undefined`). */
export type Check = (operation: string, field: string, value: unknown) => IvsStoreError | undefined;

/**
 * A check for every member of an input. Tables are written
 * `{ ... } satisfies Checks<XxxCommandInput>`, so the compiler fails when the SDK adds a
 * member the table lacks, or the table names one the SDK does not have.
 */
export type Checks<T> = Record<keyof T, Check>;

/**
 * A bad value as a message shows it: strings quoted, objects and functions by kind only
 * (never their contents), and strings shaped like a secret (a stream key `sk_…` or `rt_…`,
 * a participant token `eyJ…`) not at all: one pasted into the wrong field stays out of logs.
 */
export const got = (v: unknown): string =>
  typeof v === 'string'
    ? /^(sk_|rt_|eyJ)/.test(v)
      ? 'a secret-like string (not shown)'
      : `'${v}'`
    : Array.isArray(v)
      ? `an array of ${v.length}`
      : v !== null && (typeof v === 'object' || typeof v === 'function')
        ? typeof v
        : String(v);

/** A check that an absent member passes and a present one passes if `test` says so; else "must be <expected>, got <value>". */
export const rule =
  (test: (value: unknown) => unknown, expected: string): Check =>
  (operation, field, value) =>
    value === undefined || test(value)
      ? undefined
      : invalidInput(operation, field, `must be ${expected}, got ${got(value)}`);

export { isObject };

/**
 * `value` must be an object (or absent, when `optional`) with no member `checks` does not
 * know, each member passing its check. `field` names the whole: `input`, `filter`, `options`.
 */
export function inputProblem(
  operation: string,
  value: unknown,
  checks: Record<string, Check>,
  field = 'input',
  optional = false,
): IvsStoreError | undefined {
  if (optional && value === undefined) return undefined;
  if (!isObject(value)) return invalidInput(operation, field, `must be an object, got ${got(value)}`);
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(checks, key))
      return invalidInput(operation, key, `is not a known member of the ${field}: ${Object.keys(checks).join(', ')}`);
  }
  for (const key in checks) {
    const problem = (checks[key] as Check)(operation, key, value[key]);
    if (problem) return problem;
  }
  return undefined;
}

const interval = rule((v) => typeof v === 'number' && v > 0 && v < Infinity, 'a positive number of ms');
const staleTime = rule((v) => typeof v === 'number' && v >= 0, 'a number of ms, 0 or more (Infinity: never stale)');

/** Options every query takes. */
export interface QueryOptions {
  /** Poll at most this often while subscribed, ms. Default: the store's `refetchInterval`. */
  refetchInterval?: number;
  /**
   * How old cached data may be and still be shown without a read when the query starts
   * (its first subscriber mounts), ms: 0 reads every time, `Infinity` never (polling still
   * runs). Default: the query's interval, so data polled within an interval is not read twice.
   */
  staleTime?: number;
}

/** What every query's options may hold; a method with more options adds their checks. */
export const QUERY_OPTIONS = { refetchInterval: interval, staleTime } satisfies Checks<QueryOptions>;

/** Options of a query: absent, or an object of known options. */
export const optionsProblem = (operation: string, options: unknown, checks: Record<string, Check> = QUERY_OPTIONS) =>
  inputProblem(operation, options, checks, 'options', true);

/**
 * What an `Observable<Entry<T>>` method returns for arguments it refuses: one `error`
 * entry (kind `validation`), then completion. Nothing is sent, cached or polled.
 */
export const invalid$ = <T>(error: IvsStoreError): Observable<Entry<T>> =>
  of({ status: 'error', data: undefined, error, updatedAt: undefined, fetching: false });
