import { useEffect, useState } from 'react';
import type { DemoConfig } from '../config.js';
import { useControl } from './use-control.js';

/** Drives the simulated world: pause its random moves, or make the account's quota run dry. */
export function WorldControls(props: { config: DemoConfig }) {
  const { run, pending, error } = useControl();
  const [moving, setMoving] = useState(true);
  const [stormUntil, setStormUntil] = useState(0);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (stormUntil <= now) return;
    const t = setTimeout(() => setNow(Date.now()), 250);
    return () => clearTimeout(t);
  }, [stormUntil, now]);

  if (props.config.mode === 'aws') {
    return (
      <>
        <h2>World</h2>
        <p className="note">
          Read-only: this is your AWS account in {props.config.region}. The controls drive the simulator only.
        </p>
      </>
    );
  }
  const storming = stormUntil > now;
  return (
    <>
      <h2>
        World <span className="muted">simulator</span>
      </h2>
      <div className="controls">
        <button
          type="button"
          data-action="motion"
          aria-pressed={!moving}
          disabled={!!pending}
          onClick={async () => {
            const answer = await run('motion', { on: !moving });
            if (answer) setMoving(answer.on === true);
          }}
        >
          {moving ? 'Pause world' : 'Resume world'}
        </button>
        <button
          type="button"
          data-action="throttle-storm"
          disabled={!!pending || storming}
          onClick={async () => {
            const answer = await run('throttle-storm');
            if (answer && typeof answer.until === 'number') {
              setStormUntil(answer.until);
              setNow(Date.now());
            }
          }}
        >
          {storming ? `Storm: ${Math.ceil((stormUntil - now) / 1000)} s` : 'Throttling storm'}
        </button>
      </div>
      <p className="note">
        {storming
          ? 'The simulator refuses most calls with ThrottlingException. The store backs off with jitter and keeps the last good data on screen.'
          : 'Cards and stages have their own buttons. The store only learns about a change by polling, as it would from AWS.'}
      </p>
      {error && <div className="error">{error}</div>}
    </>
  );
}
