/**
 * `ivs-store/testing` (Node): a simulator, real SDK clients pointed at it and a store over
 * them in one `await`, torn down by one `stop()`; and what tests wait with.
 *
 * It imports the library only through its public entry points (the package itself once
 * built), so the store it makes is the one the app's components and bindings know.
 *
 * @module ivs-store/testing
 */
import { IvsClient } from '@aws-sdk/client-ivs';
import type { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import type { IvsStore, IvsStoreOptions } from '../index.js';
import { realtimeResources } from '../realtime/index.js';
import {
  startIvsSimulator,
  type SimCredentials,
  type SimulatorControl,
  type SimulatorOptions,
} from '../simulator/index.js';
import { createTestIvsStore, pollNow } from './defaults.js';
import { InFlight } from './in-flight.js';

export { createTestIvsStore, pollNow, testEnvironment, TEST_STORE_DEFAULTS, type TestEnvironment } from './defaults.js';
export { DEFAULT_WAIT_MS, firstSettled, waitFor, type SettledEntry, type WaitOptions } from './wait.js';

/**
 * The simulator's options (seed, scenario, faults, quotas…), and the store's.
 *
 * @example
 * ```ts
 * import { createTestStore, type TestStoreOptions } from 'ivs-store/testing';
 *
 * const options: TestStoreOptions = { seed: 1, scenario: 'lively', store: { refetchInterval: 1000 }, realtime: false };
 * const t = await createTestStore(options);
 * await t.stop();
 * ```
 */
export interface TestStoreOptions extends SimulatorOptions {
  /** Store options over `TEST_STORE_DEFAULTS` (the clients are made here). */
  store?: Omit<IvsStoreOptions, 'ivs' | 'realtime'>;
  /**
   * With an IVS RealTime client and the RealTime resources: `true` needs
   * `@aws-sdk/client-ivs-realtime`, `false` goes without. Default: when that package is installed.
   */
  realtime?: boolean;
}

/**
 * What `createTestStore` gives: the store, its clients, the simulator's controls, one `stop()`.
 *
 * @example
 * ```ts
 * import { createTestStore, type TestStore } from 'ivs-store/testing';
 *
 * const t: TestStore = await createTestStore();
 * t.control.ivs.createChannel({ name: 'lobby' });
 * await t.stop();
 * ```
 */
export interface TestStore {
  /** The store over the simulator's clients, with `TEST_STORE_DEFAULTS`. */
  store: IvsStore;
  /** An IvsClient on the simulator (`maxAttempts: 1`), the store's. */
  ivs: IvsClient;
  /** The RealTime client on the simulator, the store's; `undefined` without RealTime. */
  realtime: IVSRealTimeClient | undefined;
  /** Drives the simulated world (create channels, go live, join stages, inject faults) and reads its request log. */
  control: SimulatorControl;
  /** The simulator's URL, e.g. `http://127.0.0.1:43123`, for more clients: with `region` and `credentials`. */
  endpoint: string;
  /** The region the clients use. */
  region: string;
  /** The simulator's credentials, which the clients sign with. */
  credentials: SimCredentials;
  /**
   * Resolves once every call the store's clients sent has been answered and written.
   *
   * Real time; rejects after `timeout` ms, default 3000. It sees calls, not what comes before
   * them: a resource's code still loading on first use, or calls held for quota.
   * @example
   * ```ts
   * t.control.ivs.createChannel({ name: 'lobby' });
   * await t.settled({ timeout: 1000 });
   * ```
   */
  settled(options?: { timeout?: number }): Promise<void>;
  /**
   * Reads everything watched now, as a poll would, and resolves once the answers are in (see `settled`).
   * @example
   * ```ts
   * t.control.ivs.goLive(arn);
   * await t.pollNow();
   * ```
   */
  pollNow(options?: { timeout?: number }): Promise<void>;
  /**
   * Disposes the store, destroys the clients and stops the simulator: nothing is left running. Idempotent.
   * @example
   * ```ts
   * afterEach(() => t.stop());
   * ```
   */
  stop(): Promise<void>;
}

/**
 * Starts a simulator on a free port, makes real SDK clients pointed at it (`maxAttempts: 1`,
 * the simulator's credentials) and a store over them with `TEST_STORE_DEFAULTS`.
 *
 * @example
 * ```ts
 * import { afterEach, beforeEach, expect, it } from 'vitest';
 * import { createTestStore, firstSettled, type TestStore } from 'ivs-store/testing';
 *
 * let t: TestStore;
 * beforeEach(async () => {
 *   t = await createTestStore({ seed: 1 });
 * });
 * afterEach(() => t.stop());
 *
 * it('reads a channel', async () => {
 *   const arn = t.control.ivs.createChannel({ name: 'lobby' }).arn;
 *   const entry = await firstSettled(t.store.channels.get$(arn));
 *   expect(entry.status === 'success' && entry.data.name).toBe('lobby');
 * });
 * ```
 */
export async function createTestStore(options: TestStoreOptions = {}): Promise<TestStore> {
  const { store: storeOptions = {}, realtime: withRealtime, ...simOptions } = options;
  if (withRealtime !== undefined && typeof withRealtime !== 'boolean')
    throw new TypeError(`createTestStore: realtime must be true or false, got ${String(withRealtime)}`);
  if (typeof storeOptions !== 'object' || storeOptions === null)
    throw new TypeError('createTestStore: store must be an object of store options');
  // Loaded only when wanted: an optional peer that an IVS-only app may not have.
  const rtModule = withRealtime === false ? undefined : await loadRealtime(withRealtime === true);
  // No signature-date window: a test may move a fake clock by hours, and a simulator started
  // before the fake timers keeps the real one (signatures would expire or not be current yet).
  const sim = await startIvsSimulator({ clockSkewMs: Number.POSITIVE_INFINITY, ...simOptions });
  const config = { endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 };
  const ivs = new IvsClient(config);
  const realtime = rtModule && new rtModule.IVSRealTimeClient(config);
  const inFlight = new InFlight([ivs, realtime]);
  let store: IvsStore | undefined;
  const stop = async () => {
    store?.dispose();
    ivs.destroy();
    realtime?.destroy();
    await sim.stop();
  };
  try {
    store = createTestIvsStore({
      ...storeOptions,
      ivs,
      ...(realtime && { realtime: realtimeResources(realtime) }),
    });
    // Channels' code (a chunk of its own) is there before the test starts, as in an app
    // that has been running; a refresh with nothing watched sends nothing.
    await store.channels.refresh();
  } catch (err) {
    await stop();
    throw err;
  }
  const made = store;
  let stopping: Promise<void> | undefined;
  return {
    store: made,
    ivs,
    realtime,
    control: sim.control,
    endpoint: sim.endpoint,
    region: sim.region,
    credentials: sim.credentials,
    settled: (o) => inFlight.settled(o?.timeout),
    pollNow: (o) => {
      pollNow(made);
      return inFlight.settled(o?.timeout);
    },
    stop: () => (stopping ??= stop()),
  };
}

type RealtimeModule = typeof import('@aws-sdk/client-ivs-realtime');

async function loadRealtime(required: boolean): Promise<RealtimeModule | undefined> {
  try {
    return await import('@aws-sdk/client-ivs-realtime');
  } catch (err) {
    if (!required) return undefined;
    throw new Error(
      'createTestStore: realtime: true needs @aws-sdk/client-ivs-realtime installed (npm i -D @aws-sdk/client-ivs-realtime)',
      { cause: err },
    );
  }
}
