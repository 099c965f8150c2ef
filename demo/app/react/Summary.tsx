import { useMemo } from 'react';
import { useIvsStore, useObservable } from 'ivs-store/react';
import type { StreamsSummary } from 'ivs-store';
import { queries } from '../watch.js';

const NONE: StreamsSummary = { watched: 0, live: 0, offline: 0, healthy: 0, starving: 0, unknown: 0, viewers: 0 };

/** The header's counts: one `summary$` over every channel the grid watches. */
export function Summary() {
  const store = useIvsStore();
  const s = useObservable(
    useMemo(() => queries.summary(store), [store]),
    NONE,
  );
  return (
    <>
      <Stat label="live" value={s.live} tone="live" />
      <Stat label="offline" value={s.offline} />
      <Stat label="starving" value={s.starving} tone="starving" />
      <Stat label="viewers" value={s.viewers} />
    </>
  );
}

function Stat(props: { label: string; value: number; tone?: string }) {
  return (
    <div className={`stat ${props.tone ?? ''}`} data-testid={`summary-${props.label}`}>
      <b>{props.value.toLocaleString('en-US')}</b>
      <span>{props.label}</span>
    </div>
  );
}
