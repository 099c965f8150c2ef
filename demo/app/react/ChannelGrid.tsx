import { useChannels } from 'ivs-store/react';
import { ChannelCard } from './ChannelCard.js';

/** Every channel of the account (all pages of ListChannels), one card each, by name. */
export function ChannelGrid(props: { canControl: boolean }) {
  const { status, data, error } = useChannels();
  if (!data) return <p className="muted">{status === 'error' ? `Could not list channels: ${error?.message ?? ''}` : 'Loading channels…'}</p>;
  const sorted = [...data].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
  return (
    <>
      {sorted.map((c) => c.arn && <ChannelCard key={c.arn} arn={c.arn} name={c.name ?? ''} canControl={props.canControl} />)}
    </>
  );
}
