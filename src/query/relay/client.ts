import { catchError, combineLatest, EMPTY, map, type Observable, startWith, throwError } from 'rxjs';
import { invalid$ } from '../../core/checks.js';
import { disposedError, IvsStoreError, invalidInput } from '../../core/errors.js';
import { EMPTY_METRICS, type StoreMetrics } from '../../core/metrics.js';
import { Secret } from '../../core/secret.js';
import { RelayConnection } from './connection.js';
import type { WebSocketConstructorLike } from './options.js';
import { PLAIN_VALUES, RemoteQuery } from './remote-query.js';
import { encodeArgs } from './wire.js';

/** The relay client's settings, checked by the store. */
export interface RelayClientInit {
  url: string;
  token: string | (() => string | Promise<string>) | undefined;
  WebSocket: WebSocketConstructorLike;
  initialDelay: number;
  maxDelay: number;
  gcTime: number;
  online$?: Observable<boolean> | undefined;
  /** Backoff jitter (tests fix it). */
  random?: () => number;
}

/** A relay-mode store's engine: resources as proxies of remote queries and calls, and metrics. */
export interface RelayClient {
  /** `store[name]`: every `…$` method a shared remote watch, every other method a remote call. */
  resource(name: string): object;
  readonly metrics$: Observable<StoreMetrics>;
  dispose(): void;
}

/** Opens the connection to the relay and gives the store's resources over it. */
export function startRelayClient(init: RelayClientInit): RelayClient {
  const connection = new RelayConnection({ ...init, random: init.random ?? Math.random });
  const queries = new Map<string, RemoteQuery>();
  let disposed = false;
  const host = {
    connection,
    gcTime: init.gcTime,
    forget: (q: RemoteQuery) => {
      if (queries.get(q.key) === q) queries.delete(q.key);
    },
    adopt: (q: RemoteQuery) => {
      if (!queries.has(q.key)) queries.set(q.key, q);
    },
  };

  const query = (resource: string, method: string, args: unknown[]): Observable<unknown> => {
    const operation = `${resource}.${method}`;
    const problem = disposed ? disposedError(operation) : crossing(operation, args);
    if (problem) {
      if (problem.kind === 'disposed') return EMPTY;
      return PLAIN_VALUES.has(operation) ? throwError(() => problem) : invalid$(problem);
    }
    // Encoded now: what is watched, again after a reconnect too, is the call as it was made.
    const wire = encodeArgs(args);
    const key = `${operation}:${JSON.stringify(wire)}`;
    let q = queries.get(key);
    if (!q) {
      q = new RemoteQuery(host, key, resource, method, wire);
      queries.set(key, q);
    }
    return q.observable;
  };

  const call = (resource: string, method: string, args: unknown[]): Promise<unknown> => {
    const operation = `${resource}.${method}`;
    if (method === 'setData')
      return Promise.reject(
        new IvsStoreError({
          kind: 'unsupported',
          operation,
          message: `${operation}: cache recipes are not available in relay mode: the cache is the relay's, shared by everyone it serves; change data with the resource's mutations`,
        }),
      );
    const problem = crossing(operation, args);
    return problem ? Promise.reject(problem) : connection.call(resource, method, args);
  };

  const resource = (name: string): object => {
    const methods = new Map<string, unknown>();
    return new Proxy(
      {},
      {
        get(_target, method) {
          // Not a thenable, nothing for symbols (inspection, iteration).
          if (typeof method === 'symbol' || method === 'then') return undefined;
          let fn = methods.get(method);
          if (fn === undefined) {
            fn = method.endsWith('$')
              ? (...args: unknown[]) => query(name, method, args)
              : (...args: unknown[]) => call(name, method, args);
            methods.set(method, fn);
          }
          return fn;
        },
      },
    );
  };

  // The relay's own store's figures (if it lets this principal see them), and this connection's.
  const metrics$ = combineLatest([
    (query('store', 'metrics$', []) as Observable<StoreMetrics>).pipe(
      catchError(() => EMPTY),
      startWith(EMPTY_METRICS),
    ),
    connection.metrics$,
  ]).pipe(map(([store, relay]) => ({ ...store, relay })));

  return {
    resource,
    metrics$,
    dispose() {
      if (disposed) return;
      disposed = true;
      connection.stop();
      for (const q of [...queries.values()]) q.finish({});
      queries.clear();
    },
  };
}

/** A validation error for the first argument part that cannot cross to the relay (a function: a predicate, a callback). */
function crossing(operation: string, args: unknown[]): IvsStoreError | undefined {
  const seen = new Set<object>();
  const walk = (value: unknown, path: string): IvsStoreError | undefined => {
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint')
      return invalidInput(
        operation,
        path,
        `is a ${typeof value}, which cannot be sent to the relay (in relay mode every query and call runs there)`,
      );
    if (typeof value !== 'object' || value === null || value instanceof Date || value instanceof Secret) return;
    if (seen.has(value)) return invalidInput(operation, path, 'is circular, which cannot be sent to the relay');
    seen.add(value);
    for (const [k, v] of Object.entries(value)) {
      const problem = walk(v, Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`);
      if (problem) return problem;
    }
    seen.delete(value);
    return undefined;
  };
  for (let i = 0; i < args.length; i++) {
    const problem = walk(args[i], `args[${i}]`);
    if (problem) return problem;
  }
  return undefined;
}
