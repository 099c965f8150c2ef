/**
 * `ivs-store/testing/vue`: the store for component tests, as a plugin for
 * `mount(Component, { global: { plugins: [...] } })` or `app.use(...)`, or as a component.
 * An entry of its own, so `ivs-store/vue` carries none of it.
 *
 * @module ivs-store/testing/vue
 */
import { defineComponent, onUnmounted, type App, type PropType, type Plugin } from 'vue';
import { IVS_STORE_KEY, provideIvsStore } from '../vue/index.js';
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
 * A plugin that provides a store to the whole app.
 *
 * The given one, or one made from the given options with the test defaults, disposed when
 * the app unmounts. One plugin per app: a
 * store made by it belongs to the app it was installed in.
 *
 * @example
 * ```ts
 * import { mount } from '@vue/test-utils';
 * import { createTestStore } from 'ivs-store/testing';
 * import { ivsTestPlugin } from 'ivs-store/testing/vue';
 *
 * const t = await createTestStore();
 * const wrapper = mount(Dashboard, { global: { plugins: [ivsTestPlugin(t.store)] } });
 * wrapper.unmount();
 * await t.stop();
 * ```
 */
export function ivsTestPlugin(store: TestStoreSource): Plugin {
  return {
    install(app: App) {
      if (isStore(store)) {
        app.provide(IVS_STORE_KEY, store);
        return;
      }
      const made = createTestIvsStore(store);
      app.provide(IVS_STORE_KEY, made);
      // app.onUnmount is Vue 3.5; before it, the app's unmount is wrapped.
      const withHook = app as App & { onUnmount?: (fn: () => void) => void };
      if (typeof withHook.onUnmount === 'function') withHook.onUnmount(() => made.dispose());
      else {
        const unmount = app.unmount.bind(app);
        app.unmount = () => {
          unmount();
          made.dispose();
        };
      }
    },
  };
}

/**
 * A component that provides a store to its slot: the given one, or one made from the given
 * options with the test defaults and disposed when the component unmounts.
 *
 * @example
 * ```ts
 * import { h } from 'vue';
 * import { mount } from '@vue/test-utils';
 * import { createTestStore } from 'ivs-store/testing';
 * import { IvsTestProvider } from 'ivs-store/testing/vue';
 *
 * const t = await createTestStore();
 * mount(IvsTestProvider, { props: { store: t.store }, slots: { default: () => h(Dashboard) } });
 * ```
 */
export const IvsTestProvider = defineComponent({
  name: 'IvsTestProvider',
  props: {
    /** A store to provide as it is, or the options to make one from (disposed on unmount). */
    store: {
      /** Vue's run-time check: an object (a store, or options). */
      type: Object as PropType<TestStoreSource>,
      /** Always given: there is nothing to provide without it. */
      required: true,
    },
  },
  setup(props, { slots }) {
    const source = props.store;
    const store = isStore(source) ? source : createTestIvsStore(source);
    if (store !== source) onUnmounted(() => store.dispose());
    provideIvsStore(store);
    return () => slots.default?.();
  },
});
