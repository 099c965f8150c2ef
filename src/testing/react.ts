/**
 * `ivs-store/testing/react`: a provider for component tests, the wrapper
 * `@testing-library/react` takes. An entry of its own, so `ivs-store/react` carries none of it.
 *
 * @module ivs-store/testing/react
 */
import { createElement, useEffect, useRef, type ReactNode } from 'react';
import type { IvsStore, IvsStoreOptions } from '../index.js';
import { IvsStoreProvider } from '../react/index.js';
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
 * The props of {@link IvsTestProvider}.
 *
 * @example
 * ```ts
 * import { createTestStore } from 'ivs-store/testing';
 * import type { IvsTestProviderProps } from 'ivs-store/testing/react';
 *
 * const t = await createTestStore();
 * const props: IvsTestProviderProps = { store: t.store };
 * ```
 */
export interface IvsTestProviderProps {
  /** Provided as it is (and left to its owner to dispose), or options a store is made from and disposed on unmount. */
  store: TestStoreSource;
  /** What the store is provided to. */
  children?: ReactNode;
}

/**
 * `IvsStoreProvider` for tests: provides the given store, or makes one from the given
 * options with the test defaults and disposes it when the provider unmounts.
 *
 * @example
 * ```tsx
 * import { render, screen } from '@testing-library/react';
 * import { createTestStore } from 'ivs-store/testing';
 * import { IvsTestProvider } from 'ivs-store/testing/react';
 *
 * const t = await createTestStore();
 * render(<IvsTestProvider store={t.store}><Dashboard /></IvsTestProvider>);
 * await screen.findByText('lobby');
 * await t.stop();
 * ```
 */
export function IvsTestProvider(props: IvsTestProviderProps) {
  const given = isStore(props.store) ? props.store : undefined;
  // Made once per mount, from the first render's options; in a ref, because StrictMode calls
  // a useState initializer twice and would leave a second store behind, never disposed.
  const ref = useRef<IvsStore | undefined>(undefined);
  if (!given && !ref.current) ref.current = createTestIvsStore(props.store as IvsStoreOptions);
  const made = ref.current;
  const mounts = useRef(0);
  useEffect(() => {
    if (!made) return;
    // StrictMode unmounts and mounts again at once: dispose only when no mount follows.
    mounts.current++;
    return () => {
      mounts.current--;
      queueMicrotask(() => {
        if (mounts.current === 0) made.dispose();
      });
    };
  }, [made]);
  return createElement(IvsStoreProvider, { store: (given ?? made) as IvsStore }, props.children);
}

/**
 * A component for `render(ui, { wrapper })` that provides `store` (a store, or options to
 * make one per render, disposed on unmount) to what is rendered.
 *
 * @example
 * ```ts
 * import { renderHook, waitFor } from '@testing-library/react';
 * import { useChannel } from 'ivs-store/react';
 * import { createTestStore } from 'ivs-store/testing';
 * import { ivsTestWrapper } from 'ivs-store/testing/react';
 *
 * const t = await createTestStore();
 * const arn = t.control.ivs.createChannel({ name: 'lobby' }).arn;
 * const { result } = renderHook(() => useChannel(arn), { wrapper: ivsTestWrapper(t.store) });
 * await waitFor(() => expect(result.current.data?.name).toBe('lobby'));
 * await t.stop();
 * ```
 */
export function ivsTestWrapper(store: TestStoreSource): (props: { children?: ReactNode }) => ReactNode {
  // biome-ignore lint/correctness/noComponentHookFactories: a wrapper per store is what `render(ui, { wrapper })` takes; it calls no hooks.
  return function IvsTestWrapper({ children }) {
    return createElement(IvsTestProvider, { store }, children);
  };
}
