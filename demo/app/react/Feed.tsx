import { useMemo } from 'react';
import { useEntry, useIvsStore, useObservable } from 'ivs-store/react';
import type { FeedEvent } from '../feed.js';
import { queries } from '../watch.js';

const VERB: Record<FeedEvent['kind'], string> = {
  'went-live': 'went live',
  'went-offline': 'went offline',
  'started-starving': 'is starving',
  recovered: 'recovered',
  joined: 'joined',
  left: 'left',
  published: 'is publishing on',
};

/** The transitions feed, newest first; ⚡ marks what an event told the store (push events on). */
export function Feed() {
  const store = useIvsStore();
  const events = useObservable(
    useMemo(() => queries.activity(store), [store]),
    [],
  );
  const channels = useEntry(useMemo(() => queries.channels(store), [store]));
  const stages = useEntry(useMemo(() => queries.stages(store), [store]));
  const channelName = useMemo(() => new Map((channels.data ?? []).map((c) => [c.arn, c.name])), [channels.data]);
  const stageName = useMemo(() => new Map((stages.data ?? []).map((s) => [s.arn, s.name])), [stages.data]);
  return (
    <>
      <h2>
        Activity <span className="muted">{events.length ? `${events.length} events` : 'waiting for changes'}</span>
      </h2>
      <ol className="feed" data-testid="feed">
        {events.map((e) => (
          <li
            key={e.id}
            className={`k-${e.kind}`}
            data-kind={e.kind}
            data-channel={e.channelArn}
            data-by-event={e.byEvent ? 'true' : undefined}
          >
            <time className="num">{new Date(e.at).toLocaleTimeString('en-GB')}</time>
            <span>
              {e.channelArn !== undefined
                ? `${channelName.get(e.channelArn) ?? e.channelArn.split('/').pop()} ${VERB[e.kind]}`
                : `${e.userId ?? '?'} ${VERB[e.kind]} ${stageName.get(e.stageArn) ?? 'a stage'}`}
              {e.byEvent && (
                <span className="push" title="An EventBridge event told the store, before any read">
                  ⚡
                </span>
              )}
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}
