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
import { arnOf, arnProblem, inputProblem, type Checks } from '../validate.js';
import { int, mandatory, str, strings } from '../validate-input.js';

/** A participant id, as ListParticipants gives it (its characters are left to the service). */
const participantId = mandatory(str(1, 64));
const STOP = { sourceStageArn: arnOf('stage'), destinationStageArn: arnOf('stage'), participantId } satisfies Checks<StopParticipantReplicationCommandInput>;
const START = { ...STOP, reconnectWindowSeconds: int(0, 300), attributes: strings } satisfies Checks<StartParticipantReplicationCommandInput>;

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
      checkFilter: (f) => arnProblem('ListParticipantReplicas', 'sourceStageArn', f?.sourceStageArn, 'stage') ?? participantId('ListParticipantReplicas', 'participantId', f?.participantId),
      separate: true,
    },
  });
  return {
    async start(input) {
      const problem = inputProblem('StartParticipantReplication', input, START);
      if (problem) throw problem;
      await replicas.run('StartParticipantReplication', undefined, (signal) => client.send(new StartParticipantReplicationCommand(input), { abortSignal: signal }));
      replicas.stored(undefined, undefined);
    },
    async stop(input) {
      const problem = inputProblem('StopParticipantReplication', input, STOP);
      if (problem) throw problem;
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
