/**
 * Live streams: state, health, history, transitions, summaries; timed metadata, ad breaks.
 * Loaded on first use (see lazy-family.ts), in a chunk of its own: a dashboard that shows
 * health loads it at once, an app that only manages channels never does.
 */
import type { IvsClient } from '@aws-sdk/client-ivs';
import type { StoreContext } from '../query/context.js';
import { createStreamsApi } from '../resources/ivs/streams.js';
import type { FamilyApis } from './registry.js';

/** Builds the family: each of its resources, one line each (a missing or extra one is a type error). */
export function createStreamsFamily(ctx: StoreContext, client: IvsClient): FamilyApis<'streams'> {
  return {
    streams: createStreamsApi(ctx, client),
  };
}
