/** Every IVS RealTime resource, loaded on first use (see lazy-family.ts), reachable only from `ivs-store/realtime`. */
import type { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import type { StoreContext } from '../query/context.js';
import { createCompositionsApi } from '../resources/realtime/compositions.js';
import {
  createEncoderConfigurationsApi,
  createPublicKeysApi,
  createStorageConfigurationsApi,
} from '../resources/realtime/configurations.js';
import { createIngestConfigurationsApi } from '../resources/realtime/ingest-configurations.js';
import { createParticipantsApi } from '../resources/realtime/participants.js';
import { createReplicationApi } from '../resources/realtime/replication.js';
import { createStagesApi } from '../resources/realtime/stages.js';
import { createRealtimeTagsApi } from '../resources/realtime/tags.js';
import type { FamilyApis } from './registry.js';

/** Builds the family: each of its resources, one line each (a missing or extra one is a type error). */
export function createRealtimeFamily(ctx: StoreContext, client: IVSRealTimeClient): FamilyApis<'realtime'> {
  const stages = createStagesApi(ctx, client);
  return {
    stages,
    // Participants follow their stage's active session.
    participants: createParticipantsApi(ctx, client, stages),
    compositions: createCompositionsApi(ctx, client),
    encoderConfigurations: createEncoderConfigurationsApi(ctx, client),
    storageConfigurations: createStorageConfigurationsApi(ctx, client),
    ingestConfigurations: createIngestConfigurationsApi(ctx, client),
    publicKeys: createPublicKeysApi(ctx, client),
    replication: createReplicationApi(ctx, client),
    realtimeTags: createRealtimeTagsApi(ctx, client),
  };
}
