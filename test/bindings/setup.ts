import { IvsClient } from '@aws-sdk/client-ivs';
import { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import { createIvsStore, type IvsStore } from '../../src/index.js';
import { startIvsSimulator, type IvsSimulator } from '../../src/simulator/index.js';

export interface BindingWorld {
  sim: IvsSimulator;
  store: IvsStore;
  stop(): Promise<void>;
}

/** A simulator and a store over real SDK clients, polling fast so tests see updates quickly. */
export async function startWorld(): Promise<BindingWorld> {
  const sim = await startIvsSimulator({ seed: 61 });
  const config = { endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 };
  const ivs = new IvsClient(config);
  const realtime = new IVSRealTimeClient(config);
  const store = createIvsStore({ ivs, realtime, refetchInterval: 100, graceMs: 50 });
  return {
    sim,
    store,
    async stop() {
      store.dispose();
      ivs.destroy();
      realtime.destroy();
      await sim.stop();
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
