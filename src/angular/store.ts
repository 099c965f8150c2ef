/** The store of `ivs-store/angular`'s inject functions: an injection token and its provider. */
import { DestroyRef, InjectionToken, inject, makeEnvironmentProviders, type EnvironmentProviders } from '@angular/core';
import type { IvsStore } from '../index.js';

/**
 * One token for every copy of this module, kept on globalThis under a registry symbol: an
 * app that loads both our ESM and our CJS build (the dual-package hazard) would otherwise
 * provide the store under one token and look it up under another.
 */
const TOKEN = Symbol.for('ivs-store.angular-token');
const slot = globalThis as { [TOKEN]?: InjectionToken<IvsStore> };
/** The injection token of the store that `provideIvsStore` provides and `injectIvsStore` reads. */
export const IVS_STORE: InjectionToken<IvsStore> = (slot[TOKEN] ??= new InjectionToken<IvsStore>('ivs-store'));

/**
 * Provides a store; one made by a factory is disposed with its injector.
 * @example
 * bootstrapApplication(App, { providers: [provideIvsStore(() => createIvsStore({ ivs }))] });
 */
export function provideIvsStore(store: IvsStore | (() => IvsStore)): EnvironmentProviders {
  return makeEnvironmentProviders([
    {
      provide: IVS_STORE,
      useFactory: () => {
        if (typeof store !== 'function') return store;
        const made = store();
        inject(DestroyRef).onDestroy(() => made.dispose());
        return made;
      },
    },
  ]);
}

/**
 * The provided store, in an injection context.
 * @example
 * readonly store = injectIvsStore();
 */
export function injectIvsStore(): IvsStore {
  return inject(IVS_STORE);
}
