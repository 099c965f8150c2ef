import type { RelayAction, RelayLimits, RelayOptions, RelayTarget } from '../types.js';

/** The limits with every default filled in. */
export type Limits = Required<RelayLimits>;

export interface CheckedRelayOptions<P> extends RelayOptions<P> {
  limits: Limits;
  authorize(principal: P, action: RelayAction, target: RelayTarget): boolean | Promise<boolean>;
}

const DEFAULTS: Limits = {
  maxWatches: 1000,
  maxMessageBytes: 64 * 1024,
  messagesPerSecond: 50,
  burst: 500,
  maxBufferedBytes: 1024 * 1024,
  resumeMs: 30_000,
  helloTimeoutMs: 10_000,
};

/** The default policy: every read, no write, no secret value. */
export const readOnly = (_principal: unknown, action: RelayAction): boolean => action === 'read';

/** Options as given, checked up front (as createIvsStore checks its own): a TypeError naming the field. */
export function checkRelayOptions<P>(options: RelayOptions<P>, who: string): CheckedRelayOptions<P> {
  const fail = (msg: string): never => {
    throw new TypeError(`${who}: ${msg}`);
  };
  if (!options || typeof options !== 'object') fail('options must be an object with at least { ivs, authenticate }');
  if (!options.ivs || typeof (options.ivs as { send?: unknown }).send !== 'function')
    fail('ivs must be an IvsClient (an object with send())');
  if (typeof options.authenticate !== 'function')
    fail(
      'authenticate must be a function ({ token, request }) => principal | undefined: a relay without one would serve anybody',
    );
  if (options.authorize !== undefined && typeof options.authorize !== 'function')
    fail('authorize must be a function (principal, action, target) => boolean');
  if (options.store !== undefined && (typeof options.store !== 'object' || options.store === null))
    fail('store must be an object of store options');
  const store = options.store as Record<string, unknown> | undefined;
  for (const k of ['ivs', 'realtime', 'tabs'])
    if (store && k in store)
      fail(`store.${k} is not a store option here: give ${k === 'tabs' ? 'redis' : k} to the relay`);
  const redis = options.redis as unknown;
  if (
    redis !== undefined &&
    !(typeof redis === 'string' ? /^rediss?:\/\//.test(redis) : typeof redis === 'object' && redis !== null)
  )
    fail(`redis must be a redis:// or rediss:// URL or an ioredis client, got ${String(redis)}`);
  const cluster = options.cluster as Record<string, unknown> | undefined;
  if (cluster !== undefined) {
    if (typeof cluster !== 'object' || cluster === null) fail('cluster must be an object { key?, leaseMs? }');
    else if (cluster.key !== undefined && !(typeof cluster.key === 'string' && cluster.key !== ''))
      fail('cluster.key must be a non-empty string');
    else if (cluster.leaseMs !== undefined && !(typeof cluster.leaseMs === 'number' && cluster.leaseMs > 0))
      fail(`cluster.leaseMs must be a positive number of ms, got ${String(cluster.leaseMs)}`);
  }
  const given = options.limits as Record<string, unknown> | undefined;
  if (given !== undefined && (typeof given !== 'object' || given === null)) fail('limits must be an object');
  const limits = { ...DEFAULTS };
  for (const key of Object.keys(given ?? {})) {
    if (!(key in DEFAULTS)) fail(`limits.${key} is not a limit (${Object.keys(DEFAULTS).join(', ')})`);
    const v = given?.[key];
    if (v === undefined) continue;
    if (!(typeof v === 'number' && Number.isFinite(v) && v > 0))
      fail(`limits.${key} must be a positive number, got ${String(v)}`);
    limits[key as keyof Limits] = v as number;
  }
  return { ...options, limits, authorize: options.authorize ?? readOnly };
}
