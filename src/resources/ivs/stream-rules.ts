import type { StreamSessionSummary, StreamSummary } from '@aws-sdk/client-ivs';
import type { NewsOutcome } from '../../core/cache-writer.js';
import type { EntityQuery } from '../../query/entity-query.js';
import type { ListQuery } from '../../query/list-query.js';
import type { News, Rule, RuleSet } from '../../query/push/rules.js';
import type { StreamHealthState, StreamState } from './stream-views.js';

/**
 * What IVS's stream events do to the streams the store holds (docs/EVENTS.md has each
 * kind). Stream Start says LIVE but not health or viewers: the stream is read again. An
 * end says everything (OFFLINE). Starvation says the health; the viewer count waits for a read.
 */
export function streamRules(
  entities: EntityQuery<StreamState>,
  lists: ListQuery<{ health?: StreamHealthState }, StreamSummary>,
): RuleSet {
  const idOf = (n: News) => (typeof n.detail.stream_id === 'string' ? n.detail.stream_id : undefined);
  const allLists = () => lists.keysWhere(() => true);

  const started: Rule = (n) => {
    const streamId = idOf(n);
    const stream = entities.news(n.resource, n.seq, (s) =>
      s?.state === 'LIVE' && s.streamId === streamId
        ? s
        : {
            channelArn: n.resource,
            state: 'LIVE',
            health: 'UNKNOWN',
            viewerCount: undefined,
            streamId,
            startTime: new Date(n.at),
          },
    );
    // An old start (a read sent later is in) asks for nothing.
    return stream === 'stale'
      ? stream
      : [stream, entities.confirm([n.resource], n.at + 1), lists.confirm(allLists(), n.at + 1)];
  };

  const ended: Rule = (n) => [
    entities.news(n.resource, n.seq, () => ({
      channelArn: n.resource,
      state: 'OFFLINE',
      health: undefined,
      viewerCount: undefined,
      streamId: undefined,
      startTime: undefined,
    })),
    ...allLists().map((key) =>
      lists.news(key, n.seq, (items) =>
        items?.some((s) => s.channelArn === n.resource) ? items.filter((s) => s.channelArn !== n.resource) : items,
      ),
    ),
  ];

  const health =
    (value: 'STARVING' | 'HEALTHY'): Rule =>
    (n) => {
      const outcomes: NewsOutcome[] = [];
      let wasOffline = false;
      outcomes.push(
        entities.news(n.resource, n.seq, (s) => {
          wasOffline = s?.state !== 'LIVE';
          return s && { ...s, state: 'LIVE', health: value, streamId: idOf(n) ?? s.streamId };
        }),
      );
      // Health news of a stream the store holds as offline: its start was missed.
      if (wasOffline) outcomes.push(entities.confirm([n.resource], n.at + 1));
      for (const key of allLists()) {
        const filtered = lists.filters.get(key)?.health !== undefined;
        // A list of one health gains or loses the stream: read it again rather than guess its order.
        if (filtered) outcomes.push(lists.confirm([key], n.at + 1));
        else
          outcomes.push(
            lists.news(key, n.seq, (items) =>
              items?.map((s) => (s.channelArn === n.resource && s.health !== value ? { ...s, health: value } : s)),
            ),
          );
      }
      return outcomes;
    };

  return {
    rules: {
      'IVS Stream State Change': {
        'Session Created': started,
        'Stream Start': started,
        'Stream End': ended,
        'Stream Failure': ended,
        'Session Ended': ended,
      },
      'IVS Stream Health Change': { 'Starvation Start': health('STARVING'), 'Starvation End': health('HEALTHY') },
    },
    covers: { streams: [entities.poller, lists.poller] },
  };
}

/**
 * A channel's stream sessions change when a stream starts, ends or its recording does:
 * the session lists of that channel are read again (events carry none of their fields).
 */
export function streamSessionRules(lists: ListQuery<{ channelArn: string }, StreamSessionSummary>): RuleSet {
  const reread: Rule = (n) =>
    lists.confirm(
      lists.keysWhere((f) => f?.channelArn === n.resource),
      n.at + 1,
    );
  const names = ['Session Created', 'Session Ended', 'Stream Start', 'Stream End', 'Stream Failure'];
  const recording = ['Recording Start', 'Recording End', 'Recording Start Failure', 'Recording End Failure'];
  return {
    rules: {
      'IVS Stream State Change': Object.fromEntries(names.map((name) => [name, reread])),
      'IVS Recording State Change': Object.fromEntries(recording.map((name) => [name, reread])),
    },
    covers: { streamSessions: [lists.poller] },
  };
}
