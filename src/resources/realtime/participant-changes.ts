import type { ParticipantSummary } from '@aws-sdk/client-ivs-realtime';

/** What changed on stage between two snapshots of a session's participants. */
export interface ParticipantChange {
  type: 'joined' | 'left' | 'published' | 'unpublished' | 'updated';
  participant: ParticipantSummary;
  /** ms since epoch when the store noticed. */
  at: number;
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
