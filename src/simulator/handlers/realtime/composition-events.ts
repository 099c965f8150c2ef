import type { World } from '../../world/world.js';
import { compositionEndTime, compositionState, compositionStopAt } from './composition-state.js';

/**
 * "IVS Composition State Change" events. Composition progress is derived from the clock
 * (composition-state.ts), not driven by timers, so its changes are noticed here, when
 * this runs, and each event carries the time the change happened. The simulator
 * models no destination failures, so only Session Start, Session End and Session
 * Failure (its stage was deleted) are sent; see docs/EVENTS.md.
 */
export function announceCompositionChanges(world: World): void {
  for (const c of world.realtime.compositions.values()) {
    if (c.announced === 'ended') continue;
    const activeAt = c.startedAt + world.timings.compositionStartMs;
    const stopAt = compositionStopAt(world, c);
    const emit = (eventName: string, timeMs: number) =>
      world.events.emit(
        'IVS Composition State Change',
        c.arn,
        { event_name: eventName, stage_arn: c.stageArn },
        timeMs,
      );
    // A composition stopped before its pipeline was up never started.
    if (c.announced === 'none' && world.now() >= activeAt && (stopAt === undefined || stopAt >= activeAt)) {
      emit('Session Start', activeAt);
      c.announced = 'started';
    }
    if (compositionState(world, c) !== 'STOPPED') continue;
    if (c.failed) emit('Session Failure', stopAt ?? world.now());
    else emit('Session End', compositionEndTime(world, c)?.getTime() ?? world.now());
    c.announced = 'ended';
  }
}
