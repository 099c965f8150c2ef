import { invalidInput, type IvsStoreError } from '../core/errors.js';

/**
 * Checks of mutation inputs that mirror the service's rules (IVS-FACTS.md, "Limits"):
 * tags, enums, flags. Apart from validate.ts (ARNs and names, which reads need too), so
 * an app that only reads does not bundle them.
 */
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
