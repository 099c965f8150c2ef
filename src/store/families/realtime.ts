/** Every IVS RealTime resource, loaded on first use (see lazy-family.ts). */
import type { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import { createRealtimeConfigurationApis } from '../../resources/realtime/configurations.js';
import { createParticipantsApi } from '../../resources/realtime/participants.js';
import { createRealtimeTagsApi, createReplicationApi } from '../../resources/realtime/replication.js';
import { createStagesApi } from '../../resources/realtime/stages.js';
import type { StoreContext } from '../context.js';

export function createRealtimeFamily(ctx: StoreContext, client: IVSRealTimeClient) {
  const stages = createStagesApi(ctx, client);
  return {
    stages: stages.api,
    participants: createParticipantsApi(ctx, client, stages.api),
    ...createRealtimeConfigurationApis(ctx, client),
    replication: createReplicationApi(ctx, client),
    realtimeTags: createRealtimeTagsApi(ctx, client),
  };
}

export type RealtimeFamily = ReturnType<typeof createRealtimeFamily>;
