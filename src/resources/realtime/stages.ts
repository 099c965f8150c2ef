import {
  CreateStageCommand,
  DeleteStageCommand,
  GetStageCommand,
  GetStageSessionCommand,
  ListStageSessionsCommand,
  ListStagesCommand,
  UpdateStageCommand,
  type UpdateStageCommandOutput,
  type CreateStageCommandInput,
  type IVSRealTimeClient,
  type ParticipantToken,
  type Stage,
  type StageSession,
  type StageSessionSummary,
  type StageSummary,
  type UpdateStageCommandInput,
} from '@aws-sdk/client-ivs-realtime';
import type { Observable } from 'rxjs';
import type { Entry } from '../../core/cache.js';
import { classifyError, required } from '../../core/errors.js';
import { Secret } from '../../core/secret.js';
import type { StoreContext } from '../../store/context.js';
import { EntityResource, type QueryOptions } from '../../store/entity-resource.js';
import { assign, mutate } from '../../store/mutate.js';
import { arnOf, arnProblem, inputProblem, invalid$, nameProblem, rule, type Checks } from '../validate.js';
import { list, mandatory, obj, tagsProblem } from '../validate-input.js';

/** A participant token as the store hands it out: the token string is a `Secret`. */
export type StoreParticipantToken = Omit<ParticipantToken, 'token'> & { token?: Secret | undefined };
export const toStoreToken = (t: ParticipantToken): StoreParticipantToken => ({ ...t, token: t.token === undefined ? undefined : new Secret(t.token) });

export interface StagesApi {
  /** One stage; watching many costs one paged ListStages sweep per cycle, not a GetStage each. */
  get$(arn: string, options?: QueryOptions): Observable<Entry<Stage>>;
  list$(options?: QueryOptions): Observable<Entry<StageSummary[]>>;
  create(input?: CreateStageCommandInput): Promise<{ stage: Stage; participantTokens: StoreParticipantToken[] }>;
  update(input: UpdateStageCommandInput): Promise<Stage>;
  delete(arn: string): Promise<void>;
  /** Sessions of a stage, newest first. */
  sessions$(stageArn: string, options?: QueryOptions): Observable<Entry<StageSessionSummary[]>>;
  session$(stageArn: string, sessionId: string, options?: QueryOptions): Observable<Entry<StageSession>>;
  refresh(): Promise<void>;
}

const PAGE = 100;

const CREATE = { name: nameProblem, participantTokenConfigurations: list(0, 12, obj), tags: tagsProblem, autoParticipantRecordingConfiguration: obj } satisfies Checks<CreateStageCommandInput>;
const UPDATE = { arn: arnOf('stage'), name: nameProblem, autoParticipantRecordingConfiguration: obj } satisfies Checks<UpdateStageCommandInput>;

/** A stage session id (`st-` and letters or digits), for the calls that name one. */
export const sessionId = rule((v) => typeof v === 'string' && /^st-[a-zA-Z0-9]+$/.test(v), 'a stage session id (st-...)');
export const sessionIdProblem = mandatory(sessionId);

