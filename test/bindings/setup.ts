import type { IvsStore } from '../../src/index.js';
import { startStoreWorld, type StoreWorld } from '../support/world.js';

export { sleep } from '../support/world.js';
export type BindingWorld = StoreWorld;

/** A simulator and a store over real SDK clients, polling fast so tests see updates quickly. */
export const startWorld = (): Promise<BindingWorld> =>
  startStoreWorld({ seed: 61 }, { refetchInterval: 100, graceTime: 50 });

/**
 * A store with the defaults a user's app gets (a 5 s poll, a 2 s grace): a first read that
 * is lost shows up as a wait of a whole poll interval.
 */
export async function startDefaultWorld(): Promise<BindingWorld> {
  const w = await startStoreWorld({ seed: 61 }, { refetchInterval: 5000 });
  // Families whose code loads on first use, loaded now (nothing is watched, so no call): a
  // re-mount must keep its first read also when the code is already there, as it is for
  // every mount after an app's first.
  await Promise.all([w.store.streams.refresh(), w.store.stages.refresh(), w.store.participants.refresh()]);
  return w;
}

/** How long a first read may take to show, against the simulator on localhost. */
export const PROMPT_MS = 1000;

/** Only what a mutation test picks from the store; the bindings need nothing else of it. */
export const fakeStore = (parts: Record<string, unknown>): IvsStore => parts as unknown as IvsStore;

export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Polls `check` every 20 ms (real timers) until it holds, or fails after `ms`. */
export async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
