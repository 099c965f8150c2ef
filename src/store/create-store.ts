import { Cache } from '../core/cache.js';
import { disposedError, IvsStoreError } from '../core/errors.js';
import { active$, defaultEnvironment, type Environment } from '../core/environment.js';
import { MetricsRecorder } from '../core/metrics.js';
import { Pipeline } from '../core/pipeline.js';
import { QuotaScheduler } from '../core/scheduler.js';
import type { StoreContext } from '../query/context.js';
import { classify } from '../resources/errors.js';
import { publishedQuota } from '../resources/quotas.js';
import type { IvsStore, IvsStoreOptions, RelayStoreOptions } from './ivs-store.js';
import { createRelayStore, isRelayOptions } from './relay-store.js';
import { lazyResource, once } from './lazy-resource.js';
import { Tabs, tabsOptions } from './tabs.js';
import { eventsOptions, leads } from './events.js';
import type { Poller } from '../core/poller.js';
import { REGISTRY, type ResourceName } from './registry.js';
import { INTERNALS } from './internals.js';
import { durationOption } from './duration-option.js';

export type {
  IvsStore,
  IvsStoreOptions,
  RelayStoreOptions,
} from './ivs-store.js';

/**
 * Creates a store over the SDK clients the app already has. Everything it exposes is a
 * selection of one cache plus request status, kept fresh by polling what is watched.
 *
 * @example
 * ```ts
 * import { IvsClient } from '@aws-sdk/client-ivs';
 * import { createIvsStore } from 'ivs-store';
 *
 * const store = createIvsStore({ ivs: new IvsClient({ region: 'us-east-1', maxAttempts: 1 }) });
 * store.streams.live$().subscribe((e) => console.log(e.status, e.data?.length));
 * ```
 */
export function createIvsStore(options: IvsStoreOptions): IvsStore;
// Direct first: a call that fits neither is explained against the direct options, as before relays.
/**
 * Creates a store that reads and writes through a relay (`ivs-store/relay`): the same
 * resources and Observables, one WebSocket, no AWS SDK in the page.
 *
 * @example
 * ```ts
 * import { createIvsStore } from 'ivs-store';
 *
 * const store = createIvsStore({ relay: { url: 'wss://relay.example.com/ivs', token: () => getJwt() } });
 * store.streams.live$().subscribe((e) => console.log(e.status, e.data?.length));
 * ```
 */
