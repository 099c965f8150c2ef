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
import { buildFamily, type FamilyTable } from './build-family.js';

const REALTIME: FamilyTable<'realtime', IVSRealTimeClient> = {
  stages: createStagesApi,
  // After stages: participants follow their stage's active session.
  participants: (ctx, client, built) =>
    createParticipantsApi(ctx, client, built.stages as NonNullable<typeof built.stages>),
  compositions: createCompositionsApi,
  encoderConfigurations: createEncoderConfigurationsApi,
  storageConfigurations: createStorageConfigurationsApi,
  ingestConfigurations: createIngestConfigurationsApi,
  publicKeys: createPublicKeysApi,
  replication: createReplicationApi,
  realtimeTags: createRealtimeTagsApi,
};

export const createRealtimeFamily = (ctx: StoreContext, client: IVSRealTimeClient) =>
  buildFamily(REALTIME, ctx, client);
