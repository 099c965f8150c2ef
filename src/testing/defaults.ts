/**
 * What every test store shares, whichever way it is made (`createTestStore`, or a
 * `TestProvider` given clients): test-friendly defaults and an environment a test can
 * drive. No Node module here: the framework entries import it and run in browsers too.
 */
import { BehaviorSubject } from 'rxjs';
import { createIvsStore, type Environment, type IvsStore, type IvsStoreOptions } from '../index.js';

/**
 * The options a test store starts from; what a test passes goes over them.
 *
 * - `tabs: false`: stores in one test process (happy-dom, jsdom, a browser runner) must not
 *   elect one leader and share a cache across tests.
 * - `graceTime: 0`: polling stops as soon as the last subscriber goes, so "unmount stops
 *   the polls" is true at once and nothing is left running after a test.
 * - `retry: { retries: 0 }`: an injected fault shows as an `error` entry at once rather than
 *   after jittered back-offs; the SDK clients made here do not retry either (`maxAttempts: 1`).
 *   Pass `retry` to test retries.
 *
 * Not changed: `refetchInterval` (an app's 5 s; call `pollNow` instead of waiting), `gcTime`,
 * `batchWindow`, and no `events` feed unless given.
 *
 * @example
 * ```ts
 * import { createIvsStore } from 'ivs-store';
 * import { TEST_STORE_DEFAULTS } from 'ivs-store/testing';
 * import { IvsClient } from '@aws-sdk/client-ivs';
 *
 * const store = createIvsStore({ ...TEST_STORE_DEFAULTS, ivs: new IvsClient({ region: 'us-east-1' }) });
 * ```
 */
export const TEST_STORE_DEFAULTS = Object.freeze({
  /** No cache shared across tabs (or tests). */
  tabs: false,
  /** Polling stops as soon as the last subscriber goes. */
  graceTime: 0,
  /** A failed read shows as an `error` entry at once. */
  retry: Object.freeze({
    /** No retry. */
    retries: 0,
  }),
}) satisfies Partial<IvsStoreOptions>;

/**
 * An environment a test can drive: visible and online until told otherwise.
 *
 * @example
 * ```ts
 * import { testEnvironment, type TestEnvironment } from 'ivs-store/testing';
 *
 * const env: TestEnvironment = testEnvironment();
 * env.setOnline(false); // polling pauses, as on a device that went offline
 * ```
 */
export interface TestEnvironment extends Environment {
  /**
   * Hides (`false`) or shows the page: polling pauses while hidden; showing it again refreshes what is watched.
   * @example env.setVisible(false) // the tab went to the background
   */
  setVisible(visible: boolean): void;
  /**
   * Takes the device offline (`false`) or back online, with the same effect as `setVisible`.
   * @example env.setOnline(false) // polling pauses until env.setOnline(true)
   */
  setOnline(online: boolean): void;
}

/**
 * An `Environment` for tests, visible and online, that the test switches.
 *
 * @example
 * ```ts
 * import { createIvsStore } from 'ivs-store';
 * import { testEnvironment } from 'ivs-store/testing';
 * import { IvsClient } from '@aws-sdk/client-ivs';
 *
 * const environment = testEnvironment();
 * const store = createIvsStore({ ivs: new IvsClient({ region: 'us-east-1' }), environment });
 * environment.setVisible(false); // polling pauses
 * environment.setVisible(true); // one refresh of everything watched, then polling again
 * ```
 */
export function testEnvironment(): TestEnvironment {
  const visible = new BehaviorSubject(true);
  const online = new BehaviorSubject(true);
  return {
    visible$: visible.asObservable(),
    online$: online.asObservable(),
    setVisible: (v) => visible.next(v),
    setOnline: (v) => online.next(v),
  };
}

const environments = new WeakMap<IvsStore, TestEnvironment>();

/**
 * A store over the given clients with {@link TEST_STORE_DEFAULTS} under `options`, and a
 * {@link testEnvironment} unless `options.environment` is given.
 *
 * @example
 * ```ts
 * import { IvsClient } from '@aws-sdk/client-ivs';
 * import { createTestIvsStore } from 'ivs-store/testing';
 *
 * const store = createTestIvsStore({ ivs: new IvsClient({ region: 'us-east-1', maxAttempts: 1 }) });
 * store.dispose();
 * ```
 */
export function createTestIvsStore(options: IvsStoreOptions): IvsStore {
  const environment = options.environment ?? testEnvironment();
  const store = createIvsStore({ ...TEST_STORE_DEFAULTS, ...options, environment });
  if (!options.environment) environments.set(store, environment as TestEnvironment);
  return store;
}

/**
 * Makes a test store read everything it watches now, as a poll would.
 *
 * It saves waiting for the next poll (how: its test environment goes hidden and visible again, and a store
 * refreshes what is watched when its page comes back). Returns at once; wait for the value
 * with `waitFor`, or `await testStore.pollNow()` for the answers too.
 *
 * Throws a `TypeError` for a store that was not made by these helpers (it has no test
 * environment to switch). The page is visible afterwards, whatever `setVisible` said before.
 *
 * @example
 * ```ts
 * import { createTestStore, pollNow, waitFor } from 'ivs-store/testing';
 *
 * const t = await createTestStore();
 * const arn = t.control.ivs.createChannel({ name: 'lobby' }).arn;
 * const health$ = t.store.streams.health$(arn);
 * await waitFor(health$, (h) => h.state === 'OFFLINE');
 * t.control.ivs.goLive(arn);
 * pollNow(t.store);
 * await waitFor(health$, (h) => h.state === 'LIVE');
 * await t.stop();
 * ```
 */
export function pollNow(store: IvsStore): void {
  const env = environments.get(store);
  if (!env)
    throw new TypeError(
      'pollNow: this store has no test environment. Make it with createTestStore() or createTestIvsStore() (without an environment option).',
    );
  env.setVisible(false);
  env.setVisible(true);
}

/**
 * What a test provider takes: a store to provide as it is (its owner disposes it), or the
 * options, clients included, to make one with {@link TEST_STORE_DEFAULTS} (the provider
 * disposes it).
 *
 * @example
 * ```ts
 * import { IvsClient } from '@aws-sdk/client-ivs';
 * import type { TestStoreSource } from 'ivs-store/testing/react';
 *
 * const source: TestStoreSource = { ivs: new IvsClient({ region: 'us-east-1', maxAttempts: 1 }) };
 * ```
 */
export type TestStoreSource = IvsStore | IvsStoreOptions;

/** Whether `source` is a store (rather than the options to make one). */
export const isStore = (source: TestStoreSource): source is IvsStore =>
  typeof (source as { dispose?: unknown }).dispose === 'function';
