import type { ParticipantSummary, Stage } from '@aws-sdk/client-ivs-realtime';
import { distinctUntilChanged, finalize, map, type Observable, of, ReplaySubject, share, switchMap } from 'rxjs';
import type { Entry } from '../../core/entry.js';
import type { QueryOptions } from '../../query/entity-query.js';
import type { ListQuery } from '../../query/list-query.js';
import { lastOf, peekOf, withPeek } from '../../query/peeked.js';
import type { StagesApi } from './stages.js';

/**
 * `participants.list$(stageArn)` without a session: the stage's active session's list,
 * following the next session; with a peek (the stage's, then the session list's), so a
 * first render shows who is on stage from the cache.
 */

/** A participant's connection state, as ListParticipants filters by it. */
export type ParticipantState = 'CONNECTED' | 'DISCONNECTED';

/** A participant list's filter: ListParticipants' stage, session and state. */
export interface ListFilter {
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

/**
 * `activeList$(stageArn, options, state)`: one shared Observable per stage, options and
 * state while subscribed (so every component showing a stage's participants shares one).
 */
export function activeLists(stages: StagesApi, lists: ListQuery<ListFilter, ParticipantSummary>) {
  const following = new Map<string, Observable<Entry<ParticipantSummary[]>>>();
  return (stageArn: string, options: QueryOptions, state: ParticipantState | undefined) => {
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
}
