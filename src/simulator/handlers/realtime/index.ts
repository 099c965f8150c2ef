import type { HandlerTable } from '../types.js';
import { compositionHandlers } from './compositions.js';
import { realtimeConfigurationHandlers } from './configurations.js';
import { ingestHandlers } from './ingest.js';
import { participantHandlers } from './participants.js';
import { replicationHandlers } from './replication.js';
import { stageHandlers } from './stages.js';

/** Every IVS RealTime operation but the tag operations (shared with IVS, in ../tags.ts). */
export const realtimeHandlers: HandlerTable = {
  ...stageHandlers,
  ...participantHandlers,
  ...compositionHandlers,
  ...realtimeConfigurationHandlers,
  ...ingestHandlers,
  ...replicationHandlers,
};
