import type {
  Composition,
  Participant,
  ParticipantRecordingState,
  ParticipantState,
  ParticipantSummary,
  Stage,
  StageSummary,
} from '@aws-sdk/client-ivs-realtime';
import type { Cache } from '../../core/cache.js';
import type { NewsOutcome } from '../../core/cache-writer.js';
import { compositeId } from '../../query/composite-id.js';
import type { EntityQuery } from '../../query/entity-query.js';
import type { ListQuery } from '../../query/list-query.js';
import type { News, Rule, RuleSet } from '../../query/push/rules.js';
import type { Collection } from '../collections.js';
import type { Publishing } from './participant-changes.js';

/** Where the `Publishing` news of each stage session is kept (participants.changes$ watches it). */
const PUBLISHING = 'participants:publishing' satisfies Collection;

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const STAGE_UPDATE = ['Participant Published', 'Participant Unpublished', 'Participant Publish Error'];

interface ParticipantQueries {
  cache: Cache;
  entities: EntityQuery<Participant>;
  lists: ListQuery<{ stageArn: string; sessionId: string; state?: ParticipantState | undefined }, ParticipantSummary>;
}

/**
 * Stage Update events on participants: who publishes (the `Publishing` entry changes$
 * watches), `published` on the lists and participants held, and a read of a session's lists
 * where a publisher may have joined or left (IVS sends no join or leave events).
 */
export function participantRules({ cache, entities, lists }: ParticipantQueries): RuleSet {
  const sessionLists = (n: News, session: string) =>
    lists.keysWhere((f) => f?.stageArn === n.resource && f.sessionId === session && f.state !== 'DISCONNECTED');

  /** A rule about one participant of one session: `unused` when the event names neither. */
  const ofParticipant =
    (rule: (n: News, session: string, pid: string) => NewsOutcome | readonly NewsOutcome[]): Rule =>
    (n) => {
      const session = text(n.detail.session_id);
      const pid = text(n.detail.participant_id);
      return session && pid ? rule(n, session, pid) : 'unused';
    };

  const publish = (publishing: boolean): Rule =>
    ofParticipant((n, session, pid) => {
      const userId = text(n.detail.user_id) ?? '';
      const outcomes: NewsOutcome[] = [
        // Unordered per entry (seq 0): each participant is ordered by its own event time.
        cache.news(PUBLISHING, compositeId(n.resource, session), 0, (d) => {
          const was = (d as Publishing | undefined)?.[pid];
          if (was && was.at > n.at) return undefined;
          return { ...(d as Publishing | undefined), [pid]: { publishing, at: n.at, userId } };
        }),
      ];
      // A publisher who leaves stops publishing first: read whether they left (there is no leave event).
      if (!publishing) return [...outcomes, lists.confirm(sessionLists(n, session), n.at + 1)];
      for (const key of sessionLists(n, session)) {
        let missing = false;
        outcomes.push(
          lists.news(key, n.seq, (items) => {
            missing = !items?.some((p) => p.participantId === pid);
            return items?.map((p) =>
              p.participantId === pid && !p.published ? { ...p, published: true, state: 'CONNECTED' } : p,
            );
          }),
        );
        // Not on the list yet: they joined since it was read (there is no join event).
        if (missing) outcomes.push(lists.confirm([key], n.at + 1));
      }
      outcomes.push(
        entities.news(
          compositeId(n.resource, session, pid),
          n.seq,
          (p) => p && (p.published ? p : { ...p, published: true }),
        ),
      );
      return outcomes;
    });

  const recording = (state: ParticipantRecordingState): Rule =>
    ofParticipant((n, session, pid) => {
      const set = <
        P extends { participantId?: string | undefined; recordingState?: ParticipantRecordingState | undefined },
      >(
        p: P,
      ): P => (p.participantId === pid && p.recordingState !== state ? { ...p, recordingState: state } : p);
      return [
        ...sessionLists(n, session).map((key) => lists.news(key, n.seq, (items) => items?.map(set))),
        entities.news(compositeId(n.resource, session, pid), n.seq, (p) => p && set(p)),
      ];
    });

  return {
    rules: {
      'IVS Stage Update': { 'Participant Published': publish(true), 'Participant Unpublished': publish(false) },
      'IVS Participant Recording State Change': {
        'Recording Start': recording('ACTIVE'),
        'Recording End': recording('STOPPED'),
        'Recording Start Failure': recording('FAILED'),
        'Recording End Failure': recording('FAILED'),
      },
    },
    covers: { participants: [lists.poller] },
  };
}

/**
 * A Stage Update names the session it happened in: a stage held with another active
 * session has a new one (shown at once, so its participants are read) and is read again.
 */
export function stageRules(stages: EntityQuery<Stage>, stageLists: ListQuery<undefined, StageSummary>): RuleSet {
  const session: Rule = (n) => {
    const id = text(n.detail.session_id);
    if (!id) return 'unused';
    let changed = false;
    const outcome = stages.news(n.resource, n.seq, (s) => {
      changed = s !== undefined && s.activeSessionId !== id;
      return s && (changed ? { ...s, activeSessionId: id } : s);
    });
    return changed ? [outcome, stages.confirm([n.resource], n.at + 1)] : outcome;
  };
  return {
    rules: { 'IVS Stage Update': Object.fromEntries(STAGE_UPDATE.map((name) => [name, session])) },
    covers: { stages: [stages.poller, stageLists.poller] },
  };
}

/** Composition events say its state outright: no read needed. */
export function compositionRules(
  entities: EntityQuery<Composition>,
  lists: { poller: ListQuery<never, never>['poller'] },
): RuleSet {
  const state =
    (value: Composition['state']): Rule =>
    (n) =>
      entities.news(n.resource, n.seq, (c) => c && (c.state === value ? c : { ...c, state: value }));
  return {
    rules: {
      'IVS Composition State Change': {
        'Session Start': state('ACTIVE'),
        'Session End': state('STOPPED'),
        'Session Failure': state('FAILED'),
      },
    },
    covers: { compositions: [entities.poller, lists.poller] },
  };
}
