import {
  GetParticipantCommand,
  ListParticipantEventsCommand,
  ListParticipantsCommand,
  type ParticipantState as SdkParticipantState,
  type Event as ParticipantEvent,
  type IVSRealTimeClient,
  type Participant,
  type ParticipantSummary,
} from '@aws-sdk/client-ivs-realtime';
import { distinctUntilChanged, filter, map, type Observable, of, switchMap, defer, finalize, throwError } from 'rxjs';
import type { Entry } from '../../core/entry.js';
import { required } from '../../core/errors.js';
import type { StoreContext } from '../../query/context.js';
import type { ParticipantMutations } from './stage-mutations.js';
import { EntityQuery, type QueryOptions } from '../../query/entity-query.js';
import { ListQuery } from '../../query/list-query.js';
import { invalidateAll, type Invalidates, refreshAll } from '../../query/polled-query.js';
import { compositeId, readEachByParts } from '../../query/composite-id.js';
import type { Collection } from '../collections.js';
import { arnProblem, boolProblem, oneOf, participantIdProblem } from '../validate.js';
import { invalid$, optionsProblem, QUERY_OPTIONS } from '../../core/checks.js';
import { activeLists, type ListFilter, type ParticipantState } from './active-participants.js';

export type { ParticipantState };
import { participantChanges$, type ParticipantChange, type Publishing } from './participant-changes.js';
import { sessionId, sessionIdProblem, type StagesApi } from './stages.js';

export { diffParticipants, type ParticipantChange } from './participant-changes.js';

/** `store.participants` (IVS RealTime): who is on stage, what changes, and disconnects. */
export interface ParticipantsApi extends ParticipantMutations, Invalidates<Participant> {
  /**
   * Participants of a stage session (all pages). Without `sessionId`, the stage's active
   * session, followed when a new one starts (an empty list while the stage has none).
   * @example store.participants.list$(stageArn, { state: 'CONNECTED' }).subscribe(render)
   */
  list$(
    stageArn: string,
    options?: QueryOptions & { sessionId?: string; state?: ParticipantState },
  ): Observable<Entry<ParticipantSummary[]>>;
  /**
   * One participant of a stage session (GetParticipant).
   * @example store.participants.get$(stageArn, sessionId, participantId).subscribe(render)
   */
  get$(
    stageArn: string,
    sessionId: string,
    participantId: string,
    options?: QueryOptions,
  ): Observable<Entry<Participant>>;
  /**
   * Who joined, left, published, stopped publishing or changed on a stage.
   *
   * Found by diffing successive snapshots of the active session. The first snapshot emits nothing unless `initial`.
   * ListParticipants only says whether someone has *ever* published in the session, so
   * without events `unpublished` is reported when a participant who published leaves; with
   * an event feed (the `events` option), Stage Update events report it the moment they stop
   * publishing, mid-session (each change once, whichever tells first). A bad stage ARN or
   * bad options fail the Observable (its `error`, kind `validation`); nothing is sent.
   * @example store.participants.changes$(stageArn, { initial: true }).subscribe((c) => log(c.type, c.participant.userId))
   */
  changes$(stageArn: string, options?: QueryOptions & { initial?: boolean }): Observable<ParticipantChange>;
  /**
   * A participant's event history (JOINED, PUBLISH_STARTED, ...).
   * @example store.participants.events$(stageArn, sessionId, participantId).subscribe(render)
   */
  events$(
    stageArn: string,
    sessionId: string,
    participantId: string,
    options?: QueryOptions,
  ): Observable<Entry<ParticipantEvent[]>>;
  /**
   * Re-reads every watched participant list and participant now.
   * @example await store.participants.refresh()
   */
  refresh(): Promise<void>;
}

const PUBLISHING = 'participants:publishing' satisfies Collection;
const STATE = oneOf<SdkParticipantState>()('CONNECTED', 'DISCONNECTED');
const LIST_OPTIONS = { ...QUERY_OPTIONS, sessionId, state: STATE };
const CHANGES_OPTIONS = { ...QUERY_OPTIONS, initial: boolProblem };
/** Stage, session and participant of the calls that name one participant. */
const oneProblem = (operation: string, stageArn: unknown, sessionId: unknown, id: unknown) =>
  arnProblem(operation, 'stageArn', stageArn, 'stage') ??
  sessionIdProblem(operation, 'sessionId', sessionId) ??
  participantIdProblem(operation, 'participantId', id);

