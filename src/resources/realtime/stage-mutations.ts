/**
 * Stage and participant mutations: stages created, updated, deleted; participants
 * disconnected, tokens made. Loaded with the first one (a dashboard that only watches
 * stages and participants never downloads them). Inputs are still checked before any call.
 */
import {
  CreateParticipantTokenCommand,
  CreateStageCommand,
  DeleteStageCommand,
  DisconnectParticipantCommand,
  UpdateStageCommand,
  type CreateParticipantTokenCommandInput,
  type CreateStageCommandInput,
  type IVSRealTimeClient,
  type Participant,
  type ParticipantSummary,
  type ParticipantToken,
  type ParticipantTokenCapability,
  type Stage,
  type UpdateStageCommandInput,
  type UpdateStageCommandOutput,
} from '@aws-sdk/client-ivs-realtime';
import { inputProblem, type Checks } from '../../core/checks.js';
import type { Recipe } from '../../core/recipes.js';
import { required } from '../../core/errors.js';
import { Secret } from '../../core/secret.js';
import type { StoreContext } from '../../query/context.js';
import type { EntityQuery } from '../../query/entity-query.js';
import type { ListQuery } from '../../query/list-query.js';
import { assign, Writes } from '../../query/writes.js';
import { arnOf, arnProblem, nameProblem } from '../validate.js';
import { int, list, obj, oneOf, participantIdProblem, str, strings, tagsProblem } from '../validate-input.js';

/** A participant token as the store hands it out: the token string is a `Secret`. */
/** A participant token as the store gives it: the token itself is a `Secret`. */
export type StoreParticipantToken = Omit<ParticipantToken, 'token'> & {
  /** The token a participant joins with, a `Secret`. */
  token?: Secret | undefined;
};

/** The mutations of `store.stages` (declared where they are made; `StagesApi` extends it). */
export interface StageMutations {
  /**
   * Creates a stage, with tokens for the participants asked for; watched lists are refreshed.
   * @example const { stage, participantTokens } = await store.stages.create({ name: 'panel' })
   */
  create(input?: CreateStageCommandInput): Promise<{
    /** The new stage. */
    stage: Stage;
    /** Tokens for the participants `input.participantTokenConfigurations` asked for. */
    participantTokens: StoreParticipantToken[];
  }>;
  /**
   * Updates a stage, optimistically: the cache shows the change at once and rolls back on error.
   * @example await store.stages.update({ arn: stageArn, name: 'panel-2' })
   */
  update(input: UpdateStageCommandInput): Promise<Stage>;
  /**
   * Deletes a stage: its entry becomes `not-found` and stops being polled.
   * @example await store.stages.delete(stageArn)
   */
  delete(arn: string): Promise<void>;
}

/** The mutations of `store.participants` (`ParticipantsApi` extends it). */
export interface ParticipantMutations {
  /**
   * Disconnects a participant; cached lists show it DISCONNECTED at once.
   * @example await store.participants.disconnect(stageArn, participantId, 'moderated')
   */
  disconnect(stageArn: string, participantId: string, reason?: string): Promise<void>;
  /**
   * A token for a participant to join with (CreateParticipantToken, 50 TPS); the token is a `Secret`.
   * @example const { token } = await store.participants.createToken({ stageArn, userId: 'guest-1' })
   */
  createToken(input: CreateParticipantTokenCommandInput): Promise<StoreParticipantToken>;
}

export const toStoreToken = (t: ParticipantToken): StoreParticipantToken => ({
  ...t,
  token: t.token === undefined ? undefined : new Secret(t.token),
});

const CREATE = {
  name: nameProblem,
  participantTokenConfigurations: list(0, 12, obj),
  tags: tagsProblem,
  autoParticipantRecordingConfiguration: obj,
} satisfies Checks<CreateStageCommandInput>;
const UPDATE = {
  arn: arnOf('stage'),
  name: nameProblem,
  autoParticipantRecordingConfiguration: obj,
} satisfies Checks<UpdateStageCommandInput>;

