import { IvsClient } from '@aws-sdk/client-ivs';
import { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import { afterEach, describe, expect, it } from 'vitest';
import { createIvsStore, type IvsStore, type IvsStoreOptions } from '../../src/index.js';
import { realtimeResources } from '../../src/realtime/index.js';
import { startIvsSimulator, type IvsSimulator } from '../../src/simulator/index.js';
import { onSend, until, ok } from '../support/world.js';

interface PushWorld {
  sim: IvsSimulator;
  store: IvsStore;
  calls: string[];
  stop(): Promise<void>;
}

const worlds: PushWorld[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.stop();
});

/** A simulator and a store fed by its events (in process), polling at `refetchInterval`. */
async function pushWorld(options: Partial<IvsStoreOptions> = {}): Promise<PushWorld> {
  const sim = await startIvsSimulator({});
  const config = { endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 };
  const ivs = new IvsClient(config);
  const realtime = new IVSRealTimeClient(config);
  const calls: string[] = [];
  onSend(ivs, (op) => calls.push(op));
  onSend(realtime, (op) => calls.push(op));
  const store = createIvsStore({
    ivs,
    realtime: realtimeResources(realtime),
    refetchInterval: 60_000,
    events: sim.control.events.events$,
    ...options,
  });
  const w = {
    sim,
    store,
    calls,
    async stop() {
      store.dispose();
      ivs.destroy();
      realtime.destroy();
      await sim.stop();
    },
  };
  worlds.push(w);
  return w;
}

describe('push: events update the store at once', () => {
  it('a stream that goes live shows LIVE before any poll, then is confirmed by one read', async () => {
    const { sim, store, calls } = await pushWorld();
    const arn = sim.control.ivs.createChannel({ name: 'a' }).arn;
    const stream$ = store.streams.get$(arn);
    // Held as a widget holds it: events ask for a confirming read only of what someone watches.
    const held = stream$.subscribe();
    await until(stream$, (e) => ok(e) && e.data?.state === 'OFFLINE');
    calls.length = 0;
    sim.control.ivs.goLive(arn, { health: 'HEALTHY', viewerCount: 7 });
    const live = await until(stream$, (e) => e.data?.state === 'LIVE', 2000);
    expect(live.data?.streamId).toMatch(/^st-/);
    const confirmed = await until(stream$, (e) => e.data?.viewerCount === 7, 2000);
    expect(confirmed.data?.health).toBe('HEALTHY');
    expect(calls.length).toBeGreaterThanOrEqual(1);
    held.unsubscribe();
  });
});