/** `store`: the store's stages, whose active session participants follow. */
export function createParticipantsApi(
  ctx: StoreContext,
  client: IVSRealTimeClient,
  { stages }: { stages: StagesApi },
): ParticipantsApi {
  const participants = new EntityQuery<Participant>(ctx, {
    collection: 'participants' satisfies Collection,
    service: 'realtime',
    // get$ checks stage, session and participant before it joins them into this key.
    checkId: () => undefined,
    operation: 'GetParticipant',
    max: 1_000,
    read: readEachByParts('GetParticipant', async (parts, signal) => {
      const [stageArn, sessionId, participantId] = parts as [string, string, string];
      return required(
        (
          await client.send(new GetParticipantCommand({ stageArn, sessionId, participantId }), {
            abortSignal: signal,
          })
        ).participant,
        'GetParticipant',
        'participant',
      );
    }),
  });
  const lists = new ListQuery<ListFilter, ParticipantSummary>(ctx, {
    collection: 'participants:lists' satisfies Collection,
    service: 'realtime',
    operation: 'ListParticipants',
    // list$ checks the stage and its options before it gets here.
    checkFilter: () => undefined,
    async page(f, nextToken, signal) {
      const out = await client.send(
        new ListParticipantsCommand({
          stageArn: f?.stageArn,
          sessionId: f?.sessionId,
          nextToken,
          maxResults: 100,
          ...(f?.state ? { filterByState: f.state } : {}),
        }),
        { abortSignal: signal },
      );
      return { items: out.participants ?? [], nextToken: out.nextToken };
    },
    idOf: (p) => p.participantId ?? '',
  });
  const events = new ListQuery<{ stageArn: string; sessionId: string; participantId: string }, ParticipantEvent>(ctx, {
    collection: 'participantEvents:lists' satisfies Collection,
    service: 'realtime',
    operation: 'ListParticipantEvents',
    checkFilter: (f) => oneProblem('ListParticipantEvents', f?.stageArn, f?.sessionId, f?.participantId),
    async page(f, nextToken, signal) {
      const out = await client.send(
        new ListParticipantEventsCommand({
          stageArn: f?.stageArn,
          sessionId: f?.sessionId,
          participantId: f?.participantId,
          nextToken,
          maxResults: 100,
        }),
        { abortSignal: signal },
      );
      return { items: out.events ?? [], nextToken: out.nextToken };
    },
    idOf: (e) => `${e.name ?? ''}@${e.eventTime?.getTime() ?? 0}`,
  });
  // Mutations are code a dashboard that only watches never needs: loaded on the first one.
  const writes = ctx.onDemand(
    'participant mutations',
    () => import('./stage-mutations.js'),
    (m) => m.createParticipantMutations(ctx, client, { entities: participants, lists }),
  );

  ctx.push?.rules(async () =>
    (await import('./stage-rules.js')).participantRules({ cache: ctx.cache, entities: participants, lists }),
  );

  /**
   * With an event feed: who publishes now in the stage's active session, by event (the
   * entry the Stage Update rules write; held while watched, so they write it).
   */
  const publishing$ = (stageArn: string, options: QueryOptions): Observable<Publishing | undefined> => {
    if (!ctx.push) return of(undefined);
    const { cache } = ctx;
    return stages.get$(stageArn, options).pipe(
      map((e) => e.data?.activeSessionId),
      distinctUntilChanged(),
      switchMap((session) => {
        if (!session) return of(undefined);
        const id = compositeId(stageArn, session);
        return defer(() => {
          cache.retain(PUBLISHING, id);
          return cache.select$<Publishing>(PUBLISHING, id).pipe(
            map((e) => e.data),
            finalize(() => cache.release(PUBLISHING, id)),
          );
        });
      }),
    );
  };

  const activeList$ = activeLists(stages, lists);

  const list$: ParticipantsApi['list$'] = (stageArn, options) => {
    const problem =
      arnProblem('ListParticipants', 'stageArn', stageArn, 'stage') ??
      optionsProblem('ListParticipants', options, LIST_OPTIONS);
    if (problem) return invalid$(problem);
    const { sessionId, state, ...query } = options ?? {};
    return sessionId ? lists.list$({ stageArn, sessionId, state }, query) : activeList$(stageArn, query, state);
  };

  return {
    list$,
    get$(stageArn, sessionId, participantId, options) {
      const problem = oneProblem('GetParticipant', stageArn, sessionId, participantId);
      return problem ? invalid$(problem) : participants.get$(compositeId(stageArn, sessionId, participantId), options);
    },
    changes$(stageArn, options = {}) {
      const problem =
        arnProblem('ListParticipants', 'stageArn', stageArn, 'stage') ??
        optionsProblem('ListParticipants', options, CHANGES_OPTIONS);
      if (problem) return throwError(() => problem);
      const { initial, ...query } = options;
      const snapshots$ = list$(stageArn, query).pipe(
        filter((e) => e.status === 'success' && e.data !== undefined),
        map((e) => e.data as ParticipantSummary[]),
        distinctUntilChanged(),
      );
      return participantChanges$(snapshots$, publishing$(stageArn, query), initial === true);
    },
    events$: (stageArn, sessionId, participantId, options) =>
      events.list$({ stageArn, sessionId, participantId }, options),
    disconnect: async (stageArn, participantId, reason) => (await writes()).disconnect(stageArn, participantId, reason),
    createToken: async (input) => (await writes()).createToken(input),
    refresh: refreshAll(participants, lists, events),
    invalidate: invalidateAll(participants, lists, events),
  };
}
