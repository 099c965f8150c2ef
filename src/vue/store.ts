/** The store of `ivs-store/vue`'s composables: provided by an ancestor, injected by each. */
import { inject, provide, type InjectionKey } from 'vue';
import type { IvsStore } from '../index.js';

/**
 * A registry symbol: the same key in every copy of this module, so a store provided by
 * our ESM build is found by composables from our CJS build (the dual-package hazard).
 */
export const IVS_STORE_KEY: InjectionKey<IvsStore> = Symbol.for('ivs-store');

/**
 * Provides `store` to this component's descendants (call it in `setup`).
 * @example
 * setup() { provideIvsStore(createIvsStore({ ivs })); }
 */
export function provideIvsStore(store: IvsStore): void {
  provide(IVS_STORE_KEY, store);
}

/**
 * The store an ancestor provided; throws, saying how to provide one, when none did.
 * @example
 * const store = useIvsStore();
 */
export function useIvsStore(): IvsStore {
  const store = inject(IVS_STORE_KEY, null);
  if (!store)
    throw new Error(
      'useIvsStore: no store. Call provideIvsStore(store) in a parent component, or app.provide(IVS_STORE_KEY, store).',
    );
  return store;
}
