import type { ParticipantSummary } from '@aws-sdk/client-ivs-realtime';
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { AT, participant } from '../../support/participants.js';
import { type Publishing, participantChanges$ } from '../../../src/resources/realtime/participant-changes.js';

const p = participant;

/** Publishing news as the stage rules keep it: per participant, with the event's time. */
const news = (entries: Record<string, boolean>, at = AT): Publishing =>
  Object.fromEntries(Object.entries(entries).map(([id, publishing]) => [id, { publishing, at, userId: `user-${id}` }]));

/** participantChanges$ over two Subjects; `seen()` lists the changes as `type:id` (`+event` when byEvent). */
function setup(initial = false) {
  const snapshots$ = new Subject<ParticipantSummary[]>();
  const publishing$ = new Subject<Publishing | undefined>();
  const changes: Array<{
    type: string;
    id: string | undefined;
    byEvent: boolean | undefined;
    state?: string | undefined;
  }> = [];
  const sub = participantChanges$(snapshots$, publishing$, initial).subscribe((c) =>
    changes.push({ type: c.type, id: c.participant.participantId, byEvent: c.byEvent, state: c.participant.state }),
  );
  const seen = () => changes.map((c) => `${c.type}:${c.id}${c.byEvent ? '+event' : ''}`);
  return { snapshots$, publishing$, changes, seen, stop: () => sub.unsubscribe() };
}

describe('participantChanges$ with publishing news', () => {
  it('reports a mid-session unpublish from news once, by event; the next snapshot does not repeat it', () => {
    const t = setup();
    t.snapshots$.next([p('a', { published: true })]);
    t.publishing$.next(news({ a: true })); // what was known at subscription
    expect(t.seen()).toEqual([]);
    t.publishing$.next(news({ a: false }, AT + 1000));
    expect(t.seen()).toEqual(['unpublished:a+event']);
    // ListParticipants still says "has published": nothing to say.
    t.snapshots$.next([p('a', { published: true })]);
    // The same news again (another participant's event re-emits the whole record).
    t.publishing$.next(news({ a: false }, AT + 1000));
    expect(t.seen()).toEqual(['unpublished:a+event']);
    t.stop();
  });

  it('a leave after an unpublish told by event is reported as left, with no second unpublished', () => {
    const t = setup();
    t.snapshots$.next([p('a', { published: true })]);
    t.publishing$.next(news({ a: true }));
    t.publishing$.next(news({ a: false }, AT + 1000));
    t.snapshots$.next([p('a', { published: true, state: 'DISCONNECTED' })]);
    expect(t.seen()).toEqual(['unpublished:a+event', 'left:a']);
    t.stop();
  });

  it('a leave while publishing, with no event, is unpublished then left from the snapshot', () => {
    const t = setup();
    t.snapshots$.next([p('a', { published: true })]);
    t.publishing$.next(undefined);
    t.snapshots$.next([]);
    expect(t.seen()).toEqual(['unpublished:a', 'left:a']);
    t.stop();
  });

  it('published by event, then a snapshot that shows it: one published, by event', () => {
    const t = setup();
    t.snapshots$.next([p('a')]);
    t.publishing$.next(undefined);
    t.publishing$.next(news({ a: true }, AT + 1000));
    expect(t.changes).toEqual([{ type: 'published', id: 'a', byEvent: true, state: 'CONNECTED' }]);
    t.snapshots$.next([p('a', { published: true })]);
    expect(t.seen()).toEqual(['published:a+event']);
    t.stop();
  });

  it('published by a snapshot first, then by event: one published, from the snapshot', () => {
    const t = setup();
    t.snapshots$.next([p('a')]);
    t.publishing$.next(undefined);
    t.snapshots$.next([p('a', { published: true })]);
    t.publishing$.next(news({ a: true }, AT + 1000));
    expect(t.seen()).toEqual(['published:a']);
    t.stop();
  });

  it('does not report the news held at subscription, unless initial', () => {
    const quiet = setup(false);
    quiet.publishing$.next(news({ a: true, b: false }));
    quiet.snapshots$.next([p('a', { published: true }), p('b', { published: true })]);
    expect(quiet.seen()).toEqual([]);
    quiet.stop();

    const all = setup(true);
    all.publishing$.next(news({ a: true }));
    expect(all.seen()).toEqual(['published:a+event']);
    // The first snapshot is a change from nothing: a joined; published was told already.
    all.snapshots$.next([p('a', { published: true })]);
    expect(all.seen()).toEqual(['published:a+event', 'joined:a']);
    all.stop();
  });

  it('news of someone no snapshot has shown yet names them as connected and publishing', () => {
    const t = setup();
    t.snapshots$.next([]);
    t.publishing$.next(undefined);
    const changes: unknown[] = [];
    participantChanges$(t.snapshots$, t.publishing$, false).subscribe((c) => changes.push(c.participant));
    t.publishing$.next(news({ z: true }));
    t.publishing$.next(news({ z: true, y: true }));
    expect(changes).toEqual([{ participantId: 'y', userId: 'user-y', state: 'CONNECTED', published: true }]);
    expect(t.seen()).toEqual(['published:z+event', 'published:y+event']);
    t.stop();
  });

  it('joins, leaves and updates from snapshots pass through untouched', () => {
    const t = setup();
    t.snapshots$.next([p('a')]);
    t.snapshots$.next([p('a', { recordingState: 'ACTIVE' }), p('b')]);
    t.snapshots$.next([p('b', { state: 'DISCONNECTED' })]);
    expect(t.seen()).toEqual(['updated:a', 'joined:b', 'left:b', 'left:a']);
    t.stop();
  });

  it('does not report a participant who left as published again on news about someone else', () => {
    const t = setup();
    t.snapshots$.next([p('a', { published: true }), p('b')]);
    t.publishing$.next(news({ a: true }));
    t.snapshots$.next([p('a', { published: true, state: 'DISCONNECTED' }), p('b')]);
    expect(t.seen()).toEqual(['unpublished:a', 'left:a']);
    t.publishing$.next({ ...news({ a: true }), ...news({ b: true }, AT + 5000) });
    expect(t.seen()).toEqual(['unpublished:a', 'left:a', 'published:b+event']);
    t.stop();
  });

  it('reports the same changes whichever of the baseline snapshot and news comes first', () => {
    const newsFirst = setup();
    newsFirst.publishing$.next(news({ a: false }));
    newsFirst.snapshots$.next([p('a', { published: true })]);
    newsFirst.snapshots$.next([]);

    const snapshotFirst = setup();
    snapshotFirst.snapshots$.next([p('a', { published: true })]);
    snapshotFirst.publishing$.next(news({ a: false }));
    snapshotFirst.snapshots$.next([]);

    expect(snapshotFirst.seen()).toEqual(['left:a']);
    expect(newsFirst.seen()).toEqual(snapshotFirst.seen());
  });
});
