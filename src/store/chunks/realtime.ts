/**
 * The RealTime resources beyond stages and participants, one chunk: compositions, their
 * configurations, ingest configurations, public keys, replication, tags (one chunk for the
 * reason ivs.ts gives). Reachable only from `ivs-store/realtime` (realtime-registry.ts).
 */
export { createCompositionsApi as compositions } from '../../resources/realtime/compositions.js';
export {
  createEncoderConfigurationsApi as encoderConfigurations,
  createPublicKeysApi as publicKeys,
  createStorageConfigurationsApi as storageConfigurations,
} from '../../resources/realtime/configurations.js';
export { createIngestConfigurationsApi as ingestConfigurations } from '../../resources/realtime/ingest-configurations.js';
export { createReplicationApi as replication } from '../../resources/realtime/replication.js';
export { createRealtimeTagsApi as realtimeTags } from '../../resources/realtime/tags.js';
