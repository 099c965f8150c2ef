/**
 * Stages and participants, one chunk: participants follow their stage (participants.ts
 * imports stages.ts), so loading them apart would only add a chunk and its imports.
 */
export { createStagesApi as stages } from '../../resources/realtime/stages.js';
export { createParticipantsApi as participants } from '../../resources/realtime/participants.js';
