import { conflict, notFound } from '../../errors.js';
import { paginate } from '../../world/paginate.js';
import type { HandlerTable } from '../types.js';
import { addParticipantEvent, connectedParticipant, findStage, joinStage, stopReplication } from './presence.js';

/**
 * Participant replication: a participant of one stage also appears, as a REPLICA, in
 * another stage. It stops when asked, or when the source participant leaves.
 */
export const replicationHandlers: HandlerTable = {
  StartParticipantReplication: (input, { world }) => {
    const source = connectedParticipant(world, input.sourceStageArn, input.participantId);
    const destination = findStage(world, input.destinationStageArn);
    if (destination.arn === source.stageArn) throw conflict('A participant cannot be replicated into its own stage');
    const key = `${source.stageArn}|${source.participantId}|${destination.arn}`;
    if (world.realtime.replications.get(key)?.state === 'ACTIVE') throw conflict(`Participant ${source.participantId} is already replicated to ${destination.arn}`);
    const replica = joinStage(world, destination.arn, {
      userId: source.userId,
      attributes: { ...source.attributes, ...(input.attributes as Record<string, string> | undefined) },
      replica: { sourceStageArn: source.stageArn, sourceSessionId: source.sessionId },
    });
    world.realtime.replications.set(key, {
      seq: world.nextSeq(),
      sourceStageArn: source.stageArn,
      sourceSessionId: source.sessionId,
      participantId: source.participantId,
      destinationStageArn: destination.arn,
      destinationSessionId: replica.sessionId,
      replicaParticipantId: replica.participantId,
      state: 'ACTIVE',
    });
    source.replicationType = 'SOURCE';
    source.replicationState = 'ACTIVE';
    addParticipantEvent(world, source, 'REPLICATION_STARTED', { destinationStageArn: destination.arn, destinationSessionId: replica.sessionId });
    return {};
  },

  StopParticipantReplication: (input, { world }) => {
    const r = world.realtime.replications.get(`${String(input.sourceStageArn)}|${String(input.participantId)}|${String(input.destinationStageArn)}`);
    if (!r || r.state !== 'ACTIVE') throw notFound('Participant replication', `${String(input.participantId)} to ${String(input.destinationStageArn)}`);
    stopReplication(world, r);
    return {};
  },

  ListParticipantReplicas: (input, { world }) => {
    findStage(world, input.sourceStageArn);
    const items = [...world.realtime.replications.values()].filter((r) => r.sourceStageArn === input.sourceStageArn && r.participantId === input.participantId);
    const { page, nextToken } = paginate(items, { nextToken: input.nextToken, maxResults: input.maxResults, scope: `ListParticipantReplicas:${String(input.sourceStageArn)}:${String(input.participantId)}` });
    return {
      replicas: page.map((r) => ({
        sourceStageArn: r.sourceStageArn,
        participantId: r.participantId,
        sourceSessionId: r.sourceSessionId,
        destinationStageArn: r.destinationStageArn,
        destinationSessionId: r.destinationSessionId,
        replicationState: r.state,
      })),
      nextToken,
    };
  },
};
