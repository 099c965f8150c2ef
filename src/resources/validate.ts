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

export function tagsProblem(operation: string, field: string, value: unknown): IvsStoreError | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalidInput(operation, field, 'must be an object of string tags');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 50) return invalidInput(operation, field, `must have at most 50 tags, got ${entries.length}`);
  for (const [k, v] of entries) {
    if (k.length < 1 || k.length > 128) return invalidInput(operation, `${field}.${k}`, 'tag keys must be 1–128 characters');
    if (typeof v !== 'string' || v.length > 256) return invalidInput(operation, `${field}.${k}`, 'tag values must be strings of at most 256 characters');
  }
  return undefined;
}

export function enumProblem(operation: string, field: string, value: unknown, allowed: readonly string[]): IvsStoreError | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !allowed.includes(value)) return invalidInput(operation, field, `must be one of ${allowed.join(', ')}, got '${String(value)}'`);
  return undefined;
}

export function boolProblem(operation: string, field: string, value: unknown): IvsStoreError | undefined {
  if (value === undefined || typeof value === 'boolean') return undefined;
  return invalidInput(operation, field, 'must be a boolean');
}

/** The first problem of several checks, if any. */
export function firstProblem(...problems: Array<IvsStoreError | undefined>): IvsStoreError | undefined {
  return problems.find((p) => p !== undefined);
}
