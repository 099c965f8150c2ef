/**
 * Live streams: state, health, history, transitions, summaries; timed metadata, ad breaks.
 * Loaded on first use (see lazy-family.ts), in a chunk of its own: a dashboard that shows
 * health loads it at once, an app that only manages channels never does.
 */
import type { IvsClient } from '@aws-sdk/client-ivs';
import { createStreamsApi } from '../../resources/ivs/streams.js';
import type { StoreContext } from '../context.js';

export function createStreamsFamily(ctx: StoreContext, client: IvsClient) {
  return { streams: createStreamsApi(ctx, client) };
}

export type StreamsFamily = ReturnType<typeof createStreamsFamily>;
