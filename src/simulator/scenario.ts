import type { IvsMoves } from './control/ivs-moves.js';
import type { RealtimeMoves } from './control/realtime-moves.js';
import type { Rng } from './world/rng.js';

/** What a seeded world starts with and how it moves. */
export interface ScenarioSpec {
  /** Channels created at start. Default 0. */
  channels?: number;
  /** How many of those are live at start. Default 0. */
  live?: number;
  /** Stages created at start. Default 0. */
  stages?: number;
  /** Participants connected to each stage at start. Default 0. */
  participantsPerStage?: number;
  /** A move every `tickMs` ms (0: the world only moves on `control.step()`). Default 0. */
  tickMs?: number;
}

/** The built-in scenarios: `empty`, or `lively` (12 channels, 5 live, 3 stages, moving every 2 s). */
export type ScenarioName = 'empty' | 'lively';

export const SCENARIOS: Record<ScenarioName, Required<ScenarioSpec>> = {
  empty: { channels: 0, live: 0, stages: 0, participantsPerStage: 0, tickMs: 0 },
  lively: { channels: 12, live: 5, stages: 3, participantsPerStage: 3, tickMs: 2000 },
};

export function resolveScenario(scenario: ScenarioName | ScenarioSpec | undefined): Required<ScenarioSpec> {
  if (scenario === undefined) return SCENARIOS.empty;
  if (typeof scenario === 'string') {
    const named = SCENARIOS[scenario];
    if (!named)
      throw new TypeError(
        `scenario must be one of ${Object.keys(SCENARIOS).join(', ')} or an object, got '${scenario}'`,
      );
    return named;
  }
  const spec = { ...SCENARIOS.empty, ...scenario };
  for (const key of Object.keys(SCENARIOS.empty) as Array<keyof ScenarioSpec>) {
    const v = spec[key];
    if (!(Number.isInteger(v) && v >= 0))
      throw new TypeError(`scenario.${key} must be a non-negative integer, got ${String(v)}`);
  }
  if (spec.live > spec.channels)
    throw new TypeError(`scenario.live (${spec.live}) cannot exceed scenario.channels (${spec.channels})`);
  return spec;
}

const HEALTHS = ['HEALTHY', 'HEALTHY', 'HEALTHY', 'STARVING', 'UNKNOWN'] as const;

/**
 * A world that moves: streams go live and offline, health and viewer counts drift,
 * participants join, publish and leave. Every choice comes from the seeded generator,
 * so the same seed and the same number of steps give the same world.
 * The scenario only drives what it created and tolerates moves made by hand in
 * between (a move that no longer fits the state is skipped).
 */
export class Scenario {
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly viewers = new Map<string, number>();
  private readonly published = new Set<string>();
  private userCounter = 0;

  constructor(
    private readonly rng: Rng,
    private readonly ivs: IvsMoves,
    private readonly realtime: RealtimeMoves,
    private readonly spec: Required<ScenarioSpec>,
  ) {}

  /** Creates the starting world. */
  populate(): void {
    const { channels, live, stages, participantsPerStage } = this.spec;
    for (let i = 1; i <= channels; i++) {
      const { arn } = this.ivs.createChannel({
        name: `channel-${String(i).padStart(2, '0')}`,
        latencyMode: i % 3 === 0 ? 'NORMAL' : 'LOW',
      });
      if (i <= live) this.goLive(arn);
    }
    for (let i = 1; i <= stages; i++) {
      const { arn } = this.realtime.createStage({ name: `stage-${String(i).padStart(2, '0')}` });
      for (let p = 0; p < participantsPerStage; p++) this.join(arn);
    }
  }

  setMotion(on: boolean): void {
    if (!on) {
      if (this.timer) clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    if (this.timer || this.spec.tickMs === 0) return;
    this.timer = setInterval(() => this.step(1), this.spec.tickMs);
    this.timer.unref?.();
  }

  stop(): void {
    this.setMotion(false);
  }

  step(ticks = 1): void {
    for (let i = 0; i < ticks; i++) this.tick();
  }

  private tick(): void {
    const rng = this.rng;
    const live = this.ivs.liveChannelArns();
    for (const arn of live) {
      if (rng.chance(0.5)) {
        const next = Math.max(0, Math.round((this.viewers.get(arn) ?? 0) * (0.8 + rng.next() * 0.45) + rng.int(-3, 8)));
        this.viewers.set(arn, next);
        this.ivs.setViewers(arn, next);
      }
      if (rng.chance(0.1)) this.ivs.setHealth(arn, rng.pick(HEALTHS));
    }
    if (live.length > 0 && rng.chance(0.08)) {
      const arn = rng.pick(live);
      this.ivs.goOffline(arn, { reason: rng.chance(0.2) ? 'failure' : 'end' });
      this.viewers.delete(arn);
    }
    const offline = this.ivs.channelArns().filter((a) => !live.includes(a));
    if (offline.length > 0 && rng.chance(0.12)) this.goLive(rng.pick(offline));

    for (const stage of this.realtime.stageArns()) {
      const connected = this.realtime.connectedParticipantIds(stage);
      if (rng.chance(0.2) || connected.length === 0) {
        if (rng.chance(0.5)) this.join(stage);
        continue;
      }
      const pid = rng.pick(connected);
      const key = `${stage}|${pid}`;
      const roll = rng.next();
      if (roll < 0.15) {
        this.published.delete(key);
        this.attempt(() => this.realtime.leave(stage, pid));
      } else if (roll < 0.45) {
        if (this.published.delete(key)) {
          this.attempt(() => this.realtime.unpublish(stage, pid));
        } else {
          this.published.add(key);
          this.attempt(() => this.realtime.publish(stage, pid));
        }
      }
    }
  }

  /** A move made stale by a hand-made move in between (e.g. unpublished already) is skipped. */
  private attempt(move: () => void): void {
    try {
      move();
    } catch {
      // The state moved under us; the next tick works from the new state.
    }
  }

  private goLive(arn: string): void {
    const viewers = this.rng.int(0, 400);
    this.viewers.set(arn, viewers);
    this.ivs.goLive(arn, { health: 'HEALTHY', viewerCount: viewers });
  }

  private join(stageArn: string): void {
    const publish = this.rng.chance(0.6);
    const { participantId } = this.realtime.join(stageArn, { userId: `user-${++this.userCounter}`, publish });
    if (publish) this.published.add(`${stageArn}|${participantId}`);
  }
}
