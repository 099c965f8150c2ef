import type { HandlerTable } from '../types.js';
import { compositionHandlers } from './compositions.js';
import { encoderConfigurationHandlers } from './encoder-configurations.js';
import { ingestConfigurationHandlers } from './ingest-configurations.js';
import { participantTokenHandlers } from './participant-tokens.js';
import { participantHandlers } from './participants.js';
import { publicKeyHandlers } from './public-keys.js';
import { replicationHandlers } from './replication.js';
import { sessionHandlers } from './sessions.js';
import { stageHandlers } from './stages.js';
import { storageConfigurationHandlers } from './storage-configurations.js';

/** Every IVS RealTime operation but the tag operations (shared with IVS, in ../tags.ts). */
export const realtimeHandlers: HandlerTable = {
  ...stageHandlers,
  ...sessionHandlers,
  ...participantTokenHandlers,
  ...participantHandlers,
  ...replicationHandlers,
  ...compositionHandlers,
  ...encoderConfigurationHandlers,
  ...storageConfigurationHandlers,
  ...ingestConfigurationHandlers,
  ...publicKeyHandlers,
};
