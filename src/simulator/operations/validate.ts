import { SimError, validation } from './errors.js';
import type { OperationSpec, Rule } from './types.js';

/**
 * The one validator. It checks an operation's input against its table entry and
 * throws the first failure in the service's own words:
 * "Value at 'maxResults' failed to satisfy constraint: Member must ...".
 * Handlers can therefore trust shapes and limits and only check semantics.
 */
export function validateInput(spec: OperationSpec, input: Record<string, unknown>): void {
  for (const member of spec.required) {
    const value = input[member];
    if (value === undefined || value === null) {
      throw validation(`Value at '${member}' failed to satisfy constraint: Member must not be null`);
    }
  }
  for (const [member, rule] of Object.entries(spec.fields)) {
    const value = input[member];
    if (value === undefined || value === null) continue;
    checkRule(member, rule, value);
  }
  if (spec.exclusive) {
    const set = spec.exclusive.members.filter((m) => input[m] !== undefined && input[m] !== null);
    if (set.length > 1) {
      throw new SimError(
        spec.exclusive.error,
        `Only one of ${spec.exclusive.members.join(', ')} may be set; got ${set.join(' and ')}`,
      );
    }
  }
}

// The models' ARN patterns take any run of digits as the account; a wrong account is not found, not invalid.
const ARN = /^arn:aws:ivs:([a-z0-9-]+):([0-9]+):([a-z-]+)\/([a-zA-Z0-9-]+)$/;
/** Map keys and values are strings even where the model sets no limits. */
const ANY_STRING: Rule = { kind: 'string' };

function fail(path: string, constraint: string): never {
  throw validation(`Value at '${path}' failed to satisfy constraint: Member must ${constraint}`);
}

function checkRule(path: string, rule: Rule, value: unknown): void {
  switch (rule.kind) {
    case 'any':
      return;
    case 'string': {
      if (typeof value !== 'string') fail(path, 'be a string');
      if (rule.min !== undefined && value.length < rule.min)
        fail(path, `have length greater than or equal to ${rule.min}`);
      if (rule.max !== undefined && value.length > rule.max)
        fail(path, `have length less than or equal to ${rule.max}`);
      if (rule.pattern && !rule.pattern.test(value))
        fail(path, `satisfy regular expression pattern: ${rule.patternText ?? rule.pattern.source}`);
      return;
    }
    case 'enum':
      if (typeof value !== 'string' || !rule.values.includes(value)) {
        fail(path, `satisfy enum value set: [${rule.values.join(', ')}]`);
      }
      return;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) fail(path, 'be an integer');
      if (rule.min !== undefined && value < rule.min) fail(path, `have value greater than or equal to ${rule.min}`);
      if (rule.max !== undefined && value > rule.max) fail(path, `have value less than or equal to ${rule.max}`);
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'be a number');
      if (rule.min !== undefined && value < rule.min) fail(path, `have value greater than or equal to ${rule.min}`);
      if (rule.max !== undefined && value > rule.max) fail(path, `have value less than or equal to ${rule.max}`);
      return;
    case 'bool':
      if (typeof value !== 'boolean') fail(path, 'be a boolean');
      return;
    case 'arn': {
      if (typeof value !== 'string') fail(path, 'be a string');
      if (value === '' && rule.types.includes('')) return;
      if (value.length > 128) fail(path, 'have length less than or equal to 128');
      const m = ARN.exec(value);
      const types = rule.types.filter((t) => t !== '');
      if (!m || !types.includes(m[3] as string)) {
        fail(
          path,
          `satisfy regular expression pattern: ^arn:aws:ivs:[a-z0-9-]+:[0-9]+:(${types.join('|')})/[a-zA-Z0-9-]+$`,
        );
      }
      return;
    }
    case 'map': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'be a map');
      const entries = Object.entries(value as Record<string, unknown>);
      if (rule.min !== undefined && entries.length < rule.min)
        fail(path, `have length greater than or equal to ${rule.min}`);
      if (rule.max !== undefined && entries.length > rule.max)
        fail(path, `have length less than or equal to ${rule.max}`);
      for (const [k, v] of entries) {
        checkRule(`${path}.key`, rule.key ?? ANY_STRING, k);
        checkRule(`${path}.${k}`, rule.value ?? ANY_STRING, v);
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) fail(path, 'be a list');
      if (rule.min !== undefined && value.length < rule.min)
        fail(path, `have length greater than or equal to ${rule.min}`);
      if (rule.max !== undefined && value.length > rule.max)
        fail(path, `have length less than or equal to ${rule.max}`);
      if (rule.item) value.forEach((item, i) => checkRule(`${path}.${i + 1}.member`, rule.item as Rule, item));
      return;
    }
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) fail(path, 'be a structure');
      const obj = value as Record<string, unknown>;
      for (const member of rule.required ?? []) {
        if (obj[member] === undefined || obj[member] === null) fail(`${path}.${member}`, 'not be null');
      }
      for (const [member, sub] of Object.entries(rule.fields ?? {})) {
        if (obj[member] !== undefined && obj[member] !== null) checkRule(`${path}.${member}`, sub, obj[member]);
      }
      return;
    }
  }
}