export function createStagesApi(ctx: StoreContext, client: IVSRealTimeClient) {
  let lastStageCount = 0;
  const resource = new EntityResource<Stage, undefined, StageSummary>(
    ctx,
    {
      collection: 'stages',
      service: 'realtime',
      checkId: (arn) => arnProblem('GetStage', 'arn', arn, 'stage'),
      mergeReads: true,
      readMany: {
        operation: 'ListStages',
        max: 100_000,
        /** The cheaper of one GetStage per stage and one ListStages sweep (100 stages a page). */
        async read(arns, call) {
          const out = new Map<string, Stage | Error>();
          if (arns.length <= Math.max(1, Math.ceil(lastStageCount / PAGE))) {
            await Promise.all(
              arns.map(async (arn) => {
                try {
                  const r = await call('GetStage', (signal) => client.send(new GetStageCommand({ arn }), { abortSignal: signal }), { resourceId: arn });
                  const stage = required(r.stage, 'GetStage', 'stage');
                  out.set(arn, { ...stage, activeSessionId: stage.activeSessionId });
                } catch (err) {
                  out.set(arn, classifyError(err, 'GetStage', arn));
                }
              }),
            );
            return out;
          }
          const seen = new Map<string, StageSummary>();
          let nextToken: string | undefined;
          do {
            const token = nextToken;
            const page = await call('ListStages', (signal) => client.send(new ListStagesCommand({ maxResults: PAGE, nextToken: token }), { abortSignal: signal }), { dedupeKey: `ListStages:sweep:${token ?? ''}` });
            for (const s of page.stages ?? []) if (s.arn) seen.set(s.arn, s);
            nextToken = page.nextToken || undefined;
          } while (nextToken);
          lastStageCount = seen.size;
          for (const arn of arns) {
            const s = seen.get(arn);
            // activeSessionId is set explicitly so a session that ended clears it on merge.
            out.set(arn, s ? { arn: s.arn, name: s.name, activeSessionId: s.activeSessionId, tags: s.tags } : classifyError({ name: 'ResourceNotFoundException', exceptionMessage: `Stage not found: ${arn}` }, 'ListStages', arn));
          }
          return out;
        },
      },
    },
    {
      operation: 'ListStages',
      checkFilter: () => undefined,
      async page(_f, nextToken, signal) {
        const out = await client.send(new ListStagesCommand({ nextToken, maxResults: PAGE }), { abortSignal: signal });
        return { items: out.stages ?? [], nextToken: out.nextToken };
      },
      idOf: (s) => s.arn ?? '',
    },
  );
  const sessions = new EntityResource<StageSession, { stageArn: string }, StageSessionSummary>(
    ctx,
    {
      collection: 'stageSessions',
      service: 'realtime',
      // session$ checks stage and session before it joins them into this key.
      checkId: () => undefined,
      readMany: {
        operation: 'GetStageSession',
        max: 1_000,
        async read(ids, call) {
          const out = new Map<string, StageSession | Error>();
          await Promise.all(
            ids.map(async (id) => {
              const [stageArn, sessionId] = id.split('|') as [string, string];
              try {
                const r = await call('GetStageSession', (signal) => client.send(new GetStageSessionCommand({ stageArn, sessionId }), { abortSignal: signal }), { resourceId: stageArn });
                out.set(id, required(r.stageSession, 'GetStageSession', 'stageSession'));
              } catch (err) {
                out.set(id, classifyError(err, 'GetStageSession', stageArn));
              }
            }),
          );
          return out;
        },
      },
    },
    {
      operation: 'ListStageSessions',
      checkFilter: (f) => arnProblem('ListStageSessions', 'stageArn', f?.stageArn, 'stage'),
      async page(f, nextToken, signal) {
        const out = await client.send(new ListStageSessionsCommand({ stageArn: f?.stageArn, nextToken, maxResults: PAGE }), { abortSignal: signal });
        return { items: out.stageSessions ?? [], nextToken: out.nextToken };
      },
      idOf: (s) => s.sessionId ?? '',
      mergeIntoEntities: false,
    },
  );

  const api: StagesApi = {
    get$: (arn, options) => resource.get$(arn, options),
    list$: (options) => resource.list$(undefined, options),
    async create(input = {}) {
      const problem = inputProblem('CreateStage', input, CREATE);
      if (problem) throw problem;
      const out = await resource.send('CreateStage', undefined, (signal) => client.send(new CreateStageCommand(input), { abortSignal: signal }));
      const stage = required(out.stage, 'CreateStage', 'stage');
      resource.stored(stage.arn, stage);
      return { stage, participantTokens: (out.participantTokens ?? []).map(toStoreToken) };
    },
    async update(input) {
      const problem = inputProblem('UpdateStage', input, UPDATE);
      if (problem) throw problem;
      const { arn, ...fields } = input;
      const { out, data } = await mutate(ctx, resource, {
        operation: 'UpdateStage',
        id: arn as string,
        changes: [{ id: arn as string, change: assign(fields) }],
        send: (signal) => client.send(new UpdateStageCommand(input), { abortSignal: signal }),
        answer: (out: UpdateStageCommandOutput) => out.stage,
      });
      return data ?? required(out.stage, 'UpdateStage', 'stage');
    },
    async delete(arn) {
      const problem = arnProblem('DeleteStage', 'arn', arn, 'stage');
      if (problem) throw problem;
      await resource.send('DeleteStage', arn, (signal) => client.send(new DeleteStageCommand({ arn }), { abortSignal: signal }));
      resource.deleted(arn);
    },
    sessions$: (stageArn, options) => sessions.list$({ stageArn }, options),
    session$(stageArn, sessionId, options) {
      const problem = arnProblem('GetStageSession', 'stageArn', stageArn, 'stage') ?? sessionIdProblem('GetStageSession', 'sessionId', sessionId);
      return problem ? invalid$(problem) : sessions.get$(`${stageArn}|${sessionId}`, options);
    },
    refresh: async () => {
      await Promise.all([resource.refresh(), sessions.refresh()]);
    },
  };
  return { api, reload: (arn: string) => resource.load([arn], 'user') };
}
