import { createContext, createElement, useContext, type Context, type ReactNode } from 'react';
import type { IvsStore } from '../index.js';

/**
 * One context for every copy of this module: an app that loads both our ESM and our CJS
 * build (the dual-package hazard) would otherwise have a provider from one copy that hooks
 * from the other cannot see. A registry symbol is the same in every copy.
 */
const CONTEXT = Symbol.for('ivs-store.react-context');
const slot = globalThis as { [CONTEXT]?: Context<IvsStore | null> };
const StoreContext = (slot[CONTEXT] ??= createContext<IvsStore | null>(null));

/**
 * Makes `store` the one the hooks of every component below it read.
 *
 * @example
 * createRoot(el).render(<IvsStoreProvider store={store}><App /></IvsStoreProvider>);
 */
export function IvsStoreProvider(props: {
  /** The store the hooks below read. */
  store: IvsStore;
  /** What the store is provided to. */
  children?: ReactNode;
}) {
  return createElement(StoreContext.Provider, { value: props.store }, props.children);
}

/**
 * The store of the nearest `IvsStoreProvider`; throws when there is none.
 *
 * @example
 * const store = useIvsStore();
 * const onStop = () => store.streams.stop(arn);
 */
export function useIvsStore(): IvsStore {
  const store = useContext(StoreContext);
  if (!store)
    throw new Error('useIvsStore: no store. Wrap the tree in <IvsStoreProvider store={createIvsStore(...)}>.');
  return store;
}
