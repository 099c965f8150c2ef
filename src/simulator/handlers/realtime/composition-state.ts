import type { CompositionRecord } from '../../world/realtime-state.js';
import type { World } from '../../world/world.js';

export type CompositionState = 'STARTING' | 'ACTIVE' | 'STOPPING' | 'STOPPED';

/**
 * Composition progress is derived from timestamps when read, never driven by timers:
 * STARTING for `compositionStartMs`, then ACTIVE until it is stopped, then STOPPING for
 * `compositionStopMs`, then STOPPED. A world clock moved by a test moves it too.
 */
export function compositionState(world: World, c: CompositionRecord): CompositionState {
  const now = world.now();
  const stopAt = c.stopAt ?? idleStopAt(world, c);
  if (stopAt !== undefined && now >= stopAt)
    return now < stopAt + world.timings.compositionStopMs ? 'STOPPING' : 'STOPPED';
  return now < c.startedAt + world.timings.compositionStartMs ? 'STARTING' : 'ACTIVE';
}

export function compositionEndTime(world: World, c: CompositionRecord): Date | undefined {
  const stopAt = c.stopAt ?? idleStopAt(world, c);
  return stopAt !== undefined && world.now() >= stopAt + world.timings.compositionStopMs
    ? new Date(stopAt + world.timings.compositionStopMs)
    : undefined;
}

/** When it stops (or stopped): asked to, or by itself; undefined while nothing will stop it. */
export function compositionStopAt(world: World, c: CompositionRecord): number | undefined {
  return c.stopAt ?? idleStopAt(world, c);
}

/** A composition stops by itself `compositionIdleStopMs` after its stage empties. */
function idleStopAt(world: World, c: CompositionRecord): number | undefined {
  const stage = world.realtime.stages.get(c.stageArn);
  if (!stage) return c.startedAt;
  if (stage.emptySince === undefined) return undefined;
  return Math.max(stage.emptySince, c.startedAt) + world.timings.compositionIdleStopMs;
}

/**
 * Fixes an idle stop that has already happened before the stage changes, so a
 * participant joining later cannot bring a stopped composition back.
 */
export function settleCompositions(world: World, stageArn: string): void {
  for (const c of world.realtime.compositions.values()) {
    if (c.stageArn !== stageArn || c.stopAt !== undefined) continue;
    const idle = idleStopAt(world, c);
    if (idle !== undefined && world.now() >= idle) c.stopAt = idle;
  }
}

export function isRunning(world: World, c: CompositionRecord): boolean {
  return compositionState(world, c) !== 'STOPPED';
}
