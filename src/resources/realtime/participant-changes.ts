import type { ParticipantSummary } from '@aws-sdk/client-ivs-realtime';
import { concatMap, defer, from, merge, type Observable } from 'rxjs';

/** What changed on stage between two snapshots of a session's participants. */
/** A change on a stage, as `participants.changes$` emits them. */
export interface ParticipantChange {
  /** What happened to the participant. */
  type: 'joined' | 'left' | 'published' | 'unpublished' | 'updated';
  /** The participant as last listed (after the change). */
  participant: ParticipantSummary;
  /** ms since epoch when the store noticed. */
  at: number;
  /** True when an event told the store (the `events` option), before any read did. */
  byEvent?: boolean;
}

/**
 * The changes from one snapshot of ListParticipants to the next. ListParticipants' `published`
 * means "has published in this session", not "is publishing", so `unpublished` is reported
 * when a participant who published leaves.
 */
export function diffParticipants(
  before: readonly ParticipantSummary[],
  after: readonly ParticipantSummary[],
  at: number,
): ParticipantChange[] {
  const prev = new Map(before.map((p) => [p.participantId, p]));
  const next = new Map(after.map((p) => [p.participantId, p]));
  const out: ParticipantChange[] = [];
  const rest = (p: ParticipantSummary) =>
    JSON.stringify({ ...p, state: undefined, published: undefined, firstJoinTime: undefined });
  for (const p of after) {
    const was = prev.get(p.participantId);
    const connected = p.state === 'CONNECTED';
    const wasConnected = was?.state === 'CONNECTED';
    if (connected && !wasConnected) out.push({ type: 'joined', participant: p, at });
    if (connected && p.published && !(wasConnected && was?.published))
      out.push({ type: 'published', participant: p, at });
    if (!connected && wasConnected) {
      if (was?.published || p.published) out.push({ type: 'unpublished', participant: p, at });
      out.push({ type: 'left', participant: p, at });
    }
    if (connected && wasConnected && was && rest(was) !== rest(p)) out.push({ type: 'updated', participant: p, at });
  }
  for (const p of before) {
    if (!next.has(p.participantId) && p.state === 'CONNECTED') {
      const gone = { ...p, state: 'DISCONNECTED' as const };
      if (p.published) out.push({ type: 'unpublished', participant: gone, at });
      out.push({ type: 'left', participant: gone, at });
    }
  }
  return out;
}

/**
 * Who publishes now in a stage session, by event: ListParticipants only says who has ever
 * published, so only "IVS Stage Update" events can tell that someone stopped. Kept per
 * participant with the event's time (a late event never undoes a newer one).
 */
export type Publishing = Readonly<Record<string, { publishing: boolean; at: number; userId: string }>>;

/**
 * The changes of a stage's active session from its list snapshots and, with an event feed,
 * its `Publishing` news: each start or stop of publishing reported once, by whichever source
 * tells first (the event, at once; the next snapshot otherwise). The first snapshot and the
 * news held at subscription are where changes start from, unless `initial`.
 */
export function participantChanges$(
  snapshots$: Observable<ParticipantSummary[]>,
  publishing$: Observable<Publishing | undefined>,
  initial: boolean,
): Observable<ParticipantChange> {
  return defer(() => {
    /** Publishing or not, as last reported, by participant. */
    const reported = new Map<string, boolean>();
    let last: ParticipantSummary[] | undefined = initial ? [] : undefined;
    let newsSeen = false;
    let lastNews: Publishing | undefined;
    const fromSnapshot = (snapshot: ParticipantSummary[]) => {
      const before = last;
      last = snapshot;
      if (before === undefined) {
        // Where news already told, it stands: the list only says who has ever published.
        for (const p of snapshot)
          if (p.state === 'CONNECTED' && p.participantId && !reported.has(p.participantId))
            reported.set(p.participantId, !!p.published);
        return [];
      }
      return diffParticipants(before, snapshot, Date.now()).filter((c) => {
        if (c.type !== 'published' && c.type !== 'unpublished') return true;
        const id = c.participant.participantId ?? '';
        const publishing = c.type === 'published';
        if (reported.get(id) === publishing) return false;
        reported.set(id, publishing);
        return true;
      });
    };
    const fromNews = (news: Publishing | undefined) => {
      const baseline = !newsSeen && !initial;
      newsSeen = true;
      const out: ParticipantChange[] = [];
      const before = lastNews;
      lastNews = news;
      for (const [id, n] of Object.entries(news ?? {})) {
        // Only what this news changed: a participant's older news may predate their leaving.
        const was = before?.[id];
        if ((was?.at === n.at && was.publishing === n.publishing) || reported.get(id) === n.publishing) continue;
        reported.set(id, n.publishing);
        if (baseline) continue;
        const known = last?.find((p) => p.participantId === id);
        const participant = known ?? { participantId: id, userId: n.userId, state: 'CONNECTED', published: true };
        out.push({ type: n.publishing ? 'published' : 'unpublished', participant, at: Date.now(), byEvent: true });
      }
      return out;
    };
    return merge(
      snapshots$.pipe(concatMap((s) => from(fromSnapshot(s)))),
      publishing$.pipe(concatMap((n) => from(fromNews(n)))),
    );
  });
}
