import type { IvsClient } from '@aws-sdk/client-ivs';
import { type Observable } from 'rxjs';
import { Cache } from '../core/cache.js';
import { classifyError, disposedError, IvsStoreError } from '../core/errors.js';
import { active$, defaultEnvironment, type Environment } from '../core/environment.js';
import { MetricsRecorder, type StoreMetrics } from '../core/metrics.js';
import { Pipeline, type RetryOptions } from '../core/pipeline.js';
import { QuotaScheduler } from '../core/scheduler.js';
import { createChannelsApi, type ChannelsApi } from '../resources/ivs/channels.js';
import type { AdConfigurationsApi, PlaybackKeyPairsApi, PlaybackRestrictionPoliciesApi, RecordingConfigurationsApi } from '../resources/ivs/configurations.js';
import type { StreamKeysApi } from '../resources/ivs/stream-keys.js';
import type { StreamSessionsApi } from '../resources/ivs/stream-sessions.js';
import type { TagsApi } from '../resources/ivs/tags.js';
import type { ViewerSessionsApi } from '../resources/ivs/viewer-sessions.js';
import type { CompositionsApi, EncoderConfigurationsApi, IngestConfigurationsApi, PublicKeysApi, StorageConfigurationsApi } from '../resources/realtime/configurations.js';
import type { ParticipantsApi } from '../resources/realtime/participants.js';
import type { ReplicationApi } from '../resources/realtime/replication.js';
import type { StagesApi } from '../resources/realtime/stages.js';
import type { StreamsApi } from '../resources/ivs/streams.js';
import { publishedQuota } from '../resources/quotas.js';
import type { StoreContext } from './context.js';
import type { IvsExtras } from './families/ivs-extras.js';
import type { RealtimeFamily } from './families/realtime.js';
import type { StreamsFamily } from './families/streams.js';
import { lazyFamily, once } from './lazy-family.js';
import type { RealtimeResources } from './realtime-resources.js';

export interface IvsStoreOptions {
  /** An IvsClient. Give it `maxAttempts: 1` so retries go through the store's quota-aware scheduler. */
  ivs: IvsClient;
  /**
   * Stages, participants and the other RealTime resources:
   * `realtimeResources(new IVSRealTimeClient(config))` from `ivs-store/realtime`.
   */
  realtime?: RealtimeResources;
  /** How often watched queries are re-read, ms. Default 5000. Per query: `{ refetchInterval }`. */
  refetchInterval?: number;
  /** How long entries nobody watches are kept, ms. Default 5 minutes. */
  gcTime?: number;
  /** Keep polling this long after the last unsubscribe, ms. Default 2000. */
  graceMs?: number;
  /** Collect batch reads for this long, ms; 0 (default) batches reads of the same tick. */
  batchWindowMs?: number;
  /** Rate quotas by operation, over the published ones (e.g. to leave room for other tabs). */
  quotas?: Record<string, number>;
  /** Retries of throttling, 5xx and network failures (only when the client itself does not retry). */
  retry?: RetryOptions;
  /** Visibility and online signals. Default: the page's, or always active outside a browser. */
  environment?: Environment;
}

/**
 * The store: one cache, kept fresh by polling what is watched.
 *
 * Bad arguments, the same rule for every method: a wrong type, `null` or a non-object where
 * an object is expected, a member the input does not have (inputs and filters are compared
 * with the SDK command's input, options with the method's own), or a value that breaks a rule
 * is an `IvsStoreError` of kind `validation` naming the operation, the field (`field`) and the
 * rule, found before anything is sent. No method throws synchronously:
 * - Promise methods reject;
 * - methods returning `Observable<Entry<T>>` emit one `error` entry, then complete;
 * - Observables of plain values (`streams.health$`, `streams.healthHistory$`,
 *   `participants.changes$`) fail with it (their `error` notification).
 */
export interface IvsStore {
  channels: ChannelsApi;
  /** Live state and health of channels, read by whichever costs fewer calls. */
  streams: StreamsApi;
  /** Stream keys; values are Secrets. */
  streamKeys: StreamKeysApi;
  streamSessions: StreamSessionsApi;
  recordingConfigurations: RecordingConfigurationsApi;
  playbackKeyPairs: PlaybackKeyPairsApi;
  playbackRestrictionPolicies: PlaybackRestrictionPoliciesApi;
  adConfigurations: AdConfigurationsApi;
  /** Tags of any taggable IVS resource, reflected into the cached resource. */
  tags: TagsApi;
  /** Viewer-session revocation, coalesced into batches of up to 20. */
  viewerSessions: ViewerSessionsApi;
  /** IVS RealTime (needs the `realtime` client): stages and their sessions. */
  stages: StagesApi;
  /** Who is on stage, and what changes. */
  participants: ParticipantsApi;
  compositions: CompositionsApi;
  encoderConfigurations: EncoderConfigurationsApi;
  storageConfigurations: StorageConfigurationsApi;
  ingestConfigurations: IngestConfigurationsApi;
  publicKeys: PublicKeysApi;
  replication: ReplicationApi;
  /** Tags of RealTime resources. */
  realtimeTags: TagsApi;
  /** Calls, errors, retries, throttles, keys coalesced and effective poll intervals. */
  metrics$: Observable<StoreMetrics>;
  /** Stops every poll, timer and request; Observables complete. Idempotent. */
  dispose(): void;
}

/**
 * Creates a store over the SDK clients the app already has. Everything it exposes is a
 * selection of one cache plus request status, kept fresh by polling what is watched.
 */
