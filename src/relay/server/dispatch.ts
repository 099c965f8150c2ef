import { isObservable, type Observable } from 'rxjs';
import { IvsStoreError } from '../../index.js';
import { decode } from '../../query/sync/codec.js';
import type { ClientMessage } from '../../query/relay/protocol.js';
import type { RelayContext } from './context.js';
import { encodeJson, errorJson } from './encoding.js';
import { type Fanout, joinQuery, sharedQuery } from './shared-query.js';
import type { Session, Watch } from './session.js';
import type { RelayAction, RelayTarget } from '../types.js';

/**
 * Promise methods that only read, so the default policy lets them run: `refresh` re-reads
 * what is watched and `invalidate` marks entries stale for a re-read; neither changes
 * anything in IVS nor reveals more than a watch does. Every other Promise method is a `write`.
 */
export const READ_CALLS: ReadonlySet<string> = new Set(['refresh', 'invalidate']);

type Fn = (...args: unknown[]) => unknown;
type Msg<T extends ClientMessage['t']> = Extract<ClientMessage, { t: T }>;

const problem = (kind: IvsStoreError['kind'], operation: string, message: string, field?: string) =>
  new IvsStoreError({ kind, operation, field, message: `${operation}: ${message}` });

/** `store[resource][method]`, or why a client may not name it. */
function method<P>(ctx: RelayContext<P>, resource: string, name: string): Fn | IvsStoreError {
  const op = `${resource}.${name}`;
  if (resource === 'store')
    return name === 'metrics$'
      ? () => ctx.store.metrics$
      : problem('validation', op, "'method' of 'store' must be metrics$", 'method');
  if (!ctx.resources.has(resource))
    return problem('validation', op, "'resource' must be one of the store's resources", 'resource');
  // Object's own methods (constructor, toString…) are not the API's.
  if (name in Object.prototype) return problem('validation', op, "'method' must be a method of the resource", 'method');
  try {
    const fn = (ctx.store as unknown as Record<string, Record<string, unknown>>)[resource]?.[name];
    if (typeof fn === 'function') return fn as Fn;
  } catch (err) {
    // A RealTime resource on a relay without the realtime client says so.
    return problem('unsupported', op, err instanceof Error ? err.message : String(err));
  }
  return problem('validation', op, "'method' must be a method of the resource", 'method');
}

/** What `authorize` says; a throw is a no. */
async function allowed<P>(ctx: RelayContext<P>, s: Session<P>, action: RelayAction, target: RelayTarget) {
  try {
    return (await ctx.options.authorize(s.principal, action, target)) === true;
  } catch {
    return false;
  }
}

export async function watch<P>(ctx: RelayContext<P>, s: Session<P>, m: Msg<'watch'>): Promise<void> {
  const op = `${m.resource}.${m.method}`;
  if (s.watches.has(m.id)) return s.end(m.id, problem('validation', op, `watch id ${m.id} is in use`, 'id'));
  if (s.watches.size >= ctx.options.limits.maxWatches) {
    ctx.refused.overLimit++;
    ctx.changed();
    return s.end(m.id, problem('quota', op, `over the relay's limit of ${ctx.options.limits.maxWatches} watches`));
  }
  const fn = method(ctx, m.resource, m.method);
  if (fn instanceof IvsStoreError) return s.end(m.id, fn);
  const target: RelayTarget = { resource: m.resource, method: m.method, args: m.args };
  if (!(await allowed(ctx, s, 'read', target))) {
    ctx.refused.forbidden++;
    ctx.changed();
    return s.end(m.id, problem('access', op, 'not allowed to read this'));
  }
  const secrets = await allowed(ctx, s, 'secret', target);
  if (s.dropped) return; // the session ended while authorize ran
  const query = `${op}${JSON.stringify(m.args)}`;
  let source: Fanout | Observable<unknown> | undefined = sharedQuery(ctx.queries, m.method, query);
  if (!source) {
    let made: unknown;
    try {
      made = fn(...(decode(m.args) as unknown[]));
    } catch (err) {
      return s.end(m.id, err);
    }
    if (!isObservable(made)) return s.end(m.id, problem('validation', op, 'not an Observable method', 'method'));
    source = made;
  }
  const w: Watch = { id: m.id, query, secrets };
  s.watches.set(m.id, w);
  ctx.changed();
  const ended = (error?: unknown) => {
    if (s.watches.get(m.id) !== w) return;
    s.watches.delete(m.id);
    s.end(m.id, error);
    ctx.changed();
  };
  w.subscription = joinQuery(ctx.queries, m.method, query, source, {
    next: (v) => s.value(w, v),
    error: (err: unknown) => ended(err ?? problem('unknown', op, 'failed')),
    complete: () => ended(),
  });
}

export function unwatch<P>(ctx: RelayContext<P>, s: Session<P>, m: Msg<'unwatch'>): void {
  if (!s.watches.has(m.id)) return;
  s.forget(m.id);
  ctx.changed();
}

export async function call<P>(ctx: RelayContext<P>, s: Session<P>, m: Msg<'call'>): Promise<void> {
  const op = `${m.resource}.${m.method}`;
  const fail = (err: unknown) => s.result(m.id, false, errorJson(err));
  // A recipe is a function: it cannot cross, and the relay's cache is everyone's.
  if (m.method === 'setData')
    return fail(problem('unsupported', op, 'cache recipes do not run through a relay; call a mutation instead'));
  const fn = method(ctx, m.resource, m.method);
  if (fn instanceof IvsStoreError) return fail(fn);
  const target: RelayTarget = { resource: m.resource, method: m.method, args: m.args };
  if (!(await allowed(ctx, s, READ_CALLS.has(m.method) ? 'read' : 'write', target))) {
    ctx.refused.forbidden++;
    ctx.changed();
    return fail(
      problem('access', op, READ_CALLS.has(m.method) ? 'not allowed to read this' : 'not allowed to change this'),
    );
  }
  const secrets = await allowed(ctx, s, 'secret', target);
  if (s.dropped) return; // nobody to answer: a mutation is not run for a client gone
  // Not awaited: a slow mutation does not hold up the connection's next messages.
  void Promise.resolve()
    .then(() => fn(...(decode(m.args) as unknown[])))
    .then(
      (value) => s.result(m.id, true, encodeJson(value, secrets)),
      (err: unknown) => fail(err),
    );
}

export function nextPage<P>(s: Session<P>, m: Msg<'next-page'>): void {
  const latest = s.watches.get(m.id)?.latest as { fetchNextPage?: unknown } | undefined;
  const more = latest?.fetchNextPage;
  if (typeof more !== 'function') {
    const err = problem('validation', 'next-page', `watch ${m.id} has no page entry (a pages$ watch)`, 'id');
    s.result(m.call, false, errorJson(err));
    return;
  }
  // Its read was authorized with the watch.
  void Promise.resolve()
    .then(() => (more as () => unknown).call(latest))
    .then(
      () => s.result(m.call, true, 'null'),
      (err: unknown) => s.result(m.call, false, errorJson(err)),
    );
}
