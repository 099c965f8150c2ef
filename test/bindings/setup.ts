import { startStoreWorld, type StoreWorld } from '../store/world.js';

export { sleep } from '../store/world.js';
export type BindingWorld = StoreWorld;

/** A simulator and a store over real SDK clients, polling fast so tests see updates quickly. */
export const startWorld = (): Promise<BindingWorld> => startStoreWorld({ seed: 61 }, { refetchInterval: 100, graceMs: 50 });