export function createIvsStore(options: IvsStoreOptions): IvsStore {
  const o = checkOptions(options);
  const metrics = new MetricsRecorder();
  const scheduler = new QuotaScheduler(o.quotas ?? {}, publishedQuota);
  const pipeline = new Pipeline(scheduler, metrics, o.retry);
  const cache = new Cache({ gcTime: o.gcTime });
  const disposers: Array<() => void> = [];

  // The store retries only for clients that do not retry themselves, so attempts never
  // multiply. The client's setting is read once; it is known before any call can fail.
  const sdkAttempts: Partial<Record<'ivs' | 'realtime', number>> = {};
  const readAttempts = (service: 'ivs' | 'realtime', client: { config?: { maxAttempts?: unknown } } | undefined) => {
    const provider = client?.config?.maxAttempts;
    if (typeof provider === 'function') {
      void Promise.resolve((provider as () => unknown)()).then((n) => {
        if (typeof n === 'number') sdkAttempts[service] = n;
      }, () => undefined);
    } else if (typeof provider === 'number') sdkAttempts[service] = provider;
  };
  readAttempts('ivs', o.ivs as unknown as { config?: { maxAttempts?: unknown } });
  readAttempts('realtime', o.realtime?.client as unknown as { config?: { maxAttempts?: unknown } } | undefined);

  let disposed = false;
  const ctx: StoreContext = {
    cache,
    pipeline,
    scheduler,
    metrics,
    active$: active$(o.environment),
    refetchInterval: o.refetchInterval,
    batchWindowMs: o.batchWindowMs,
    graceMs: o.graceMs,
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
            const unsupported = classifyError(err, name);
            throw unsupported.kind === 'unsupported' ? unsupported : new IvsStoreError({ kind: 'network', operation: name, message: `Could not load the ${name} code: ${err instanceof Error ? err.message : String(err)}`, cause: err });
          },
        );
      }),
  };

  const channels = createChannelsApi(ctx, o.ivs);
  // Families loaded on first use; a store disposed before its code arrives never builds them.
  const rt = o.realtime;
  const realtime = rt ? lazyFamily<RealtimeFamily>(REALTIME, ctx.onDemand('RealTime resources', rt.load, (m) => m.createRealtimeFamily(ctx, rt.client)), { eager: true }) : missingRealtime();
  const streams = lazyFamily<StreamsFamily>(['streams'], ctx.onDemand('streams', () => import('./families/streams.js'), (m) => m.createStreamsFamily(ctx, o.ivs)));
  const extras = lazyFamily<IvsExtras>(IVS_EXTRAS, ctx.onDemand('IVS resources', () => import('./families/ivs-extras.js'), (m) => m.createIvsExtras(ctx, o.ivs)));
  return {
    ...realtime,
    ...extras,
    ...streams,
    channels,
    metrics$: metrics.metrics$,
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const fn of disposers.splice(0)) fn();
      pipeline.dispose();
      scheduler.dispose();
      cache.dispose();
      metrics.complete();
    },
  };
}

interface CheckedOptions extends IvsStoreOptions {
  refetchInterval: number;
  gcTime: number;
  graceMs: number;
  batchWindowMs: number;
  environment: Environment;
}

function checkOptions(options: IvsStoreOptions): CheckedOptions {
  const fail = (msg: string): never => {
    throw new TypeError(`createIvsStore: ${msg}`);
  };
  if (!options || typeof options !== 'object') fail('options must be an object with at least { ivs }');
  if (!options.ivs || typeof (options.ivs as { send?: unknown }).send !== 'function') fail('ivs must be an IvsClient (an object with send())');
  if (options.realtime !== undefined && typeof options.realtime?.load !== 'function') {
    fail(`realtime must be ${HOW_REALTIME}`);
  }
  const positive = (name: string, value: number | undefined, fallback: number, allowZero = false) => {
    const v = value ?? fallback;
    if (!(typeof v === 'number' && Number.isFinite(v) && (allowZero ? v >= 0 : v > 0))) fail(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number of ms, got ${String(value)}`);
    return v;
  };
  return {
    ...options,
    refetchInterval: positive('refetchInterval', options.refetchInterval, 5000),
    gcTime: positive('gcTime', options.gcTime, 5 * 60_000, true),
    graceMs: positive('graceMs', options.graceMs, 2000, true),
    batchWindowMs: positive('batchWindowMs', options.batchWindowMs, 0, true),
    environment: options.environment ?? defaultEnvironment(),
  };
}

const REALTIME: ReadonlyArray<keyof RealtimeFamily> = ['stages', 'participants', 'compositions', 'encoderConfigurations', 'storageConfigurations', 'ingestConfigurations', 'publicKeys', 'replication', 'realtimeTags'];
const IVS_EXTRAS: ReadonlyArray<keyof IvsExtras> = ['streamKeys', 'streamSessions', 'recordingConfigurations', 'playbackKeyPairs', 'playbackRestrictionPolicies', 'adConfigurations', 'tags', 'viewerSessions'];

const HOW_REALTIME = "realtimeResources(new IVSRealTimeClient(config)), from 'ivs-store/realtime'";

/** Without a RealTime client, RealTime resources explain what is missing when touched. */
function missingRealtime(): RealtimeFamily {
  const explain = (name: string) =>
    new Proxy({} as never, {
      get(_t, prop) {
        if (prop === 'then' || typeof prop === 'symbol') return undefined;
        throw new TypeError(`store.${name}.${String(prop)}: IVS RealTime needs the realtime option: ${HOW_REALTIME}`);
      },
    });
  return Object.fromEntries(REALTIME.map((name) => [name, explain(name)])) as unknown as RealtimeFamily;
}
