import { memo, useMemo } from 'react';
import type { ParticipantSummary } from '@aws-sdk/client-ivs-realtime';
import { useEntry, useIvsStore } from 'ivs-store/react';
import { queries } from '../watch.js';
import { useControl } from './use-control.js';
import { useDepartures } from './use-departures.js';

type Participant = ParticipantSummary;
const idOf = (p: Participant) => p.participantId ?? '';

/** `user-12` → `12`, `Ada Lovelace` → `AL`: something to tell tiles apart at a glance. */
function initials(userId: string | undefined): string {
  if (!userId) return '?';
  const words = userId.split(/[\s_.-]+/).filter(Boolean);
  const last = words.at(-1) ?? userId;
  if (/^\d+$/.test(last)) return last.slice(-3);
  return words
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

/** Every stage of the account, each with who is on it now. */
export function Stages(props: { canControl: boolean }) {
  const store = useIvsStore();
  const stages = useEntry(useMemo(() => queries.stages(store), [store]));
  if (!stages.data)
    return (
      <div className="panel muted">
        {stages.status === 'error'
          ? `Could not list stages: ${stages.error?.message ?? 'no answer'}`
          : 'Loading stages…'}
      </div>
    );
  const sorted = [...stages.data].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
  return (
    <>
      {sorted.map(
        (s) => s.arn && <StagePanel key={s.arn} arn={s.arn} name={s.name ?? s.arn} canControl={props.canControl} />,
      )}
    </>
  );
}

const StagePanel = memo(function StagePanel(props: { arn: string; name: string; canControl: boolean }) {
  const { arn } = props;
  // The whole session's list, filtered here: the same query the activity feed's
  // changes$ diffs, so both cost one ListParticipants per stage per cycle, not two.
  const store = useIvsStore();
  const { data: everyone } = useEntry(useMemo(() => queries.participants(store, arn), [store, arn]));
  const data = useMemo(() => everyone?.filter((p) => p.state === 'CONNECTED'), [everyone]);
  const sorted = useMemo(
    () => [...(data ?? [])].sort((a, b) => (a.firstJoinTime?.getTime() ?? 0) - (b.firstJoinTime?.getTime() ?? 0)),
    [data],
  );
  const tiles = useDepartures(sorted, idOf);
  // Who is on stage is what a join or a removal changes: until the list shows it, its
  // buttons wait, and a failure only stands while the list is the one it was about.
  const shown = useMemo(() => (data ? data.map(idOf).sort().join(' ') : undefined), [data]);
  const names = useMemo(() => new Map([[arn, props.name]]), [arn, props.name]);
  const { run, busy, error } = useControl({ shown, names });
  return (
    <section className="panel" data-stage-arn={arn}>
      <h2>
        <span>{props.name}</span>
        <span className="muted">{data ? `${data.length} on stage` : '…'}</span>
        {props.canControl && (
          <button type="button" data-action="join" disabled={busy} onClick={() => void run('join', { stageArn: arn })}>
            + Guest
          </button>
        )}
      </h2>
      <div className="stage-tiles">
        {tiles.map(({ item: p, leaving }) => (
          <div
            key={idOf(p)}
            className={`tile${leaving ? ' leaving' : ''}${p.published ? ' publishing' : ''}`}
            data-participant-id={idOf(p)}
            data-user-id={p.userId ?? ''}
          >
            <div className="avatar">{initials(p.userId)}</div>
            <div className="user" title={p.userId}>
              {p.userId ?? 'anonymous'}
            </div>
            <div className="pstate">{leaving ? 'left' : p.published ? 'publishing' : 'connected'}</div>
            {props.canControl && !leaving && (
              <button
                type="button"
                className="remove"
                data-action="leave"
                aria-label={`remove ${p.userId ?? 'participant'}`}
                disabled={busy}
                onClick={() => void run('leave', { stageArn: arn, participantId: idOf(p) })}
              >
                ×
              </button>
            )}
          </div>
        ))}
        {data && data.length === 0 && tiles.length === 0 && <span className="muted">nobody on stage</span>}
      </div>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
    </section>
  );
});
