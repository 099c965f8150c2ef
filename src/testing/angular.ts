/**
 * `ivs-store/testing/angular`: the store for TestBed (or any environment injector). An
 * entry of its own, so `ivs-store/angular` carries none of it.
 *
 * @module ivs-store/testing/angular
 */
import type { EnvironmentProviders } from '@angular/core';
import { provideIvsStore } from '../angular/index.js';
import { createTestIvsStore, isStore, type TestStoreSource } from './defaults.js';

export {
  createTestIvsStore,
  pollNow,
  testEnvironment,
  TEST_STORE_DEFAULTS,
  type TestEnvironment,
  type TestStoreSource,
} from './defaults.js';

/**
 * Provides a store under `IVS_STORE` for TestBed or any environment injector.
 *
 * The given one (its owner disposes it), or one made
 * from the given options with the test defaults when first injected, disposed with the
 * injector: when TestBed resets (after each test where the runner has a global `afterEach`,
 * or at `TestBed.resetTestingModule()`), not when a fixture is destroyed.
 *
 * @example
 * ```ts
 * import { TestBed } from '@angular/core/testing';
 * import { injectIvsStore } from 'ivs-store/angular';
 * import { createTestStore } from 'ivs-store/testing';
 * import { provideIvsTestStore } from 'ivs-store/testing/angular';
 *
 * const t = await createTestStore();
 * TestBed.configureTestingModule({ providers: [provideIvsTestStore(t.store)] });
 * const store = TestBed.runInInjectionContext(() => injectIvsStore());
 * ```
 */
export function provideIvsTestStore(store: TestStoreSource): EnvironmentProviders {
  return provideIvsStore(isStore(store) ? store : () => createTestIvsStore(store));
}
