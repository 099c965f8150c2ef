import {
  GetParticipantCommand,
  ListParticipantEventsCommand,
  ListParticipantsCommand,
  type ParticipantState as SdkParticipantState,
  type Event as ParticipantEvent,
  type IVSRealTimeClient,
  type Participant,
  type ParticipantSummary,
  type Stage,
} from '@aws-sdk/client-ivs-realtime';
import {
  distinctUntilChanged,
  filter,
  map,
  type Observable,
  of,
  share,
  ReplaySubject,
  switchMap,
  defer,
  finalize,
  throwError,
} from 'rxjs';
import type { Entry } from '../../core/entry.js';
import { required } from '../../core/errors.js';
import type { StoreContext } from '../../query/context.js';
import type { ParticipantMutations } from './stage-mutations.js';
import { EntityQuery, type QueryOptions } from '../../query/entity-query.js';
import { ListQuery } from '../../query/list-query.js';
import { lastOf, peekOf, withPeek } from '../../query/peeked.js';
import { invalidateAll, type Invalidates, refreshAll } from '../../query/polled-query.js';
import { compositeId, readEachByParts } from '../../query/composite-id.js';
import type { Collection } from '../collections.js';
import { arnProblem, boolProblem, oneOf, participantIdProblem } from '../validate.js';
import { invalid$, optionsProblem, QUERY_OPTIONS } from '../../core/checks.js';
import { participantChanges$, type ParticipantChange, type Publishing } from './participant-changes.js';
import { sessionId, sessionIdProblem, type StagesApi } from './stages.js';

/** A participant's connection state, as ListParticipants filters by it. */
export type ParticipantState = 'CONNECTED' | 'DISCONNECTED';

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

interface ListFilter {
  stageArn: string;
  sessionId: string;
  state?: ParticipantState | undefined;
}

/** An entry made here, not read from the cache; the callers keep the union's promises (success has data, error an error). */
const empty = <T>(status: Entry<T>['status'], data: T | undefined, error?: Entry<T>['error']): Entry<T> =>
  ({ status, data, error, updatedAt: undefined, fetching: false }) as Entry<T>;

type Listed = Entry<ParticipantSummary[]>;
const LOADING = empty<ParticipantSummary[]>('loading', undefined);
const NOT_FOUND = empty<ParticipantSummary[]>('not-found', undefined);
/** A stage without a session has nobody on it (one frozen list: no one may add to it). */
const NOBODY: Listed = empty('success', Object.freeze([]) as unknown as ParticipantSummary[]);

/**
 * What the active session's list is, by the stage's entry: the id of the session whose list
 * to follow, or the entry to show while there is none (the same object for the same case).
 */
const listOf = (e: Entry<Stage>): Listed | string => {
  if (e.status === 'loading') return LOADING;
  if (e.status === 'not-found') return NOT_FOUND;
  const session = e.data?.activeSessionId;
  if (session) return session;
  return e.status === 'error' ? empty<ParticipantSummary[]>('error', undefined, e.error) : NOBODY;
};

/** Two answers of `listOf` that show the same (an error repeated with a stage entry re-read). */
const sameList = (a: Listed | string, b: Listed | string) =>
  a === b || (typeof a === 'object' && typeof b === 'object' && a.status === b.status && a.error === b.error);

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

  const following = new Map<string, Observable<Entry<ParticipantSummary[]>>>();
  const activeList$ = (stageArn: string, options: QueryOptions, state: ParticipantState | undefined) => {
    const key = JSON.stringify([stageArn, options.refetchInterval ?? null, String(options.staleTime), state ?? null]);
    let obs = following.get(key);
    if (!obs) {
      const stage$ = stages.get$(stageArn, options);
      const filterOf = (sessionId: string): ListFilter => ({ stageArn, sessionId, state });
      // One memo for the subscription and the peek: the first value is the object a first render peeked.
      const now = lastOf(listOf);
      obs = withPeek(
        stage$.pipe(
          map(now),
          distinctUntilChanged(sameList),
          switchMap((l) => (typeof l === 'string' ? lists.list$(filterOf(l), options) : of(l))),
          finalize(() => following.delete(key)),
          share({
            connector: () => new ReplaySubject(1),
            resetOnRefCountZero: true,
            resetOnComplete: true,
            resetOnError: true,
          }),
        ),
        // The same from the cache alone: the stage's entry, then the session's list (not list$, which makes a query).
        () => {
          const e = peekOf(stage$);
          const l = e && now(e);
          return typeof l === 'string' ? lists.peek(filterOf(l)) : l;
        },
      );
      following.set(key, obs);
    }
    return obs;
  };

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
