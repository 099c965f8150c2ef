import type { ParticipantRecord } from '../../world/realtime-state.js';
import type { World } from '../../world/world.js';

/**
 * Participant events as EventBridge carries them ("IVS Stage Update"). AWS's table has no
 * join or leave event, so JOINED and LEFT have no name here: they, and the kinds whose
 * English event names we could not verify (replication, token exchange), stay in
 * ListParticipantEvents only. See docs/EVENTS.md.
 */
const STAGE_UPDATE: Record<string, string> = {
  PUBLISH_STARTED: 'Participant Published',
  PUBLISH_STOPPED: 'Participant Unpublished',
  PUBLISH_ERROR: 'Participant Publish Error',
};

export function announceParticipantEvent(world: World, p: ParticipantRecord, name: string, timeMs: number): void {
  const eventName = STAGE_UPDATE[name];
  if (!eventName) return;
  world.events.emit(
    'IVS Stage Update',
    p.stageArn,
    {
      session_id: p.sessionId,
      event_name: eventName,
      user_id: p.userId,
      participant_id: p.participantId,
      event_time: new Date(timeMs).toISOString(),
    },
    timeMs,
  );
}

/** A participant's individual recording started (ACTIVE) or ended (ACTIVE -> STOPPED). */
export function announceParticipantRecording(world: World, p: ParticipantRecord, started: boolean): void {
  const timeMs = world.now();
  world.events.emit(
    'IVS Participant Recording State Change',
    p.stageArn,
    {
      session_id: p.sessionId,
      event_name: started ? 'Recording Start' : 'Recording End',
      participant_id: p.participantId,
      recording_s3_bucket_name: p.recordingS3BucketName,
      recording_s3_key_prefix: p.recordingS3Prefix,
    },
    timeMs,
  );
}
