import { participantKey, type ParticipantRecord } from '../../world/realtime-state.js';
import { paginate } from '../../world/paginate.js';
import type { World } from '../../world/world.js';
import type { HandlerTable } from '../types.js';
import { connectedParticipant, findParticipant, findSession, participantsOf } from './lookup.js';
import { leaveStage } from './presence.js';

/**
 * Participants of a stage session. ListParticipants and ListParticipantEvents model
 * no ResourceNotFoundException: an unknown stage, session or participant lists nothing.
 */

function summary(p: ParticipantRecord): Record<string, unknown> {
  return {
    participantId: p.participantId,
    userId: p.userId,
    state: p.state,
    firstJoinTime: p.firstJoinTime,
    published: p.published,
    recordingState: p.recordingState,
    replicationType: p.replicationType,
    replicationState: p.replicationState,
    sourceStageArn: p.sourceStageArn,
    sourceSessionId: p.sourceSessionId,
    redundantIngest: p.redundantIngest,
    ingestConfigurationArn: p.ingestConfigurationArn,
  };
}

function view(p: ParticipantRecord): Record<string, unknown> {
  return {
    ...summary(p),
    attributes: { ...p.attributes },
    ...p.client,
    recordingS3BucketName: p.recordingS3BucketName,
    recordingS3Prefix: p.recordingS3Prefix,
    protocol: p.protocol,
  };
}

/** The session's participants when the session belongs to the (existing) stage; none otherwise. */
function sessionParticipants(world: World, stageArn: unknown, sessionId: unknown): ParticipantRecord[] {
  const session = world.realtime.sessions.get(String(sessionId));
  if (!session || session.stageArn !== stageArn || !world.realtime.stages.has(session.stageArn)) return [];
  return participantsOf(world, session.sessionId);
}

const FILTERS = ['filterByUserId', 'filterByPublished', 'filterByState', 'filterByRecordingState'] as const;

export const participantHandlers: HandlerTable = {
  GetParticipant: (input, { world }) => {
    const session = findSession(world, input.stageArn, input.sessionId);
    return { participant: view(findParticipant(world, session, input.participantId)) };
  },

  ListParticipants: (input, { world }) => {
    // The table lets at most one filter through.
    const matches = (p: ParticipantRecord) =>
      (input.filterByUserId === undefined || p.userId === input.filterByUserId) &&
      (input.filterByPublished === undefined || p.published === input.filterByPublished) &&
      (input.filterByState === undefined || p.state === input.filterByState) &&
      (input.filterByRecordingState === undefined || p.recordingState === input.filterByRecordingState);
    const filter = FILTERS.map((f) => `${f}=${String(input[f])}`).join('&');
    const { page, nextToken } = paginate(sessionParticipants(world, input.stageArn, input.sessionId).filter(matches), {
      nextToken: input.nextToken,
      maxResults: input.maxResults,
      defaultMax: 50,
      scope: `ListParticipants:${String(input.stageArn)}:${String(input.sessionId)}:${filter}`,
    });
    return { participants: page.map(summary), nextToken };
  },

  /** The participant's events in the session, oldest first. */
  ListParticipantEvents: (input, { world }) => {
    const known = sessionParticipants(world, input.stageArn, input.sessionId).length > 0;
    const p = known
      ? world.realtime.participants.get(participantKey(String(input.sessionId), String(input.participantId)))
      : undefined;
    const { page, nextToken } = paginate(p?.events ?? [], {
      nextToken: input.nextToken,
      maxResults: input.maxResults,
      defaultMax: 50,
      scope: `ListParticipantEvents:${String(input.stageArn)}:${String(input.sessionId)}:${String(input.participantId)}`,
    });
    return { events: page.map(({ seq: _seq, ...event }) => event), nextToken };
  },

  /** Unknown or already disconnected participants are a ResourceNotFoundException. */
  DisconnectParticipant: (input, { world }) => {
    leaveStage(world, connectedParticipant(world, input.stageArn, input.participantId), 'disconnected');
    return {};
  },
};
