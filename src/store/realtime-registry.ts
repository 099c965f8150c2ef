/**
 * Every RealTime resource and the chunk its code is in (see registry.ts). Imported only by
 * `ivs-store/realtime`: a bundler follows dynamic imports too, so were this table reachable
 * from the core entry, an app without `@aws-sdk/client-ivs-realtime` would not build.
 */
import type { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import type { Chunk, RealtimeName } from './registry.js';

const stages = () => import('./chunks/stages.js');
const more = () => import('./chunks/realtime.js');

/** A RealTime resource missing here, one that is not, or a chunk without its factory, is a type error. */
export const REALTIME_REGISTRY = {
  stages,
  participants: stages,
  compositions: more,
  encoderConfigurations: more,
  storageConfigurations: more,
  ingestConfigurations: more,
  publicKeys: more,
  replication: more,
  realtimeTags: more,
} satisfies { [K in RealtimeName]: Chunk<K, IVSRealTimeClient> };
