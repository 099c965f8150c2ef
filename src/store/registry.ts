import type { IvsStore } from './ivs-store.js';

/** The resources of the store, by name: every member of `IvsStore` but the store's own. */
export type ResourceName = Exclude<keyof IvsStore, 'metrics$' | 'dispose'>;

/**
 * Where a resource's code is: `core` in the entry every app loads; the others each a chunk
 * loaded on first use (`streams`; `ivs`: the IVS resources most dashboards do not show;
 * `realtime`: every RealTime resource, reachable only from `ivs-store/realtime`).
 */
export type Family = 'core' | 'streams' | 'ivs' | 'realtime';

/**
 * Every resource of the store and its family, one line each. A resource of `IvsStore`
 * missing here, or a line here that is not one, is a type error; so is a family module
 * that does not build exactly its resources (each returns `FamilyApis<its family>`).
 */
export const REGISTRY = {
  channels: 'core',
  streams: 'streams',
  streamKeys: 'ivs',
  streamSessions: 'ivs',
  recordingConfigurations: 'ivs',
  playbackKeyPairs: 'ivs',
  playbackRestrictionPolicies: 'ivs',
  adConfigurations: 'ivs',
  tags: 'ivs',
  viewerSessions: 'ivs',
  stages: 'realtime',
  participants: 'realtime',
  compositions: 'realtime',
  encoderConfigurations: 'realtime',
  storageConfigurations: 'realtime',
  ingestConfigurations: 'realtime',
  publicKeys: 'realtime',
  replication: 'realtime',
  realtimeTags: 'realtime',
} as const satisfies Record<ResourceName, Family>;

/** The names of one family's resources. */
export type NamesOf<F extends Family> = {
  [K in ResourceName]: (typeof REGISTRY)[K] extends F ? K : never;
}[ResourceName];

/** The resources of one family, as the store exposes them. */
export type FamilyApis<F extends Family> = Pick<IvsStore, NamesOf<F>>;

/** The names of one family's resources, at runtime (for the stand-ins that load it). */
export const namesOf = <F extends Family>(family: F): Array<NamesOf<F>> =>
  (Object.keys(REGISTRY) as ResourceName[]).filter((name): name is NamesOf<F> => REGISTRY[name] === family);
