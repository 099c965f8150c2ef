import { memo, useMemo } from 'react';
import { useEntry, useIvsStore, useObservable } from 'ivs-store/react';
import type { HealthSample, StreamState } from 'ivs-store';
import { queries } from '../watch.js';
import { Sparkline } from './Sparkline.js';
import { useControl } from './use-control.js';

export type Badge = 'HEALTHY' | 'STARVING' | 'UNKNOWN' | 'OFFLINE';

/** The badge a health reading deserves: a live stream the service has no verdict on is UNKNOWN. */
export function badgeOf(h: StreamState): Badge {
  return h.state === 'OFFLINE' ? 'OFFLINE' : (h.health ?? 'UNKNOWN');
}

const NO_SAMPLES: readonly HealthSample[] = [];

/** A card's moves: the button's label, and its label while the store has yet to see the move. */
const LABEL = {
  'go-live': ['Go live', 'Starting…'],
  'go-offline': ['Stop', 'Stopping…'],
  starve: ['Starve', 'Starving…'],
  recover: ['Recover', 'Recovering…'],
} as const;

/**
 * One channel. Its channel read is coalesced with every other card's into one
 * BatchGetChannel; health comes from the store's ListStreams sweep (the read the top
 * channels' `live$()` shares); the card re-renders only when its own channel or health
 * changes, so forty cards update in place. Its queries are in watch.ts.
 */
export const ChannelCard = memo(function ChannelCard(props: { arn: string; name: string; canControl: boolean }) {
  const { arn } = props;
  const store = useIvsStore();
  const channel = useEntry(useMemo(() => queries.channel(store, arn), [store, arn]));
  const health = useObservable(
    useMemo(() => queries.health(store, arn), [store, arn]),
    undefined,
  );
  const history = useObservable(
    useMemo(() => queries.history(store, arn), [store, arn]),
    NO_SAMPLES,
  );
  const viewers = useMemo(
    () => history.filter((s) => s.state === 'LIVE').map((s) => Math.max(0, s.viewerCount ?? 0)),
    [history],
  );
  const badge = health ? badgeOf(health) : undefined;
  const live = health?.state === 'LIVE';
  const data = channel.data;
  const name = data?.name ?? props.name;
  const names = useMemo(() => new Map([[arn, name]]), [arn, name]);
  const { run, busy, waiting, error } = useControl({ shown: `${health?.state ?? ''}/${badge ?? ''}`, names });
  const button = (action: keyof typeof LABEL) => (
    <button
      type="button"
      data-action={action}
      disabled={busy}
      aria-busy={waiting === action}
      onClick={() => void run(action, { channelArn: arn })}
    >
      {waiting === action ? LABEL[action][1] : LABEL[action][0]}
    </button>
  );
  return (
    <article
      className={`card${live ? ' is-live' : ''}${badge === 'STARVING' ? ' is-starving' : ''}`}
      data-channel-arn={arn}
    >
      <header>
        <span className="name" title={arn}>
          {name}
        </span>
        {health ? (
          <span className={`state ${health.state}`} data-testid="state">
            {health.state}
          </span>
        ) : (
          <span className="skeleton" />
        )}
      </header>
      <div className="meta">
        {data
          ? `${data.type ?? 'STANDARD'} · ${data.latencyMode === 'LOW' ? 'low latency' : 'normal latency'}`
          : '\u00a0'}
      </div>
      <div className="row">
        <span className="viewers num">
          {live ? (health.viewerCount ?? 0).toLocaleString('en-US') : '–'}
          <small>viewers</small>
        </span>
        {badge ? (
          <span className={`badge ${badge}`} data-testid="health-badge">
            {badge}
          </span>
        ) : (
          <span className="skeleton" />
        )}
      </div>
      <Sparkline values={viewers} />
      {props.canControl && health && (
        <div className="actions">
          {live ? (
            <>
              {button('go-offline')}
              {badge === 'STARVING' ? button('recover') : button('starve')}
            </>
          ) : (
            button('go-live')
          )}
        </div>
      )}
      {error && (
        <div className="error" role="alert" data-testid="card-error">
          {error}
        </div>
      )}
    </article>
  );
});
