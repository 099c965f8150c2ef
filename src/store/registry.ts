import type { IvsClient } from '@aws-sdk/client-ivs';
import type { StoreContext } from '../query/context.js';
import type { IvsStore } from './ivs-store.js';

/** The resources of the store, by name: every member of `IvsStore` but the store's own. */
export type ResourceName = Exclude<keyof IvsStore, 'metrics$' | 'dispose'>;

/**
 * A chunk of resources' code, loaded by a dynamic import of its module in `chunks/`, which
 * exports the factory of each of its resources under that resource's name on the store.
 * `store` is the store being assembled, for a resource that uses another (participants
 * follow their stage).
 */
export type Chunk<K extends ResourceName, Client> = () => Promise<{
  readonly [P in K]: (ctx: StoreContext, client: Client, store: IvsStore) => IvsStore[P];
}>;

const channels = () => import('./chunks/channels.js');
const streams = () => import('./chunks/streams.js');
const ivs = () => import('./chunks/ivs.js');

/**
 * Every resource of the store and the chunk its code is in, one line each; `'realtime'`
 * for a RealTime resource, whose chunk is named in realtime-registry.ts (reachable only from
 * `ivs-store/realtime`, so an app without the RealTime SDK still bundles). A resource of
 * `IvsStore` missing here, a line here that is not one, or a chunk that does not export the
 * resource's factory under its name (or exports one building another API), is a type error.
 *
 * Each resource loads on its first use, so an app pays only for the chunks of what it
 * touches (see lazy-resource.ts); channels load at once, as nearly every app reads them
 * first. What shares a chunk is a trade: a chunk per resource would cost an app that uses
 * many of them ~0.8 KB more in imports and exports between chunks, so resources used
 * together (stages and participants), or rarely (`chunks/ivs.ts`), share one.
 */
export const REGISTRY = {
  channels,
  streams,
  streamKeys: ivs,
  streamSessions: ivs,
  recordingConfigurations: ivs,
  playbackKeyPairs: ivs,
  playbackRestrictionPolicies: ivs,
  adConfigurations: ivs,
  tags: ivs,
  viewerSessions: ivs,
  stages: 'realtime',
  participants: 'realtime',
  compositions: 'realtime',
  encoderConfigurations: 'realtime',
  storageConfigurations: 'realtime',
  ingestConfigurations: 'realtime',
  publicKeys: 'realtime',
  replication: 'realtime',
  realtimeTags: 'realtime',
} as const satisfies { [K in ResourceName]: Chunk<K, IvsClient> | 'realtime' };

/** The RealTime resources' names. */
export type RealtimeName = {
  [K in ResourceName]: (typeof REGISTRY)[K] extends 'realtime' ? K : never;
}[ResourceName];
