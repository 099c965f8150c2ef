/**
 * The browser ↔ relay protocol: JSON text frames over one WebSocket.
 *
 * Why one watch per query rather than the tabs' mirrored cache entries: a relay serves
 * principals who may see different things, so it authorizes each query (`watch`) and each
 * call, and sends only what those produce; a browser in relay mode then needs no resource
 * code and no AWS SDK, just this protocol. Between relays, where every member may see
 * everything, the tabs' protocol (interest up, cache entries down) runs over Redis.
 *
 * Every message has `v` (this version) and `t` (its type). Values are encoded with the
 * codec of the tabs' protocol (../sync/codec.ts): Dates, errors and Secrets survive
 * JSON; a Secret the principal may not see is left out (undefined), as `dehydrate` does.
 */
export const RELAY_PROTOCOL_VERSION = 1;

/** What a browser sends. `id`s are the client's own, unique per connection session. */
export type ClientMessage =
  /**
   * First on every socket: the token for `authenticate`, and the session to resume (the
   * last `seq` received) after a reconnect.
   */
  | { v: 1; t: 'hello'; token?: string; resume?: { session: string; seq: number } }
  /** Interest: run `store[resource][method](...args)` (an Observable method) and send what it emits. */
  | { v: 1; t: 'watch'; id: string; resource: string; method: string; args: unknown[] }
  | { v: 1; t: 'unwatch'; id: string }
  /** A Promise method (a mutation, `refresh`, `invalidate(id)`): answered by one `result`. */
  | { v: 1; t: 'call'; id: string; resource: string; method: string; args: unknown[] }
  /** `fetchNextPage()` of the latest entry of a `pages$` watch; answered by a `result` with `call`. */
  | { v: 1; t: 'next-page'; id: string; call: string };

/** What a relay sends. `seq` numbers a session's `value` and `error` messages from 1. */
export type RelayMessage =
  /** The answer to `hello`: the session (new, or `resumed` with every missed message replayed after it). */
  | { v: 1; t: 'welcome'; session: string; resumed: boolean }
  /** What a watch emitted (an Entry, or a plain value for Observables of values). */
  | { v: 1; t: 'value'; id: string; seq: number; value: unknown }
  /** A watch refused (not authorized, over a limit) or failed: it ends, as an Observable's error. */
  | { v: 1; t: 'error'; id: string; seq: number; error: unknown }
  /** A watch's Observable completed. */
  | { v: 1; t: 'complete'; id: string; seq: number }
  | { v: 1; t: 'result'; id: string; ok: boolean; value: unknown };

/** WebSocket close codes a relay uses, with a reason text saying what was wrong. */
export const CLOSE = {
  /** The relay stops (or the client disposed its store). */
  going: 1001,
  /** Not JSON, not a message of this version, a field of the wrong type. */
  malformed: 4400,
  /** `authenticate` refused the token (or no hello came in time). */
  unauthenticated: 4401,
  /** More messages than the per-connection rate allows. */
  rateLimited: 4429,
} as const;

const ID = /^[\w.:-]{1,64}$/;
const NAME = /^[A-Za-z][A-Za-z0-9]{0,63}\$?$/;

/**
 * `text` as a client message, or why it is not one. Checked field by field: a relay closes
 * the socket with the reason rather than act on anything it did not expect.
 */
export function parseClientMessage(text: string): ClientMessage | string {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return 'not an object';
  const o = m as Record<string, unknown>;
  if (o.v !== RELAY_PROTOCOL_VERSION)
    return `protocol version ${String(o.v)} (this relay speaks ${RELAY_PROTOCOL_VERSION})`;
  const id = () => (typeof o.id === 'string' && ID.test(o.id) ? undefined : `${String(o.t)}: 'id' must match ${ID}`);
  const target = () =>
    typeof o.resource === 'string' && NAME.test(o.resource) && typeof o.method === 'string' && NAME.test(o.method)
      ? Array.isArray(o.args)
        ? undefined
        : `${o.t}: 'args' must be an array`
      : `${String(o.t)}: 'resource' and 'method' must be names`;
  switch (o.t) {
    case 'hello': {
      if (o.token !== undefined && typeof o.token !== 'string') return "hello: 'token' must be a string";
      const r = o.resume as Record<string, unknown> | undefined;
      if (
        r !== undefined &&
        !(
          typeof r === 'object' &&
          r !== null &&
          typeof r.session === 'string' &&
          Number.isSafeInteger(r.seq) &&
          (r.seq as number) >= 0
        )
      )
        return "hello: 'resume' must be { session: string, seq: integer >= 0 }";
      return m as ClientMessage;
    }
    case 'watch':
    case 'call':
      return (
        id() ??
        (o.t === 'watch' && !String(o.method).endsWith('$')
          ? "watch: 'method' must be an Observable method (ending in $)"
          : undefined) ??
        (o.t === 'call' && String(o.method).endsWith('$')
          ? "call: 'method' must be a Promise method (not ending in $)"
          : undefined) ??
        target() ??
        (m as ClientMessage)
      );
    case 'unwatch':
      return id() ?? (m as ClientMessage);
    case 'next-page':
      return (
        id() ??
        (typeof o.call === 'string' && ID.test(o.call) ? (m as ClientMessage) : `next-page: 'call' must match ${ID}`)
      );
    default:
      return `unknown message type ${JSON.stringify(o.t)}`;
  }
}
