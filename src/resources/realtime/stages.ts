import {
  GetStageCommand,
  GetStageSessionCommand,
  ListStageSessionsCommand,
  ListStagesCommand,
  type IVSRealTimeClient,
  type Stage,
  type StageSession,
  type StageSessionSummary,
  type StageSummary,
} from '@aws-sdk/client-ivs-realtime';
import type { Observable } from 'rxjs';
import type { Entry } from '../../core/entry.js';
import { required } from '../../core/errors.js';
import type { StoreContext } from '../../query/context.js';
import type { StageMutations, StoreParticipantToken } from './stage-mutations.js';
import { EntityQuery, type QueryOptions } from '../../query/entity-query.js';
import { ListQuery, type PagedEntry, type PagedOptions } from '../../query/list-query.js';
import { invalidateAll, type Invalidates, refreshAll } from '../../query/polled-query.js';
import { compositeId, readEachByParts } from '../../query/composite-id.js';
import { readEach } from '../../query/reads.js';
import { dataSetter, type SetsData } from '../../query/set-data.js';
import { sweepOrGet } from '../../query/sweep.js';
import type { Collection } from '../collections.js';
import { classify } from '../errors.js';
import { arnProblem, mandatory } from '../validate.js';
import { invalid$, rule } from '../../core/checks.js';

export type { StoreParticipantToken };

/** `store.stages` (IVS RealTime): stages, their sessions, and their mutations. */
export interface StagesApi extends StageMutations, Invalidates<Stage>, SetsData<Stage> {
  /**
   * One stage; watching many costs one paged ListStages sweep per cycle, not a GetStage each.
   * @example store.stages.get$(stageArn).subscribe((e) => e.status === 'success' && show(e.data.activeSessionId))
   */
  get$(arn: string, options?: QueryOptions): Observable<Entry<Stage>>;
  /**
   * Every stage (all pages of ListStages, summaries), kept fresh while subscribed.
   * @example store.stages.list$().subscribe(render)
   */
  list$(options?: QueryOptions): Observable<Entry<StageSummary[]>>;
  /**
   * ListStages page by page (`{ pageSize }` and the query options), on the stage entries `get$` and `list$` show.
   *
   * @example
   * ```ts
   * store.stages.pages$({ pageSize: 20 }).subscribe((e) => e.hasNextPage && e.fetchNextPage());
   * ```
   */
  pages$(options?: PagedOptions): Observable<PagedEntry<StageSummary>>;
  /**
   * Sessions of a stage, newest first.
   * @example store.stages.sessions$(stageArn).subscribe(render)
   */
  sessions$(stageArn: string, options?: QueryOptions): Observable<Entry<StageSessionSummary[]>>;
  /**
   * One session of a stage (GetStageSession): its start and end times.
   * @example store.stages.session$(stageArn, sessionId).subscribe(render)
   */
  session$(stageArn: string, sessionId: string, options?: QueryOptions): Observable<Entry<StageSession>>;
  /**
   * Re-reads every watched stage, session and list now.
   * @example await store.stages.refresh()
   */
  refresh(): Promise<void>;
}

const PAGE = 100;

/** A stage session id (`st-` and letters or digits), for the calls that name one. */
export const sessionId = rule(
  (v) => typeof v === 'string' && /^st-[a-zA-Z0-9]+$/.test(v),
  'a stage session id (st-...)',
);
export const sessionIdProblem = mandatory(sessionId);

