import { IvsClient } from '@aws-sdk/client-ivs';
import { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import { filter, firstValueFrom, timeout, type Observable } from 'rxjs';
import { createIvsStore, type Entry, type IvsStore, type IvsStoreOptions } from '../../src/index.js';
import { realtimeResources } from '../../src/realtime/index.js';
import { startIvsSimulator, type IvsSimulator, type SimulatorOptions } from '../../src/simulator/index.js';

export interface StoreWorld {
  sim: IvsSimulator;
  ivs: IvsClient;
  realtime: IVSRealTimeClient;
  store: IvsStore;
  stop(): Promise<void>;
}

/**
 * A simulator, real SDK clients pointed at it (maxAttempts 1, so the store does the
 * retrying), and a store over them.
 */
export async function startStoreWorld(
  simOptions: SimulatorOptions = {},
  storeOptions: Partial<IvsStoreOptions> = {},
): Promise<StoreWorld> {
  const sim = await startIvsSimulator(simOptions);
  const config = { endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 };
  const ivs = new IvsClient(config);
  const realtime = new IVSRealTimeClient(config);
  const store = createIvsStore({
    ivs,
    realtime: realtimeResources(realtime),
    refetchInterval: 60_000,
    ...storeOptions,
  });
  // Channels' code loads at creation, in a chunk of its own, as an app's does while it
  // starts; tests begin once it is there (the stand-ins before it are tested on their own).
  await store.channels.refresh();
  return {
    sim,
    ivs,
    realtime,
    store,
    async stop() {
      store.dispose();
      ivs.destroy();
      realtime.destroy();
      await sim.stop();
    },
  };
}

/** The first value of `obs` that satisfies `pred`, or a timeout error. */
export const until = <T>(obs: Observable<T>, pred: (v: T) => boolean, ms = 5000) =>
  firstValueFrom(obs.pipe(filter(pred), timeout(ms)));
export const ok = <T>(e: Entry<T>) => e.status === 'success';
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface WithMiddleware {
  middlewareStack: {
    add(
      mw: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize' },
    ): void;
  };
}

/** Calls `fn` with the operation of each call the client is asked to send (e.g. `GetChannel`), as it is asked. */
export function onSend(client: unknown, fn: (operation: string) => void): void {
  (client as WithMiddleware).middlewareStack.add(
    (next, context) => (args) => {
      fn((context.commandName ?? '').replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize' },
  );
}

/**
 * When the client was asked to send each call of `operation`: what the store's scheduler
 * decides. Why not the simulator's arrival times: it shares the test's process, and on a
 * loaded machine requests sent a second apart can arrive bunched together.
 */
export function sendTimes(client: unknown, operation: string): number[] {
  const times: number[] = [];
  onSend(client, (op) => op === operation && times.push(Date.now()));
  return times;
}

/** The most calls among `times` in any window of `ms` (a sliding window, as a quota counts them). */
export const mostWithin = (times: number[], ms = 1000) =>
  Math.max(0, ...times.map((t) => times.filter((x) => x >= t && x < t + ms).length));
