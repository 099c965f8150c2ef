import { IvsStoreError, isIvsStoreError } from '../../core/errors.js';
import { Secret } from '../../core/secret.js';

/**
 * Values as they cross to another store: plain data as it is; a `Secret`, an error and a
 * Date as a tagged object, made again on the other side. Why tag them: a structured clone
 * (BroadcastChannel) drops a Secret's value and an error's fields, and JSON (a network)
 * drops Dates; tagged, any transport that carries plain data carries them. A secret's value
 * does cross (another tab of the same page may reveal it) but only inside the tag, and it is
 * a Secret again before anything else sees it.
 */
const TAG = '$ivsStore';

type Tagged =
  | { [TAG]: 'undefined' }
  | { [TAG]: 'secret'; value: string }
  | { [TAG]: 'date'; value: number }
  | { [TAG]: 'error'; value: Record<string, unknown> };

/**
 * `value` encoded; `secret` says what a Secret becomes (by default its tagged value; a
 * server render's state leaves secrets out unless asked, see dehydrate).
 */
export function encode(value: unknown, secret: (s: Secret) => unknown = tagSecret): unknown {
  // A function cannot cross (a structured clone refuses it): it is dropped, as JSON drops it.
  if (typeof value === 'function') return undefined;
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Secret) return secret(value);
  if (value instanceof Date) return { [TAG]: 'date', value: value.getTime() } satisfies Tagged;
  if (value instanceof Error) {
    const e = isIvsStoreError(value) ? value.toJSON() : { kind: 'unknown', message: value.message };
    return { [TAG]: 'error', value: e } satisfies Tagged;
  }
  if (Array.isArray(value)) return value.map((v) => encode(v, secret));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) out[k] = encode((value as Record<string, unknown>)[k], secret);
  return out;
}

const tagSecret = (s: Secret): Tagged => ({ [TAG]: 'secret', value: s.reveal() });

export function decode(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(decode);
  const v = value as Record<string, unknown>;
  const tag = v[TAG];
  if (tag === 'secret') return new Secret(String(v.value));
  if (tag === 'date') return new Date(Number(v.value));
  // An argument left out before one given (`pages$(undefined, { pageSize })`): JSON has no undefined in arrays.
  if (tag === 'undefined') return undefined;
  if (tag === 'error') {
    const e = v.value as Record<string, unknown>;
    return new IvsStoreError({
      kind: (e.kind as IvsStoreError['kind']) ?? 'unknown',
      message: String(e.message ?? ''),
      operation: e.operation as string | undefined,
      resourceId: e.resourceId as string | undefined,
      code: e.code as string | undefined,
      status: e.status as number | undefined,
      field: e.field as string | undefined,
    });
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = decode(v[k]);
  return out;
}