export function createStagesApi(ctx: StoreContext, client: IVSRealTimeClient): StagesApi {
  const listStages = async (nextToken: string | undefined, signal: AbortSignal, size = PAGE) => {
    const out = await client.send(new ListStagesCommand({ nextToken, maxResults: size }), { abortSignal: signal });
    return { items: out.stages ?? [], nextToken: out.nextToken };
  };
  const stages = new EntityQuery<Stage>(ctx, {
    collection: 'stages' satisfies Collection,
    service: 'realtime',
    checkId: (arn) => arnProblem('GetStage', 'arn', arn, 'stage'),
    mergeReads: true,
    operation: 'ListStages',
    max: 100_000,
    /**
     * The cheaper of one GetStage per stage and one ListStages sweep (100 stages a page);
     * the sweep is `list$()`'s read too: whichever polls first, the other takes its answer.
     */
    read: sweepOrGet(ctx, {
      get: readEach('GetStage', async (arn, signal) => {
        const stage = required(
          (await client.send(new GetStageCommand({ arn }), { abortSignal: signal })).stage,
          'GetStage',
          'stage',
        );
        return { ...stage, activeSessionId: stage.activeSessionId };
      }),
      sweep: {
        service: 'realtime',
        operation: 'ListStages',
        pageSize: PAGE,
        page: (nextToken, signal) => listStages(nextToken, signal),
        idOf: (s) => s.arn,
        // activeSessionId is set explicitly so a session that ended clears it on merge.
        found: (s) => ({ arn: s.arn, name: s.name, activeSessionId: s.activeSessionId, tags: s.tags }),
        absent: (arn) =>
          classify(
            { name: 'ResourceNotFoundException', exceptionMessage: `Stage not found: ${arn}` },
            'ListStages',
            arn,
          ),
      },
    }),
  });
  const stageLists = new ListQuery<undefined, StageSummary>(ctx, {
    collection: 'stages:lists' satisfies Collection,
    service: 'realtime',
    operation: 'ListStages',
    checkFilter: () => undefined,
    page: (_f, nextToken, signal, size) => listStages(nextToken, signal, size),
    idOf: (s) => s.arn ?? '',
    into: 'stages' satisfies Collection,
  });
  const sessions = new EntityQuery<StageSession>(ctx, {
    collection: 'stageSessions' satisfies Collection,
    service: 'realtime',
    // session$ checks stage and session before it joins them into this key.
    checkId: () => undefined,
    operation: 'GetStageSession',
    max: 1_000,
    read: readEachByParts('GetStageSession', async (parts, signal) => {
      const [stageArn, sessionId] = parts as [string, string];
      return required(
        (await client.send(new GetStageSessionCommand({ stageArn, sessionId }), { abortSignal: signal })).stageSession,
        'GetStageSession',
        'stageSession',
      );
    }),
  });
  const sessionLists = new ListQuery<{ stageArn: string }, StageSessionSummary>(ctx, {
    collection: 'stageSessions:lists' satisfies Collection,
    service: 'realtime',
    operation: 'ListStageSessions',
    checkFilter: (f) => arnProblem('ListStageSessions', 'stageArn', f?.stageArn, 'stage'),
    async page(f, nextToken, signal) {
      const out = await client.send(
        new ListStageSessionsCommand({ stageArn: f?.stageArn, nextToken, maxResults: PAGE }),
        { abortSignal: signal },
      );
      return { items: out.stageSessions ?? [], nextToken: out.nextToken };
    },
    idOf: (s) => s.sessionId ?? '',
  });
  // Mutations are code a dashboard that only watches never needs: loaded on the first one.
  const writes = ctx.onDemand(
    'stage mutations',
    () => import('./stage-mutations.js'),
    (m) => m.createStageMutations(ctx, client, { entities: stages, lists: stageLists }),
  );

  ctx.push?.rules(async () => (await import('./stage-rules.js')).stageRules(stages, stageLists));
  const api: StagesApi = {
    get$: (arn, options) => stages.get$(arn, options),
    list$: (options) => stageLists.list$(undefined, options),
    pages$: (options) => stageLists.pages$(undefined, options),
    create: async (input) => (await writes()).create(input),
    update: async (input) => (await writes()).update(input),
    delete: async (arn) => (await writes()).delete(arn),
    sessions$: (stageArn, options) => sessionLists.list$({ stageArn }, options),
    session$(stageArn, sessionId, options) {
      const problem =
        arnProblem('GetStageSession', 'stageArn', stageArn, 'stage') ??
        sessionIdProblem('GetStageSession', 'sessionId', sessionId);
      return problem ? invalid$(problem) : sessions.get$(compositeId(stageArn, sessionId), options);
    },
    setData: dataSetter(ctx, 'stages' satisfies Collection, (arn) => arnProblem('setData', 'arn', arn, 'stage')),
    refresh: refreshAll(stages, stageLists, sessions, sessionLists),
    invalidate: invalidateAll(stages, stageLists, sessions, sessionLists),
  };
  return api;
}
