import { invalidInput, type IvsStoreError } from '../core/errors.js';

/**
 * Local checks that mirror the service's rules (IVS-FACTS.md, "Limits"), so bad input
 * fails at once with the field and the rule, before any network call.
 */
const ARN = /^arn:aws:ivs:[a-z0-9-]+:\d{12}:([a-z-]+)\/[a-zA-Z0-9-]+$/;
const NAME = /^[a-zA-Z0-9-_]*$/;

export function arnProblem(operation: string, field: string, value: unknown, type: string, allowEmpty = false): IvsStoreError | undefined {
  if (allowEmpty && value === '') return undefined;
  if (typeof value !== 'string') return invalidInput(operation, field, `must be a ${type} ARN string`);
  const m = ARN.exec(value);
  if (!m || m[1] !== type || value.length > 128) {
    return invalidInput(operation, field, `must be an ARN like arn:aws:ivs:<region>:<account>:${type}/<id> (at most 128 characters), got '${value}'`);
  }
  return undefined;
}

export function nameProblem(operation: string, field: string, value: unknown): IvsStoreError | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > 128 || !NAME.test(value)) {
    return invalidInput(operation, field, `must be 0–128 characters of [a-zA-Z0-9-_], got '${String(value)}'`);
  }
  return undefined;
}

/** The first problem of several checks, if any. */
export function firstProblem(...problems: Array<IvsStoreError | undefined>): IvsStoreError | undefined {
  return problems.find((p) => p !== undefined);
}
