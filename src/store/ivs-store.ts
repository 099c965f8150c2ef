import type { IvsClient } from '@aws-sdk/client-ivs';
import type { Observable } from 'rxjs';
import type { Environment } from '../core/environment.js';
import type { StoreMetrics } from '../core/metrics.js';
import type { RetryOptions } from '../core/pipeline.js';
import type { ChannelsApi } from '../resources/ivs/channels.js';
import type {
  AdConfigurationsApi,
  PlaybackKeyPairsApi,
  PlaybackRestrictionPoliciesApi,
  RecordingConfigurationsApi,
} from '../resources/ivs/configurations.js';
import type { StreamKeysApi } from '../resources/ivs/stream-keys.js';
import type { StreamSessionsApi } from '../resources/ivs/stream-sessions.js';
import type { StreamsApi } from '../resources/ivs/streams.js';
import type { ViewerSessionsApi } from '../resources/ivs/viewer-sessions.js';
import type { CompositionsApi } from '../resources/realtime/compositions.js';
import type {
  EncoderConfigurationsApi,
  PublicKeysApi,
  StorageConfigurationsApi,
} from '../resources/realtime/configurations.js';
import type { IngestConfigurationsApi } from '../resources/realtime/ingest-configurations.js';
import type { ParticipantsApi } from '../resources/realtime/participants.js';
import type { ReplicationApi } from '../resources/realtime/replication.js';
import type { StagesApi } from '../resources/realtime/stages.js';
import type { TagsApi } from '../resources/tags.js';
import type { RealtimeResources } from './realtime-resources.js';
import type { TabsOptions } from './tabs.js';
import type { EventFeed } from '../query/push/types.js';
import type { EventsOptions } from './events.js';
import type { RelayClientOptions } from '../query/relay/options.js';

/** The store's public shape: its options, and the resources it gives. */

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
  /** Keep polling this long after the last unsubscribe, ms (widgets re-mount). Default 2000. */
  graceTime?: number;
  /** Collect batch reads for this long, ms; 0 (default) batches reads of the same tick. */
  batchWindow?: number;
  /** @deprecated Renamed `graceTime` (every duration option is in ms, named without a unit, as in TanStack Query). */
  graceMs?: number;
  /** @deprecated Renamed `batchWindow`. */
  batchWindowMs?: number;
  /** Rate quotas by operation, over the published ones (e.g. to leave room for other tabs). */
  quotas?: Record<string, number>;
  /** Retries of throttling, 5xx and network failures (only when the client itself does not retry). */
  retry?: RetryOptions;
  /** Visibility and online signals. Default: the page's, or always active outside a browser. */
  environment?: Environment;
  /**
   * Stores of one account in several tabs share one poller and one quota budget: one tab
   * (elected with the Web Locks API) reads for all, the others mirror its cache over a
   * BroadcastChannel and have it run their calls. On by default in pages where both APIs
   * exist; `false` makes this store read for itself. See the README's "Tabs".
   */
  tabs?: boolean | TabsOptions;
  /**
   * Amazon EventBridge events of IVS, from whatever carries them to the page (SSE, a
   * WebSocket, AppSync Events): they update the cache at once and ask for a confirming read
   * where they carry part of the news, while polling stays as the safety net. An Observable
   * or AsyncIterable of events, or `{ source, safetyInterval?, quietAfter?, account?, covers? }`.
   * See the README's "Push".
   */
  events?: EventFeed | EventsOptions;
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
  /** Channels: reads batched into BatchGetChannel, lists, and mutations. */
  channels: ChannelsApi;
  /** Live state and health of channels, read by whichever costs fewer calls. */
  streams: StreamsApi;
  /** Stream keys; values are Secrets. */
  streamKeys: StreamKeysApi;
  /** Broadcast sessions of channels, past and current. */
  streamSessions: StreamSessionsApi;
  /** Where channels record to. */
  recordingConfigurations: RecordingConfigurationsApi;
  /** Keys that verify playback tokens of private channels. */
  playbackKeyPairs: PlaybackKeyPairsApi;
  /** Which countries and origins may play a channel. */
  playbackRestrictionPolicies: PlaybackRestrictionPoliciesApi;
  /** Server-side ad insertion settings (MediaTailor). */
  adConfigurations: AdConfigurationsApi;
  /** Tags of any taggable IVS resource, reflected into the cached resource. */
  tags: TagsApi;
  /** Viewer-session revocation, coalesced into batches of up to 20. */
  viewerSessions: ViewerSessionsApi;
  /** IVS RealTime (needs the `realtime` client): stages and their sessions. */
  stages: StagesApi;
  /** Who is on stage, and what changes. */
  participants: ParticipantsApi;
  /** Server-side compositions of stages. */
  compositions: CompositionsApi;
  /** Video settings of compositions. */
  encoderConfigurations: EncoderConfigurationsApi;
  /** S3 destinations of compositions. */
  storageConfigurations: StorageConfigurationsApi;
  /** RTMP/SRT ingest into stages. */
  ingestConfigurations: IngestConfigurationsApi;
  /** Keys that verify participant tokens you sign yourself. */
  publicKeys: PublicKeysApi;
  /** Participants replicated from one stage into another. */
  replication: ReplicationApi;
  /** Tags of RealTime resources. */
  realtimeTags: TagsApi;
  /** Calls, errors, retries, throttles, keys coalesced and effective poll intervals. */
  metrics$: Observable<StoreMetrics>;
  /**
   * Stops every poll, timer and request; Observables complete. Idempotent.
   * @example window.addEventListener('pagehide', () => store.dispose())
   */
  dispose(): void;
}

/**
 * `createIvsStore({ relay })`: a store that reads and writes through a relay
 * (`ivs-store/relay`), which holds the AWS credentials and polls once for everyone it serves.
 * No AWS SDK client: the page loads the store's core and the relay client, nothing of IVS.
 *
 * @example
 * ```ts
 * import { createIvsStore, type RelayStoreOptions } from 'ivs-store';
 *
 * const options: RelayStoreOptions = {
 *   relay: { url: 'wss://relay.example.com/ivs', token: () => fetch('/token').then((r) => r.text()) },
 * };
 * const store = createIvsStore(options);
 * ```
 */
export interface RelayStoreOptions {
  /** The relay's URL and the token its `authenticate` checks. */
  relay: RelayClientOptions;
  /**
   * How long a query nobody watches keeps its relay watch and last value, ms, so a widget
   * that re-mounts shows it at once. Default 5 minutes.
   */
  gcTime?: number;
  /** Online signals: back online, a reconnect waiting for its backoff goes at once. Default: the page's. */
  environment?: Environment;
  /** Not in relay mode: the relay holds the AWS clients. */
  ivs?: never;
  /** Not in relay mode: the relay holds the AWS clients. */
  realtime?: never;
}
