import { useMemo } from 'react';
import { useEntry, useIvsStore } from 'ivs-store/react';
import { queries } from '../watch.js';
import { ChannelCard } from './ChannelCard.js';

/** Every channel of the account (all pages of ListChannels), one card each, by name. */
export function ChannelGrid(props: { canControl: boolean }) {
  const store = useIvsStore();
  const channels = useEntry(useMemo(() => queries.channels(store), [store]));
  // Narrowed on status: only an entry in error is sure to carry an error.
  if (!channels.data)
    return (
      <p className="muted">
        {channels.status === 'error'
          ? `Could not list channels: ${channels.error?.message ?? 'no answer'}`
          : 'Loading channels…'}
      </p>
    );
  const sorted = [...channels.data].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
  return (
    <>
      {sorted.map(
        (c) => c.arn && <ChannelCard key={c.arn} arn={c.arn} name={c.name ?? ''} canControl={props.canControl} />,
      )}
    </>
  );
}
