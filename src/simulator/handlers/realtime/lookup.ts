import { notFound } from '../../operations/errors.js';
import {
  participantKey,
  type ParticipantRecord,
  type StageRecord,
  type StageSessionRecord,
} from '../../world/realtime-state.js';
import type { World } from '../../world/world.js';

/** Finding stages, sessions and participants, with the service's not-found errors. */

export function findStage(world: World, arn: unknown): StageRecord {
  const stage = world.realtime.stages.get(String(arn));
  if (!stage) throw notFound('Stage', String(arn));
  return stage;
}

export function findSession(world: World, stageArn: unknown, sessionId: unknown): StageSessionRecord {
  const stage = findStage(world, stageArn);
  const session = world.realtime.sessions.get(String(sessionId));
  if (!session || session.stageArn !== stage.arn)
    throw notFound('Stage session', `${String(sessionId)} of ${stage.arn}`);
  return session;
}

export function findParticipant(world: World, session: StageSessionRecord, participantId: unknown): ParticipantRecord {
  const p = world.realtime.participants.get(participantKey(session.sessionId, String(participantId)));
  if (!p) throw notFound('Participant', `${String(participantId)} in session ${session.sessionId}`);
  return p;
}

/** Everyone in a session, connected or not, in the order they first joined. */
export function participantsOf(world: World, sessionId: string | undefined): ParticipantRecord[] {
  if (sessionId === undefined) return [];
  return [...world.realtime.participants.values()].filter((p) => p.sessionId === sessionId);
}

export function connectedIn(world: World, sessionId: string | undefined): ParticipantRecord[] {
  return participantsOf(world, sessionId).filter((p) => p.state === 'CONNECTED');
}

/** The participant, connected right now to the stage's active session. */
export function connectedParticipant(world: World, stageArn: unknown, participantId: unknown): ParticipantRecord {
  const stage = findStage(world, stageArn);
  const p =
    stage.activeSessionId === undefined
      ? undefined
      : world.realtime.participants.get(participantKey(stage.activeSessionId, String(participantId)));
  if (p?.state !== 'CONNECTED') throw notFound('Connected participant', `${String(participantId)} on ${stage.arn}`);
  return p;
}
