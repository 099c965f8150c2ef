/**
 * ivs-store: reactive, always-fresh Amazon IVS state as RxJS Observables.
 *
 * @module ivs-store
 */
export {
  createIvsStore,
  type IvsStore,
  type IvsStoreOptions,
  type RelayStoreOptions,
} from './store/create-store.js';
export type {
  RelayClientMetrics,
  RelayClientOptions,
  WebSocketConstructorLike,
  WebSocketLike,
} from './query/relay/options.js';
export type { RealtimeResources } from './store/realtime-resources.js';
export type { LockManagerLike, Message, TabsMetrics, TabsOptions, Transport, WireEntry } from './store/tabs.js';
export type { CoveredKind, EventFeed, EventFeedItem, EventsOptions, IvsEvent } from './store/events.js';
export {
  fromEventSource,
  type EventSourceConstructor,
  type EventSourceLike,
  type FromEventSourceOptions,
} from './query/push/from-event-source.js';
export type {
  Entry,
  EntryStatus,
  EntryMeta,
  SuccessEntry,
  LoadingEntry,
  ErrorEntry,
  NotFoundEntry,
} from './core/entry.js';
export { IvsStoreError, isIvsStoreError, type IvsStoreErrorKind } from './core/errors.js';
export type { EventMetrics, StoreMetrics } from './core/metrics.js';
export type { RetryOptions } from './core/pipeline.js';
export { browserEnvironment, alwaysActiveEnvironment, type Environment } from './core/environment.js';
export { Secret } from './core/secret.js';
export type { QueryOptions } from './core/checks.js';
export type { PagedData, PagedEntry, PagedMeta, PagedOptions } from './query/paged-entry.js';
export type { CacheEdit, Recipe, SetsData } from './query/set-data.js';
export type {
  ChannelsApi,
  ChannelFilter,
  CreateChannelInput,
  UpdateChannelInput,
  StoreChannel,
} from './resources/ivs/channels.js';
export type { StreamKeysApi, StoreStreamKey } from './resources/ivs/stream-keys.js';
export type {
  StreamsApi,
  StreamState,
  StreamHealth,
  StreamHealthState,
  HealthSample,
  StreamTransition,
  StreamsSummary,
} from './resources/ivs/streams.js';
export type { StreamSessionsApi } from './resources/ivs/stream-sessions.js';
export type {
  RecordingConfigurationsApi,
  PlaybackKeyPairsApi,
  PlaybackRestrictionPoliciesApi,
  AdConfigurationsApi,
} from './resources/ivs/configurations.js';
export type { TagsApi } from './resources/ivs/tags.js';
export type { ViewerSessionsApi, ViewerSessionRevocation } from './resources/ivs/viewer-sessions.js';
export type { StagesApi, StoreParticipantToken } from './resources/realtime/stages.js';
export type { ParticipantsApi, ParticipantChange, ParticipantState } from './resources/realtime/participants.js';
export type { CompositionsApi, CompositionFilter } from './resources/realtime/compositions.js';
export type {
  EncoderConfigurationsApi,
  StorageConfigurationsApi,
  PublicKeysApi,
} from './resources/realtime/configurations.js';
export type { IngestConfigurationsApi, StoreIngestConfiguration } from './resources/realtime/ingest-configurations.js';
export type { ReplicationApi } from './resources/realtime/replication.js';
export { publishedQuota } from './resources/quotas.js';
export { prefetch, type PrefetchOptions, type Prefetched } from './store/ssr/prefetch.js';
export {
  dehydrate,
  type DehydratedEntry,
  type DehydratedState,
  type DehydrateOptions,
} from './store/ssr/dehydrate.js';
export { hydrate } from './store/ssr/hydrate.js';
