import type { StoreContext } from '../query/context.js';
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
 * that does not build exactly its resources (`FamilyTable`).
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
export type NamesOf<F extends Family> = { [K in ResourceName]: (typeof REGISTRY)[K] extends F ? K : never }[ResourceName];

/** The resources of one family, as the store exposes them. */
export type FamilyApis<F extends Family> = Pick<IvsStore, NamesOf<F>>;

/**
 * How a family module builds its resources: one constructor per name, each given the store's
 * context, the family's client and the resources built before it (a resource may use another,
 * as participants follow their stage's active session).
 */
export type FamilyTable<F extends Family, Client> = {
  [K in NamesOf<F>]: (ctx: StoreContext, client: Client, built: Partial<FamilyApis<F>>) => IvsStore[K];
};

/** Builds a family from its table, in the table's order. */
export function buildFamily<F extends Family, Client>(table: FamilyTable<F, Client>, ctx: StoreContext, client: Client): FamilyApis<F> {
  const built: Partial<FamilyApis<F>> = {};
  for (const name of Object.keys(table) as Array<NamesOf<F>>) {
    (built as Record<string, unknown>)[name] = table[name](ctx, client, built);
  }
  return built as FamilyApis<F>;
}

/** The names of one family's resources, at runtime (for the stand-ins that load it). */
export const namesOf = <F extends Family>(family: F): Array<NamesOf<F>> => (Object.keys(REGISTRY) as ResourceName[]).filter((name): name is NamesOf<F> => REGISTRY[name] === family);
