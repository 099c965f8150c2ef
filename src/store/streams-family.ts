/**
 * Live streams: state, health, history, transitions, summaries; timed metadata, ad breaks.
 * Loaded on first use (see lazy-family.ts), in a chunk of its own: a dashboard that shows
 * health loads it at once, an app that only manages channels never does.
 */
import type { IvsClient } from '@aws-sdk/client-ivs';
import type { StoreContext } from '../query/context.js';
import { createStreamsApi } from '../resources/ivs/streams.js';
import { buildFamily, type FamilyTable } from './build-family.js';

const STREAMS: FamilyTable<'streams', IvsClient> = {
  streams: createStreamsApi,
};

export const createStreamsFamily = (ctx: StoreContext, client: IvsClient) => buildFamily(STREAMS, ctx, client);
