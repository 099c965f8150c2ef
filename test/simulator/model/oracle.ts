import type { ServiceModel, Shape } from './botocore.js';
import { javaPattern } from './patterns.js';

/**
 * What the model says about a value: the list of its violations (empty = conforming).
 * The test's own reading of the model, independent of the simulator's validator:
 * types, `required`, `min`/`max` (characters of strings — counted as code points, as
 * Smithy's length trait does — entries of lists and maps, values of numbers),
 * `pattern` (whole value, see patterns.ts) and `enum`. Unknown structure members are
 * ignored, as AWS's JSON protocols ignore them.
 */
export function violations(model: ServiceModel, shapeName: string, value: unknown, path = ''): string[] {
  const s = model.shapes[shapeName];
  if (!s) throw new Error(`${shapeName} is not a shape of ${model.file}`);
  const at = path || '(input)';
  const range = (n: number, what: string) => [
    ...(s.min !== undefined && n < s.min ? [`${at}: ${what} ${n} < min ${s.min}`] : []),
    ...(s.max !== undefined && n > s.max ? [`${at}: ${what} ${n} > max ${s.max}`] : []),
  ];
  switch (s.type) {
    case 'structure': {
      if (!isPlainObject(value)) return [`${at}: not a structure`];
      const out: string[] = [];
      for (const r of s.required ?? [])
        if (value[r] === undefined || value[r] === null) out.push(`${path}.${r}: required`);
      for (const [m, ref] of Object.entries(s.members ?? {})) {
        if (value[m] !== undefined && value[m] !== null)
          out.push(...violations(model, ref.shape, value[m], `${path}.${m}`));
      }
      return out;
    }
    case 'list':
      if (!Array.isArray(value)) return [`${at}: not a list`];
      return [
        ...range(value.length, 'length'),
        ...value.flatMap((v) => violations(model, (s.member as { shape: string }).shape, v, `${path}[]`)),
      ];
    case 'map': {
      if (!isPlainObject(value)) return [`${at}: not a map`];
      const entries = Object.entries(value);
      return [
        ...range(entries.length, 'entries'),
        ...entries.flatMap(([k, v]) => [
          ...violations(model, (s.key as { shape: string }).shape, k, `${path}<key>`),
          ...violations(model, (s.value as { shape: string }).shape, v, `${path}<value>`),
        ]),
      ];
    }
    case 'string':
      return stringViolations(s, value, at);
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) return [`${at}: not an integer`];
      if (s.type === 'integer' && (value < -(2 ** 31) || value > 2 ** 31 - 1))
        return [`${at}: outside a 32-bit integer`];
      return range(value, 'value');
    case 'float':
    case 'double':
      if (typeof value !== 'number' || !Number.isFinite(value)) return [`${at}: not a number`];
      return range(value, 'value');
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: not a boolean`];
    case 'timestamp':
      // Every timestamp of both models is iso8601 on the wire.
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? [] : [`${at}: not an ISO-8601 timestamp`];
    default:
      throw new Error(`No oracle for shape type ${s.type} (${shapeName})`);
  }
}

function stringViolations(s: Shape, value: unknown, at: string): string[] {
  if (typeof value !== 'string') return [`${at}: not a string`];
  const out: string[] = [];
  const length = [...value].length;
  if (s.min !== undefined && length < s.min) out.push(`${at}: length ${length} < min ${s.min}`);
  if (s.max !== undefined && length > s.max) out.push(`${at}: length ${length} > max ${s.max}`);
  if (s.pattern !== undefined && !javaPattern(s.pattern).test(value)) out.push(`${at}: does not match ${s.pattern}`);
  if (s.enum && !s.enum.includes(value)) out.push(`${at}: not one of ${s.enum.join('|')}`);
  return out;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
