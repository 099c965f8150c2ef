/**
 * The IVS resources most dashboards do not show: stream keys, configurations, stream
 * sessions, tags, viewer-session revocation. Loaded on first use (see lazy-family.ts).
 */
import type { IvsClient } from '@aws-sdk/client-ivs';
import { createConfigurationApis } from '../../resources/ivs/configurations.js';
import { createStreamKeysApi } from '../../resources/ivs/stream-keys.js';
import { createStreamSessionsApi } from '../../resources/ivs/stream-sessions.js';
import { createIvsTagsApi } from '../../resources/ivs/tags.js';
import { createViewerSessionsApi } from '../../resources/ivs/viewer-sessions.js';
import type { StoreContext } from '../context.js';

export function createIvsExtras(ctx: StoreContext, client: IvsClient) {
  return {
    streamKeys: createStreamKeysApi(ctx, client),
    streamSessions: createStreamSessionsApi(ctx, client),
    ...createConfigurationApis(ctx, client),
    tags: createIvsTagsApi(ctx, client),
    viewerSessions: createViewerSessionsApi(ctx, client),
  };
}

export type IvsExtras = ReturnType<typeof createIvsExtras>;

