import { conflict, notFound, validation } from '../../operations/errors.js';
import type { ReplicationRecord } from '../../world/realtime-state.js';
import { paginate } from '../../world/paginate.js';
import type { HandlerTable } from '../types.js';
import { checkAttributes } from './limits.js';
import { connectedParticipant, findStage } from './lookup.js';
import { addEvent, joinStage, setPublishing, stopReplication } from './presence.js';

/**
 * Participant replication: a participant of one stage also appears, as a REPLICA with
 * the same participant id, in another stage, publishing when its source publishes. It
 * stops when asked, when the source leaves, or when the replica is disconnected.
 */
export const replicationHandlers: HandlerTable = {
  StartParticipantReplication: (input, { world }) => {
    const attributes = checkAttributes('attributes', input.attributes);
    if (input.sourceStageArn === input.destinationStageArn)
      throw validation(
        "Value at 'destinationStageArn' failed to satisfy constraint: Member must differ from sourceStageArn",
      );
    const source = connectedParticipant(world, input.sourceStageArn, input.participantId);
    const destination = findStage(world, input.destinationStageArn);
    if (source.replicationType === 'REPLICA')
      throw conflict(`Participant ${source.participantId} is itself a replica; replicate it from its source stage`);
    const active = world.realtime.replications.find(
      (r) =>
        r.state === 'ACTIVE' &&
        r.sourceSessionId === source.sessionId &&
        r.participantId === source.participantId &&
        r.destinationStageArn === destination.arn,
    );
    if (active) throw conflict(`Participant ${source.participantId} is already replicated to ${destination.arn}`);
    const replica = joinStage(world, destination.arn, {
      participantId: source.participantId,
      userId: source.userId,
      attributes: { ...source.attributes, ...attributes },
      capabilities: ['PUBLISH'],
      replicaOf: { sourceStageArn: source.stageArn, sourceSessionId: source.sessionId },
    });
    const r: ReplicationRecord = {
      seq: world.nextSeq(),
      sourceStageArn: source.stageArn,
      sourceSessionId: source.sessionId,
      participantId: source.participantId,
      destinationStageArn: destination.arn,
      destinationSessionId: replica.sessionId,
      reconnectWindowSeconds: (input.reconnectWindowSeconds as number | undefined) ?? 0,
      state: 'ACTIVE',
    };
    world.realtime.replications.push(r);
    source.replicationType = 'SOURCE';
    source.replicationState = 'ACTIVE';
    addEvent(world, source, 'REPLICATION_STARTED', {
      destinationStageArn: destination.arn,
      destinationSessionId: replica.sessionId,
    });
    if (source.publishing) setPublishing(world, replica, true);
    return {};
  },

  StopParticipantReplication: (input, { world }) => {
    const r = world.realtime.replications.find(
      (x) =>
        x.state === 'ACTIVE' &&
        x.sourceStageArn === input.sourceStageArn &&
        x.participantId === input.participantId &&
        x.destinationStageArn === input.destinationStageArn,
    );
    if (!r)
      throw notFound(
        'Participant replication',
        `${String(input.participantId)} from ${String(input.sourceStageArn)} to ${String(input.destinationStageArn)}`,
      );
    stopReplication(world, r);
    return {};
  },

  /** The participant's replications out of the source stage, oldest first. Models no ResourceNotFoundException. */
  ListParticipantReplicas: (input, { world }) => {
    const items = world.realtime.replications.filter(
      (r) => r.sourceStageArn === input.sourceStageArn && r.participantId === input.participantId,
    );
    const { page, nextToken } = paginate(items, {
      nextToken: input.nextToken,
      maxResults: input.maxResults,
      defaultMax: 50,
      scope: `ListParticipantReplicas:${String(input.sourceStageArn)}:${String(input.participantId)}`,
    });
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
