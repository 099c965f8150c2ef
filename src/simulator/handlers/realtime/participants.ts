import type { ParticipantRecord } from '../../world/realtime-state.js';
import { paginate } from '../../world/paginate.js';
import type { HandlerTable } from '../types.js';
import { connectedParticipant, findParticipant, findSession, leaveStage } from './presence.js';

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
    redundantIngest: false,
  };
}

function view(p: ParticipantRecord): Record<string, unknown> {
  return { ...summary(p), attributes: { ...p.attributes }, ...p.client, protocol: p.protocol };
}

export const participantHandlers: HandlerTable = {
  GetParticipant: (input, { world }) => {
    const session = findSession(world, input.stageArn, input.sessionId);
    return { participant: view(findParticipant(world, session.sessionId, input.participantId)) };
  },

  ListParticipants: (input, { world }) => {
    const session = findSession(world, input.stageArn, input.sessionId);
    const matches = (p: ParticipantRecord) =>
      p.sessionId === session.sessionId &&
      (input.filterByUserId === undefined || p.userId === input.filterByUserId) &&
      (input.filterByPublished === undefined || p.published === input.filterByPublished) &&
      (input.filterByState === undefined || p.state === input.filterByState) &&
      (input.filterByRecordingState === undefined || p.recordingState === input.filterByRecordingState);
    const filter = ['filterByUserId', 'filterByPublished', 'filterByState', 'filterByRecordingState'].map((f) => `${f}=${String(input[f])}`).join('&');
    const { page, nextToken } = paginate([...world.realtime.participants.values()].filter(matches), {
      nextToken: input.nextToken,
      maxResults: input.maxResults,
      scope: `ListParticipants:${session.sessionId}:${filter}`,
    });
    return { participants: page.map(summary), nextToken };
  },

  ListParticipantEvents: (input, { world }) => {
    const session = findSession(world, input.stageArn, input.sessionId);
    const p = findParticipant(world, session.sessionId, input.participantId);
    const { page, nextToken } = paginate(p.events, {
      nextToken: input.nextToken,
      maxResults: input.maxResults,
      scope: `ListParticipantEvents:${session.sessionId}:${p.participantId}`,
    });
    return { events: page.map(({ seq: _seq, ...event }) => event), nextToken };
  },

  DisconnectParticipant: (input, { world }) => {
    leaveStage(world, connectedParticipant(world, input.stageArn, input.participantId));
    return {};
  },
};
