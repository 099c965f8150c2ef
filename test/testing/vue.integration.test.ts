// @vitest-environment happy-dom
import { createApp, defineComponent, h, type Component } from 'vue';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IvsStore } from '../../src/index.js';
import { useChannel, useIvsStore } from '../../src/vue/index.js';
import { createTestStore, type TestStore } from '../../src/testing/index.js';
import { IvsTestProvider, ivsTestPlugin } from '../../src/testing/vue.js';
import { until } from '../bindings/setup.js';

/** What @vue/test-utils' mount(root, { global: { plugins } }) does: an app, its plugins, a mount. */
function mount(root: Component, plugins: Array<ReturnType<typeof ivsTestPlugin>> = []) {
  const el = document.createElement('div');
  document.body.append(el);
  const app = createApp(root);
  for (const p of plugins) app.use(p);
  app.mount(el);
  return {
    text: () => el.textContent ?? '',
    unmount: () => {
      app.unmount();
      el.remove();
    },
  };
}

let captured: IvsStore | undefined;
const ChannelName = (arn: string) =>
  defineComponent({
    setup() {
      captured = useIvsStore();
      const e = useChannel(arn);
      return () => h('span', e.value.status === 'success' ? e.value.data.name : e.value.status);
    },
  });

describe('ivs-store/testing/vue', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await createTestStore({ seed: 22 });
    captured = undefined;
  });
  afterEach(() => t.stop());

  it('ivsTestPlugin(store) provides the given store, which unmounting leaves alone', async () => {
    const arn = t.control.ivs.createChannel({ name: 'plugged' }).arn;
    const view = mount(ChannelName(arn), [ivsTestPlugin(t.store)]);
    await until(() => view.text() === 'plugged');
    expect(captured).toBe(t.store);
    view.unmount();
    await expect(t.store.channels.refresh()).resolves.toBeUndefined();
  });

  it('ivsTestPlugin(options) makes a store with the test defaults and disposes it with the app', async () => {
    const arn = t.control.ivs.createChannel({ name: 'made' }).arn;
    const view = mount(ChannelName(arn), [ivsTestPlugin({ ivs: t.ivs })]);
    await until(() => view.text() === 'made');
    const made = captured!;
    expect(made).not.toBe(t.store);
    view.unmount();
    await expect(made.channels.refresh()).rejects.toMatchObject({ kind: 'disposed' });
  });

  it('IvsTestProvider: a component providing to its slot, disposing a store it made on unmount', async () => {
    const arn = t.control.ivs.createChannel({ name: 'slot' }).arn;
    const Child = ChannelName(arn);
    const view = mount(
      defineComponent({ setup: () => () => h(IvsTestProvider, { store: { ivs: t.ivs } }, () => h(Child)) }),
    );
    await until(() => view.text() === 'slot');
    const made = captured!;
    view.unmount();
    await expect(made.channels.refresh()).rejects.toMatchObject({ kind: 'disposed' });
  });
});
