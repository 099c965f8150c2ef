import { distinctUntilChanged, filter, map, merge, type Observable, scan, startWith, switchMap } from 'rxjs';
import type { IvsStore, ParticipantChange, StreamTransition } from 'ivs-store';

export interface FeedEvent {
  /** Unique within the page, for list keys. */
  id: number;
  at: number;
  kind: StreamTransition['type'] | 'joined' | 'left' | 'published';
  channelArn?: string;
  stageArn?: string;
  userId?: string;
  /** An event told the store (the "push events" switch), before any read did: shown with ⚡. */
  byEvent?: true;
}

const SHOWN: ReadonlySet<ParticipantChange['type']> = new Set(['joined', 'left', 'published']);

/**
 * What happened, newest first: the store's stream transitions across every watched
 * channel, merged with participant changes on every stage the account has (following
 * stages as they come and go). Plain RxJS over the store; any framework can render it.
 */
export function activity$(store: IvsStore, limit = 40): Observable<readonly FeedEvent[]> {
  let next = 0;
  const streams = store.streams.transitions$().pipe(
    map(
      (t): Omit<FeedEvent, 'id'> => ({
        at: t.at,
        kind: t.type,
        channelArn: t.channelArn,
        ...(t.byEvent && { byEvent: true }),
      }),
    ),
  );
  const participants = store.stages.list$().pipe(
    map((entry) =>
      (entry.data ?? [])
        .flatMap((s) => (s.arn ? [s.arn] : []))
        .sort()
        .join(' '),
    ),
    distinctUntilChanged(),
    switchMap((arns) =>
      merge(
        ...arns
          .split(' ')
          .filter(Boolean)
          .map((stageArn) =>
            store.participants.changes$(stageArn).pipe(
              filter((c) => SHOWN.has(c.type)),
              map(
                (c): Omit<FeedEvent, 'id'> => ({
                  at: c.at,
                  kind: c.type as FeedEvent['kind'],
                  stageArn,
                  userId: c.participant.userId || c.participant.participantId || '?',
                  ...(c.byEvent && { byEvent: true }),
                }),
              ),
            ),
          ),
      ),
    ),
  );
  return merge(streams, participants).pipe(
    scan((list: readonly FeedEvent[], e) => [{ ...e, id: next++ }, ...list].slice(0, limit), []),
    startWith([] as readonly FeedEvent[]),
  );
}
