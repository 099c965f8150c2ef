import {
  ListParticipantReplicasCommand,
  ListTagsForResourceCommand,
  StartParticipantReplicationCommand,
  StopParticipantReplicationCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type IVSRealTimeClient,
  type ParticipantReplica,
  type StartParticipantReplicationCommandInput,
  type StopParticipantReplicationCommandInput,
} from '@aws-sdk/client-ivs-realtime';
import type { Observable } from 'rxjs';
import type { Entry } from '../../core/cache.js';
import type { StoreContext } from '../../store/context.js';
import type { QueryOptions } from '../../store/entity-resource.js';
import { simpleResource } from '../../store/simple-resource.js';
import { createTagsApi, type TagsApi } from '../../store/tags-resource.js';
import { arnProblem, firstProblem } from '../validate.js';

export interface ReplicationApi {
  /** A participant of one stage also appears (as a replica) in another. */
  start(input: StartParticipantReplicationCommandInput): Promise<void>;
  stop(input: StopParticipantReplicationCommandInput): Promise<void>;
  /** Where a participant is replicated to. */
  replicas$(sourceStageArn: string, participantId: string, options?: QueryOptions): Observable<Entry<ParticipantReplica[]>>;
}

export function createReplicationApi(ctx: StoreContext, client: IVSRealTimeClient): ReplicationApi {
  const replicas = simpleResource<never, ParticipantReplica, { sourceStageArn: string; participantId: string }>(ctx, {
    collection: 'participantReplicas',
    service: 'realtime',
    arnType: 'stage',
    get: { operation: 'ListParticipantReplicas', send: async () => undefined },
    list: {
      operation: 'ListParticipantReplicas',
      async send(nextToken, signal, f) {
        const out = await client.send(new ListParticipantReplicasCommand({ sourceStageArn: f?.sourceStageArn, participantId: f?.participantId, nextToken, maxResults: 50 }), { abortSignal: signal });
        return { items: out.replicas ?? [], nextToken: out.nextToken };
      },
      idOf: (r) => `${r.destinationStageArn}|${r.participantId}`,
      checkFilter: (f) => arnProblem('ListParticipantReplicas', 'sourceStageArn', f?.sourceStageArn, 'stage'),
      separate: true,
    },
  });
  const checkBoth = (operation: string, input: { sourceStageArn?: string | undefined; destinationStageArn?: string | undefined }) => {
    const problem = firstProblem(arnProblem(operation, 'sourceStageArn', input?.sourceStageArn, 'stage'), arnProblem(operation, 'destinationStageArn', input?.destinationStageArn, 'stage'));
    if (problem) throw problem;
  };
  return {
    async start(input) {
      checkBoth('StartParticipantReplication', input);
      await replicas.run('StartParticipantReplication', undefined, (signal) => client.send(new StartParticipantReplicationCommand(input), { abortSignal: signal }));
      replicas.stored(undefined, undefined);
    },
    async stop(input) {
      checkBoth('StopParticipantReplication', input);
      await replicas.run('StopParticipantReplication', undefined, (signal) => client.send(new StopParticipantReplicationCommand(input), { abortSignal: signal }));
      replicas.stored(undefined, undefined);
    },
    replicas$: (sourceStageArn, participantId, options) => replicas.list$({ sourceStageArn, participantId }, options),
  };
}

/** Tags of RealTime resources (their own 10 TPS quotas, apart from IVS's). */
export function createRealtimeTagsApi(ctx: StoreContext, client: IVSRealTimeClient): TagsApi {
  return createTagsApi(ctx, {
    service: 'realtime',
    groupPrefix: 'realtime:',
    collectionOf: {
      stage: 'stages',
      composition: 'compositions',
      'encoder-configuration': 'encoderConfigurations',
      'storage-configuration': 'storageConfigurations',
      'public-key': 'publicKeys',
      'ingest-configuration': 'ingestConfigurations',
    },
    list: async (resourceArn, signal) => (await client.send(new ListTagsForResourceCommand({ resourceArn }), { abortSignal: signal })).tags,
    tag: (resourceArn, tags, signal) => client.send(new TagResourceCommand({ resourceArn, tags }), { abortSignal: signal }),
    untag: (resourceArn, tagKeys, signal) => client.send(new UntagResourceCommand({ resourceArn, tagKeys }), { abortSignal: signal }),
  });
}
