import { got, rule, type Check } from '../core/checks.js';
import { invalidInput, type IvsStoreError } from '../core/errors.js';

/**
 * Local checks that mirror the service's rules (the service models' limits), so bad input
 * fails at once with the field and the rule, before any network call. What reads need
 * (loaded with the first resource); checks only mutations use are in validate-input.ts.
 */
const ARN = /^arn:aws:ivs:[a-z0-9-]+:\d{12}:([a-z-]+)\/[a-zA-Z0-9-]+$/;
const NAME = /^[a-zA-Z0-9-_]*$/;

/** The resource type an IVS ARN names (`channel`, `stage`, …), or undefined for anything else. */
export const arnTypeOf = (arn: string): string | undefined => ARN.exec(arn)?.[1];

export function arnProblem(
  operation: string,
  field: string,
  value: unknown,
  type: string,
  allowEmpty = false,
): IvsStoreError | undefined {
  if (allowEmpty && value === '') return undefined;
  if ((typeof value === 'string' && value.length <= 128 ? arnTypeOf(value) : undefined) !== type) {
    return invalidInput(
      operation,
      field,
      `must be a ${type} ARN, arn:aws:ivs:<region>:<account>:${type}/<id> in at most 128 characters, got ${got(value)}`,
    );
  }
  return undefined;
}

/** An ARN of `type`; `optional`: may be absent; `allowEmpty`: '' too (IVS's "none" on updates). */
export const arnOf =
  (type: string, optional?: boolean, allowEmpty?: boolean): Check =>
  (operation, field, value) =>
    optional && value === undefined ? undefined : arnProblem(operation, field, value, type, allowEmpty);

/** A resource name (absent is fine). */
export const nameProblem = rule(
  (v) => typeof v === 'string' && v.length <= 128 && NAME.test(v),
  '0–128 characters of [a-zA-Z0-9-_]',
);

/**
 * One of the values of the SDK's union `T`: `oneOf<ChannelLatencyMode>()('NORMAL', 'LOW')`.
 * The compiler checks the list both ways: no value outside `T`, none of `T` missing.
 */
export const oneOf =
  <T extends string>() =>
  <const V extends readonly T[]>(
    ...values: V & (Exclude<T, V[number]> extends never ? unknown : readonly [`missing: ${Exclude<T, V[number]>}`])
  ): Check =>
    rule((v) => (values as readonly unknown[]).includes(v), `one of '${values.join("', '")}'`);

export const boolProblem = rule((v) => typeof v === 'boolean', 'a boolean');

/** A whole number above 0. */
export const positive = rule((v) => Number.isInteger(v) && (v as number) > 0, 'a positive integer');

/** A string of `min`–`max` characters (`max` 0: no limit). */
export const str = (min: number, max = 0) =>
  rule(
    (v) => typeof v === 'string' && v.length >= min && (!max || v.length <= max),
    `a string of ${max ? `${min}–${max}` : `${min}+`} characters`,
  );

/** `check`, and the member must be there. */
export const mandatory =
  (check: Check): Check =>
  (operation, field, value) =>
    value === undefined ? invalidInput(operation, field, 'is required') : check(operation, field, value);

/** A RealTime participant id, which reads and mutations both name (its characters are left to the service). */
export const participantIdProblem = mandatory(str(1, 64));
