import type { IvsSimulator, RequestLogEntry } from '../src/simulator/index.js';

/**
 * The page's buttons drive the simulated world through these moves (POST /control/<action>),
 * standing in for what happens outside a dashboard: an encoder connecting, a bad uplink,
 * someone joining a stage, the account's quota running dry.
 */
export type ControlAction =
  | 'go-live'
  | 'go-offline'
  | 'starve'
  | 'recover'
  | 'join'
  | 'leave'
  | 'throttle-storm'
  | 'motion';

export const CONTROL_ACTIONS: readonly ControlAction[] = [
  'go-live',
  'go-offline',
  'starve',
  'recover',
  'join',
  'leave',
  'throttle-storm',
  'motion',
];

/** A request the page got wrong: answered 400 with this message. */
export class ControlError extends Error {
  override readonly name = 'ControlError';
}

/** How long a throttling storm lasts, and how much of the traffic it refuses. */
export const STORM = { durationMs: 10_000, errorRate: 0.6 } as const;

function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') throw new ControlError(`${name} must be a non-empty string`);
  return value;
}

export interface Controls {
  run(action: string, body: Record<string, unknown>): unknown;
  /**
   * The simulator's request log after request `since` (its `seq`), oldest first: read-only,
   * for tests that count what the page's tabs send (GET /control/requests?since=N).
   */
  requests(since: number): RequestLogEntry[];
  /** Ends a running storm; called when the demo stops. */
  dispose(): void;
}

export function createControls(sim: IvsSimulator): Controls {
  const { ivs, realtime } = sim.control;
  let storm: { remove(): void; timer: ReturnType<typeof setTimeout>; until: number } | undefined;
  let motion = true;
  let guests = 0;

  const endStorm = () => {
    if (!storm) return;
    clearTimeout(storm.timer);
    storm.remove();
    storm = undefined;
  };

  // A move that does not fit the world (going live twice) throws an Error saying why:
  // that is the page's mistake, not the server's.
  const move = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      throw new ControlError(err instanceof Error ? err.message : String(err));
    }
  };

  return {
    run(action, body) {
      switch (action) {
        case 'go-live': {
          const arn = field(body, 'channelArn');
          return move(() => ivs.goLive(arn, { health: 'HEALTHY', viewerCount: 1 }));
        }
        case 'go-offline':
          move(() => ivs.goOffline(field(body, 'channelArn')));
          return {};
        case 'starve':
          move(() => ivs.setHealth(field(body, 'channelArn'), 'STARVING'));
          return {};
        case 'recover':
          move(() => ivs.setHealth(field(body, 'channelArn'), 'HEALTHY'));
          return {};
        case 'join': {
          const stageArn = field(body, 'stageArn');
          return move(() => realtime.join(stageArn, { userId: `guest-${++guests}`, publish: true }));
        }
        case 'leave':
          move(() => realtime.leave(field(body, 'stageArn'), field(body, 'participantId')));
          return {};
        case 'throttle-storm': {
          endStorm();
          const handle = sim.control.injectFault({ errorRate: STORM.errorRate, error: 'ThrottlingException' });
          const until = Date.now() + STORM.durationMs;
          storm = { remove: () => handle.remove(), timer: setTimeout(endStorm, STORM.durationMs), until };
          storm.timer.unref?.();
          return { until };
        }
        case 'motion': {
          if (typeof body.on !== 'boolean') throw new ControlError('on must be true or false');
          motion = body.on;
          sim.control.setMotion(motion);
          return { on: motion };
        }
        default:
          throw new ControlError(`unknown action '${action}'; one of ${CONTROL_ACTIONS.join(', ')}`);
      }
    },
    requests: (since) => sim.control.requests().filter((r) => r.seq > since),
    dispose: endStorm,
  };
}
