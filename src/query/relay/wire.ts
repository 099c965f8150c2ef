import type { Observable } from 'rxjs';
import { IvsStoreError, isIvsStoreError } from '../../core/errors.js';
import type { WebSocketConstructorLike } from './options.js';
import { encode } from '../sync/codec.js';
import type { DistributiveOmit } from '../sync/protocol.js';
import type { ClientMessage } from './protocol.js';

// What the connection (connection.ts) keeps of each watch and call, and the errors it makes.

/** What a watch is told, decoded: a value, its end with an error, or its completion. */
export type WatchEvent = { t: 'value'; value: unknown } | { t: 'error'; error: IvsStoreError } | { t: 'complete' };

export interface Watch {
  resource: string;
  method: string;
  args: unknown[];
  on(event: WatchEvent): void;
  /** Sent again in a new session (the relay lost it): the next value is its snapshot. */
  resent(): void;
  /** Sent in the current session (or one that may be resumed). */
  sent: boolean;
}

export interface Call {
  operation: string;
  message(id: string): DistributiveOmit<ClientMessage, 'v'>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  sent: boolean;
}

export interface ConnectionInit {
  url: string;
  token: string | (() => string | Promise<string>) | undefined;
  WebSocket: WebSocketConstructorLike;
  initialDelay: number;
  maxDelay: number;
  random: () => number;
  /** Back online: a reconnect waiting for its backoff goes at once. */
  online$?: Observable<boolean> | undefined;
}

/** What a relay sent as an error, as an IvsStoreError (it always should be one). */
export function asError(value: unknown, operation: string): IvsStoreError {
  return isIvsStoreError(value)
    ? value
    : new IvsStoreError({ kind: 'unknown', operation, message: `${operation}: the relay answered with an error` });
}

/** A call whose socket closed before its answer: it may have run or not, and is not sent again. */
export const lost = (operation: string) =>
  new IvsStoreError({
    kind: 'network',
    operation,
    message: `${operation}: the connection to the relay closed before it answered; it may or may not have been done`,
  });

export type { DistributiveOmit };

/**
 * `args` as they cross: encoded, trailing undefined ones dropped (`get$(id)` and
 * `get$(id, undefined)` are one query), and an undefined one before others tagged, which the
 * codec's decode makes undefined again: JSON would make it null, which the store refuses.
 */
export function encodeArgs(args: readonly unknown[]): unknown[] {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  return args.slice(0, n).map((a) => (a === undefined ? { $ivsStore: 'undefined' } : encode(a)));
}
