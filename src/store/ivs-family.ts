/**
 * The IVS resources most dashboards do not show: stream keys, configurations, stream
 * sessions, tags, viewer-session revocation. Loaded on first use (see lazy-family.ts).
 */
import type { IvsClient } from '@aws-sdk/client-ivs';
import type { StoreContext } from '../query/context.js';
import {
  createAdConfigurationsApi,
  createPlaybackKeyPairsApi,
  createPlaybackRestrictionPoliciesApi,
  createRecordingConfigurationsApi,
} from '../resources/ivs/configurations.js';
import { createStreamKeysApi } from '../resources/ivs/stream-keys.js';
import { createStreamSessionsApi } from '../resources/ivs/stream-sessions.js';
import { createIvsTagsApi } from '../resources/ivs/tags.js';
import { createViewerSessionsApi } from '../resources/ivs/viewer-sessions.js';
import type { FamilyApis } from './registry.js';

/** Builds the family: each of its resources, one line each (a missing or extra one is a type error). */
export function createIvsFamily(ctx: StoreContext, client: IvsClient): FamilyApis<'ivs'> {
  return {
    streamKeys: createStreamKeysApi(ctx, client),
    streamSessions: createStreamSessionsApi(ctx, client),
    recordingConfigurations: createRecordingConfigurationsApi(ctx, client),
    playbackKeyPairs: createPlaybackKeyPairsApi(ctx, client),
    playbackRestrictionPolicies: createPlaybackRestrictionPoliciesApi(ctx, client),
    adConfigurations: createAdConfigurationsApi(ctx, client),
    tags: createIvsTagsApi(ctx, client),
    viewerSessions: createViewerSessionsApi(ctx, client),
  };
}