export function createIvsStore(options: RelayStoreOptions): IvsStore;
export function createIvsStore(options: IvsStoreOptions | RelayStoreOptions): IvsStore {
  if (isRelayOptions(options)) return createRelayStore(options);
  const o = checkOptions(options);
  const metrics = new MetricsRecorder();
  const scheduler = new QuotaScheduler(o.quotas ?? {}, publishedQuota);
  const pipeline = new Pipeline(scheduler, metrics, o.retry, Math.random, classify);
  const cache = new Cache({ gcTime: o.gcTime });
  const disposers: Array<() => void> = [];
  const pollers: Array<[string, Poller]> = [];

  // The store retries only for clients that do not retry themselves, so attempts never
  // multiply. The client's setting is read once; it is known before any call can fail.
  const sdkAttempts: Partial<Record<string, number>> = {};
  const readAttempts = (service: 'ivs' | 'realtime', client: { config?: { maxAttempts?: unknown } } | undefined) => {
    const provider = client?.config?.maxAttempts;
    if (typeof provider === 'function') {
      void Promise.resolve((provider as () => unknown)()).then(
        (n) => {
          if (typeof n === 'number') sdkAttempts[service] = n;
        },
        () => undefined,
      );
    } else if (typeof provider === 'number') sdkAttempts[service] = provider;
  };
  readAttempts('ivs', o.ivs as unknown as { config?: { maxAttempts?: unknown } });
  readAttempts('realtime', o.realtime?.client as unknown as { config?: { maxAttempts?: unknown } } | undefined);

  let disposed = false;
  // Resources as they are, for the leader to call for the tabs it reads for.
  const own = {} as Record<string, object>;
  const tabsOn = tabsOptions(o.tabs);
  const tabs =
    tabsOn &&
    new Tabs({
      options: tabsOn,
      ivs: o.ivs,
      cache,
      metrics$: metrics.metrics$,
      environment: o.environment,
      invoke: (resource, method, args) =>
        (own[resource] as Record<string, (...a: unknown[]) => unknown> | undefined)?.[method]?.(...args),
    });
  const eventsOn = eventsOptions(o.events);
  const ctx: StoreContext = {
    cache,
    pipeline,
    scheduler,
    metrics,
    active$: tabs ? tabs.active$() : active$(o.environment),
    ...(tabs && { reads: () => tabs.reads }),
    refetchInterval: o.refetchInterval,
    batchWindow: o.batchWindow,
    graceTime: o.graceTime,
    pollers,
    retriesFor: (service) => () => ((sdkAttempts[service] ?? 1) > 1 ? 0 : undefined),
    onDispose: (fn) => disposers.push(fn),
    onDemand: (name, importModule, build) =>
      once(() => {
        const gone = () => disposedError(name);
        if (disposed) return Promise.reject(gone());
        return importModule().then(
          (m) => {
            if (disposed) throw gone();
            return build(m);
          },
          (err: unknown) => {
            // A chunk that did not arrive is worth another try; one that names a command the
            // installed SDK lacks is not.
            const unsupported = classify(err, name);
            throw unsupported.kind === 'unsupported'
              ? unsupported
              : new IvsStoreError({
                  kind: 'network',
                  operation: name,
                  message: `Could not load the ${name} code: ${err instanceof Error ? err.message : String(err)}`,
                  cause: err,
                });
          },
        );
      }),
  };

  if (eventsOn) {
    // The feed's code and every resource's rules load as the store starts, in chunks of their own.
    const feed = ctx.onDemand(
      'event feed',
      () => import('./push-feed.js'),
      (m) => {
        const reader = m.startFeed({
          options: eventsOn,
          ivs: o.ivs,
          metrics,
          reads$: tabs ? leads(tabs.role$) : undefined,
        });
        disposers.push(() => reader.dispose());
        return reader;
      },
    );
    ctx.push = {
      rules: (load) =>
        void Promise.all([feed(), load()]).then(
          ([r, set]) => r.add(set),
          () => undefined,
        ),
    };
    void feed().catch(() => undefined);
  }

  // Resources loaded on first use; a store disposed before their code arrives never builds them.
  const rt = o.realtime;
  const store = {} as IvsStore;
  const resources = store as unknown as Record<ResourceName, object>;
  // A chunk exports each of its resources' factories under the resource's name (registry.ts).
  const lazy = (name: ResourceName, load: () => Promise<object>, client: unknown, eager?: boolean) =>
    lazyResource(
      name,
      ctx.onDemand(name, load, (chunk) => (chunk as Record<string, Factory>)[name]!(ctx, client, store)),
      { eager },
    );
  for (const name of Object.keys(REGISTRY) as ResourceName[]) {
    const chunk = REGISTRY[name];
    own[name] =
      chunk !== 'realtime'
        ? lazy(name, chunk, o.ivs, name === 'channels')
        : rt
          ? lazy(name, () => rt.load(name), rt.client)
          : // Without a RealTime client, RealTime resources explain what is missing when touched.
            lazyResource(name, () => Promise.reject(), {
              unavailable: `IVS RealTime needs the realtime option: ${HOW_REALTIME}`,
            });
    const api = own[name] as object;
    resources[name] = tabs ? tabs.forward(name, api) : api;
  }
  const metrics$ = tabs ? tabs.metrics$(metrics.metrics$) : metrics.metrics$;
  // For the functions outside the store object: dehydrate and hydrate (ssr), and
  // ivs-store/devtools, which derives what it shows from these (devtools/inspection.ts).
  Object.defineProperty(store, INTERNALS, {
    value: { cache, resources: own, pollers, scheduler, pipeline, metrics$, reads: () => !tabs || tabs.reads },
  });
  return Object.assign(store, {
    metrics$,
    dispose() {
      if (disposed) return;
      disposed = true;
      tabs?.dispose();
      for (const fn of disposers.splice(0)) fn();
      pipeline.dispose();
      scheduler.dispose();
      cache.dispose();
      metrics.complete();
    },
  });
}

interface CheckedOptions extends IvsStoreOptions {
  refetchInterval: number;
  gcTime: number;
  graceTime: number;
  batchWindow: number;
  environment: Environment;
}

function checkOptions(options: IvsStoreOptions): CheckedOptions {
  const fail = (msg: string): never => {
    throw new TypeError(`createIvsStore: ${msg}`);
  };
  if (!options || typeof options !== 'object') fail('options must be an object with at least { ivs }');
  if (!options.ivs || typeof (options.ivs as { send?: unknown }).send !== 'function')
    fail('ivs must be an IvsClient (an object with send())');
  if (options.realtime !== undefined && typeof options.realtime?.load !== 'function') {
    fail(`realtime must be ${HOW_REALTIME}`);
  }
  const tabs = options.tabs as unknown;
  if (tabs !== undefined && typeof tabs !== 'boolean') {
    const t = tabs as Record<string, unknown> | null;
    if (typeof t !== 'object' || t === null)
      fail(`tabs must be true, false or { key?, transport?, locks? }, got ${String(tabs)}`);
    else if (t.key !== undefined && !(typeof t.key === 'string' && t.key !== ''))
      fail('tabs.key must be a non-empty string');
    else if (t.transport !== undefined && typeof t.transport !== 'function')
      fail('tabs.transport must be a function of the group name returning a Transport');
    else if (t.locks !== undefined && typeof (t.locks as { request?: unknown } | null)?.request !== 'function')
      fail('tabs.locks must be a LockManager (navigator.locks)');
  }
  return {
    ...options,
    refetchInterval: durationOption('refetchInterval', options.refetchInterval, 5000),
    gcTime: durationOption('gcTime', options.gcTime, 5 * 60_000, true),
    // The deprecated names are still read; the new ones win.
    graceTime: durationOption('graceTime (or graceMs)', options.graceTime ?? options.graceMs, 2000, true),
    batchWindow: durationOption(
      'batchWindow (or batchWindowMs)',
      options.batchWindow ?? options.batchWindowMs,
      0,
      true,
    ),
    environment: options.environment ?? defaultEnvironment(),
  };
}

/** How every chunk builds a resource on this store. */
type Factory = (ctx: StoreContext, client: unknown, store: IvsStore) => object;

const HOW_REALTIME = "realtimeResources(new IVSRealTimeClient(config)), from 'ivs-store/realtime'";
