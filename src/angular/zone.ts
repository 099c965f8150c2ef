/**
 * Where the store runs in a zone.js app: its subscriptions, and so its poll, grace and gc
 * timers and its calls, outside Angular's zone; what it delivers, inside. Timers in the zone
 * would keep the app from ever being stable (`whenStable()`, server rendering, hydration)
 * while anything is watched. Zoneless apps (a `NoopNgZone`) and bare injectors (no `NgZone`)
 * run both as they are.
 */
import { NgZone, inject } from '@angular/core';

export interface ZoneRunners {
  /** Runs `fn` outside Angular's zone. */
  outside<R>(fn: () => R): R;
  /** Runs `fn` in Angular's zone, entering it only when not there already. */
  inside(fn: () => void): void;
}

/** The zone runners of the current injection context. */
export function injectZone(): ZoneRunners {
  const zone = inject(NgZone, { optional: true });
  return {
    outside: (fn) => (zone ? zone.runOutsideAngular(fn) : fn()),
    inside: (fn) => (zone && !NgZone.isInAngularZone() ? zone.run(fn) : fn()),
  };
}
