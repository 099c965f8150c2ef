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
import { buildFamily, type FamilyTable } from './build-family.js';

const IVS: FamilyTable<'ivs', IvsClient> = {
  streamKeys: createStreamKeysApi,
  streamSessions: createStreamSessionsApi,
  recordingConfigurations: createRecordingConfigurationsApi,
  playbackKeyPairs: createPlaybackKeyPairsApi,
  playbackRestrictionPolicies: createPlaybackRestrictionPoliciesApi,
  adConfigurations: createAdConfigurationsApi,
  tags: createIvsTagsApi,
  viewerSessions: createViewerSessionsApi,
};

export const createIvsFamily = (ctx: StoreContext, client: IvsClient) => buildFamily(IVS, ctx, client);