const TOKEN = {
  stageArn: arnOf('stage'),
  duration: int(1, 20160),
  userId: str(0, 128),
  attributes: strings,
  capabilities: list(0, 2, oneOf<ParticipantTokenCapability>()('PUBLISH', 'SUBSCRIBE')),
} satisfies Checks<CreateParticipantTokenCommandInput>;

export function createStageMutations(
  ctx: StoreContext,
  client: IVSRealTimeClient,
  target: { entities: EntityQuery<Stage>; lists: { refresh(): Promise<void> } },
): StageMutations {
  const writes = new Writes<Stage>(ctx, { service: 'realtime', entities: target.entities, lists: [target.lists] });
  return {
    async create(input = {}) {
      const problem = inputProblem('CreateStage', input, CREATE);
      if (problem) throw problem;
      const out = await writes.send('CreateStage', undefined, (signal) =>
        client.send(new CreateStageCommand(input), { abortSignal: signal }),
      );
      const stage = required(out.stage, 'CreateStage', 'stage');
      writes.stored(stage.arn, stage);
      return { stage, participantTokens: (out.participantTokens ?? []).map(toStoreToken) };
    },
    async update(input) {
      const problem = inputProblem('UpdateStage', input, UPDATE);
      if (problem) throw problem;
      const { arn, ...fields } = input;
      const { out, data } = await writes.mutate({
        operation: 'UpdateStage',
        id: arn as string,
        changes: [{ id: arn as string, recipe: assign(fields) }],
        send: (signal) => client.send(new UpdateStageCommand(input), { abortSignal: signal }),
        answer: (out: UpdateStageCommandOutput) => out.stage,
      });
      return data ?? required(out.stage, 'UpdateStage', 'stage');
    },
    async delete(arn) {
      const problem = arnProblem('DeleteStage', 'arn', arn, 'stage');
      if (problem) throw problem;
      await writes.send('DeleteStage', arn, (signal) =>
        client.send(new DeleteStageCommand({ arn }), { abortSignal: signal }),
      );
      writes.deleted(arn);
    },
  };
}

export function createParticipantMutations(
  ctx: StoreContext,
  client: IVSRealTimeClient,
  target: { entities: EntityQuery<Participant>; lists: ListQuery<{ stageArn: string }, ParticipantSummary> },
): ParticipantMutations {
  const { lists } = target;
  const writes = new Writes<Participant>(ctx, { service: 'realtime', entities: target.entities, lists: [lists] });
  return {
    async disconnect(stageArn, participantId, reason) {
      const problem =
        arnProblem('DisconnectParticipant', 'stageArn', stageArn, 'stage') ??
        participantIdProblem('DisconnectParticipant', 'participantId', participantId) ??
        str(0, 128)('DisconnectParticipant', 'reason', reason);
      if (problem) throw problem;
      // Shown at once in every cached list of that stage; the next reads confirm it.
      const shown = [...lists.filters]
        .filter(([key, f]) => f?.stageArn === stageArn && ctx.cache.has(lists.collection, key))
        .map(([key]) => key);
      const recipe: Recipe<ParticipantSummary[]> = (draft) => {
        for (const p of draft) if (p.participantId === participantId) p.state = 'DISCONNECTED';
      };
      await writes.mutate({
        operation: 'DisconnectParticipant',
        id: stageArn,
        changes: shown.map((key) => ({ collection: lists.collection, id: key, recipe: recipe as Recipe<unknown> })),
        send: (signal) =>
          client.send(new DisconnectParticipantCommand({ stageArn, participantId, reason }), { abortSignal: signal }),
      });
    },
    async createToken(input) {
      const problem = inputProblem('CreateParticipantToken', input, TOKEN);
      if (problem) throw problem;
      const out = await writes.send('CreateParticipantToken', input.stageArn, (signal) =>
        client.send(new CreateParticipantTokenCommand(input), { abortSignal: signal }),
      );
      return toStoreToken(required(out.participantToken, 'CreateParticipantToken', 'participantToken'));
    },
  };
}
