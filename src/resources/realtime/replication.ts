import {
  ListParticipantReplicasCommand,
  StartParticipantReplicationCommand,
  StopParticipantReplicationCommand,
  type IVSRealTimeClient,
  type ParticipantReplica,
  type StartParticipantReplicationCommandInput,
  type StopParticipantReplicationCommandInput,
} from '@aws-sdk/client-ivs-realtime';
import type { Observable } from 'rxjs';
import type { Entry } from '../../core/entry.js';
import { type QueryOptions, inputProblem, type Checks } from '../../core/checks.js';
import type { StoreContext } from '../../query/context.js';
import { ListQuery } from '../../query/list-query.js';
import { Writes } from '../../query/writes.js';
import type { Collection } from '../collections.js';
import { arnOf, arnProblem } from '../validate.js';
import { int, mandatory, str, strings } from '../validate-input.js';

/** A participant id, as ListParticipants gives it (its characters are left to the service). */
const participantId = mandatory(str(1, 64));
const STOP = {
  sourceStageArn: arnOf('stage'),
  destinationStageArn: arnOf('stage'),
  participantId,
} satisfies Checks<StopParticipantReplicationCommandInput>;
const START = {
  ...STOP,
  reconnectWindowSeconds: int(0, 300),
  attributes: strings,
} satisfies Checks<StartParticipantReplicationCommandInput>;

/** `store.replication` (IVS RealTime): participants replicated from one stage into another. */
export interface ReplicationApi {
  /**
   * A participant of one stage also appears (as a replica) in another.
   * @example await store.replication.start({ sourceStageArn, destinationStageArn, participantId })
   */
  start(input: StartParticipantReplicationCommandInput): Promise<void>;
  /**
   * Ends a participant's replication into a stage; watched replica lists are re-read.
   * @example await store.replication.stop({ sourceStageArn, destinationStageArn, participantId })
   */
  stop(input: StopParticipantReplicationCommandInput): Promise<void>;
  /**
   * Where a participant is replicated to.
   * @example store.replication.replicas$(sourceStageArn, participantId).subscribe(render)
   */
  replicas$(
    sourceStageArn: string,
    participantId: string,
    options?: QueryOptions,
  ): Observable<Entry<ParticipantReplica[]>>;
}

export function createReplicationApi(ctx: StoreContext, client: IVSRealTimeClient): ReplicationApi {
  const replicas = new ListQuery<{ sourceStageArn: string; participantId: string }, ParticipantReplica>(ctx, {
    collection: 'participantReplicas' satisfies Collection,
    service: 'realtime',
    operation: 'ListParticipantReplicas',
    checkFilter: (f) =>
      arnProblem('ListParticipantReplicas', 'sourceStageArn', f?.sourceStageArn, 'stage') ??
      participantId('ListParticipantReplicas', 'participantId', f?.participantId),
    async page(f, nextToken, signal) {
      const out = await client.send(
        new ListParticipantReplicasCommand({
          sourceStageArn: f?.sourceStageArn,
          participantId: f?.participantId,
          nextToken,
          maxResults: 50,
        }),
        { abortSignal: signal },
      );
      return { items: out.replicas ?? [], nextToken: out.nextToken };
    },
    idOf: (r) => `${r.destinationStageArn}|${r.participantId}`,
  });
  const writes = new Writes(ctx, { service: 'realtime', lists: [replicas] });
  return {
    async start(input) {
      const problem = inputProblem('StartParticipantReplication', input, START);
      if (problem) throw problem;
      await writes.send('StartParticipantReplication', input.sourceStageArn, (signal) =>
        client.send(new StartParticipantReplicationCommand(input), { abortSignal: signal }),
      );
      writes.changedLists();
    },
    async stop(input) {
      const problem = inputProblem('StopParticipantReplication', input, STOP);
      if (problem) throw problem;
      await writes.send('StopParticipantReplication', input.sourceStageArn, (signal) =>
        client.send(new StopParticipantReplicationCommand(input), { abortSignal: signal }),
      );
      writes.changedLists();
    },
    replicas$: (sourceStageArn, participantId, options) => replicas.list$({ sourceStageArn, participantId }, options),
  };
}
