import { encode } from '../../query/sync/codec.js';

/**
 * Values as JSON text, encoded once per policy and shared by every socket that sends them.
 *
 * Why a WeakMap on the emitted object: the store hands every subscriber of one query the same
 * (immutable) object, so a hundred sockets watching one query cost one encode, not a hundred,
 * and the text goes when the value does. Two policies only: with secrets' values, or without
 * (a Secret the principal may not see becomes undefined, as `dehydrate` leaves it out).
 */
const texts = { secrets: new WeakMap<object, string>(), withheld: new WeakMap<object, string>() };
const withhold = (): undefined => undefined;
let encodes = 0;

/** `value` as JSON text under a secret policy; `null` for undefined (JSON has no undefined). */
export function encodeJson(value: unknown, secrets: boolean): string {
  if (typeof value !== 'object' || value === null) return stringify(value, secrets);
  const cache = secrets ? texts.secrets : texts.withheld;
  let text = cache.get(value);
  if (text === undefined) {
    text = stringify(value, secrets);
    cache.set(value, text);
  }
  return text;
}

function stringify(value: unknown, secrets: boolean): string {
  encodes++;
  return JSON.stringify(secrets ? encode(value) : encode(value, withhold)) ?? 'null';
}

/** How many encodes were made so far in this process (tests check the sharing). */
export const encodeCount = (): number => encodes;

/** An error as JSON text (errors are not shared between sockets: encoded each time). */
export const errorJson = (err: unknown): string => JSON.stringify(encode(err)) ?? 'null';
