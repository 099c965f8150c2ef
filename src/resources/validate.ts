import { of, type Observable } from 'rxjs';
import type { Entry } from '../core/cache.js';
import { invalidInput, type IvsStoreError } from '../core/errors.js';
import type { QueryOptions } from '../store/entity-resource.js';

/**
 * Local checks that mirror the service's rules (the service models' limits), so bad input
 * fails at once with the field and the rule, before any network call. What reads need
 * (every app loads them up front); checks only mutations use are in validate-input.ts.
 */
const ARN = /^arn:aws:ivs:[a-z0-9-]+:\d{12}:([a-z-]+)\/[a-zA-Z0-9-]+$/;
const NAME = /^[a-zA-Z0-9-_]*$/;

/** The check of one member: its problem, if any (an absent optional member is `undefined`). */
export type Check = (operation: string, field: string, value: unknown) => IvsStoreError | undefined;

/**
 * A check for every member of an input. Tables are written
 * `{ ... } satisfies Checks<XxxCommandInput>`, so the compiler fails when the SDK adds a
 * member the table lacks, or the table names one the SDK does not have.
 */
export type Checks<T> = Record<keyof T, Check>;

/** A bad value as a message shows it: strings quoted, objects and functions by kind only (never their contents). */
export const got = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : Array.isArray(v) ? `an array of ${v.length}` : v !== null && (typeof v === 'object' || typeof v === 'function') ? typeof v : String(v));

/** A check that an absent member passes and a present one passes if `test` says so; else "must be <expected>, got <value>". */
export const rule =
  (test: (value: unknown) => unknown, expected: string): Check =>
  (operation, field, value) =>
    value === undefined || test(value) ? undefined : invalidInput(operation, field, `must be ${expected}, got ${got(value)}`);

export function arnProblem(operation: string, field: string, value: unknown, type: string, allowEmpty = false): IvsStoreError | undefined {
  if (allowEmpty && value === '') return undefined;
  const m = typeof value === 'string' && value.length <= 128 ? ARN.exec(value) : undefined;
  if (m?.[1] !== type) {
    return invalidInput(operation, field, `must be a ${type} ARN, arn:aws:ivs:<region>:<account>:${type}/<id> in at most 128 characters, got ${got(value)}`);
  }
  return undefined;
}

/** An ARN of `type`; `optional`: may be absent; `allowEmpty`: '' too (IVS's "none" on updates). */
export const arnOf =
  (type: string, optional?: boolean, allowEmpty?: boolean): Check =>
  (operation, field, value) =>
    optional && value === undefined ? undefined : arnProblem(operation, field, value, type, allowEmpty);

/** A resource name (absent is fine). */
export const nameProblem = rule((v) => typeof v === 'string' && v.length <= 128 && NAME.test(v), '0–128 characters of [a-zA-Z0-9-_]');

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `value` must be an object (or absent, when `optional`) with no member `checks` does not
 * know, each member passing its check. `field` names the whole: `input`, `filter`, `options`.
 */
export function inputProblem(operation: string, value: unknown, checks: Record<string, Check>, field = 'input', optional = false): IvsStoreError | undefined {
  if (optional && value === undefined) return undefined;
  if (!isObject(value)) return invalidInput(operation, field, `must be an object, got ${got(value)}`);
  const o = value;
  for (const key of Object.keys(o)) {
    if (!Object.hasOwn(checks, key)) return invalidInput(operation, key, `is not a known member of the ${field}: ${Object.keys(checks).join(', ')}`);
  }
  for (const key in checks) {
    const problem = (checks[key] as Check)(operation, key, o[key]);
    if (problem) return problem;
  }
  return undefined;
}

const interval = rule((v) => typeof v === 'number' && v > 0 && v < Infinity, 'a positive number of ms');

/** What every query's options may hold; a method with more options adds their checks. */
export const QUERY_OPTIONS = { refetchInterval: interval } satisfies Checks<QueryOptions>;

/** Options of a query: absent, or an object of known options. */
export const optionsProblem = (operation: string, options: unknown, checks: Record<string, Check> = QUERY_OPTIONS) => inputProblem(operation, options, checks, 'options', true);

/**
 * What an `Observable<Entry<T>>` method returns for arguments it refuses: one `error`
 * entry (kind `validation`), then completion. Nothing is sent, cached or polled.
 */
export const invalid$ = <T>(error: IvsStoreError): Observable<Entry<T>> => of({ status: 'error', data: undefined, error, updatedAt: undefined, fetching: false });
