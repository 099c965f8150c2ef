// @vitest-environment happy-dom
import { UpdateChannelCommand } from '@aws-sdk/client-ivs';
import { flushPromises, mount } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IvsStore } from '../../src/index.js';
import { useChannel, useIvsStore, useStreamHealth } from '../../src/vue/index.js';
import { createTestStore, waitFor, type TestStore } from '../../src/testing/index.js';
import { IvsTestProvider, ivsTestPlugin, pollNow } from '../../src/testing/vue.js';
import { until } from '../bindings/setup.js';

/**
 * `ivs-store/testing/vue` through @vue/test-utils, as the README shows it:
 * `mount(Component, { props, global: { plugins: [ivsTestPlugin(...)] } })`.
 */

let provided: IvsStore | undefined;
/** What `ChannelName.vue` would be: a name, following the `arn` prop. */
const ChannelName = defineComponent({
  props: { arn: { type: String, required: true } },
  setup(props) {
    provided = useIvsStore();
    const e = useChannel(() => props.arn);
    return () => h('span', e.value.status === 'success' ? e.value.data.name : e.value.status);
  },
});
/** A name and the stream's state. */
const ChannelTile = defineComponent({
  props: { arn: { type: String, required: true } },
  setup(props) {
    const e = useChannel(() => props.arn);
    const health = useStreamHealth(() => props.arn);
    return () =>
      h('p', `${e.value.status === 'success' ? e.value.data.name : e.value.status} · ${health.value?.state ?? '…'}`);
  },
});

describe('ivs-store/testing/vue with @vue/test-utils', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await createTestStore({ seed: 26 });
    provided = undefined;
  });
  afterEach(() => t.stop());

  it("the README's example: mount with the plugin, waitFor, flushPromises, text", async () => {
    const arn = t.control.ivs.createChannel({ name: 'lobby' }).arn;
    const wrapper = mount(ChannelName, { props: { arn }, global: { plugins: [ivsTestPlugin(t.store)] } });
    await waitFor(t.store.channels.get$(arn), (e) => e.status === 'success');
    await flushPromises();
    expect(wrapper.text()).toBe('lobby');
    expect(provided).toBe(t.store);
    wrapper.unmount();
    await expect(t.store.channels.refresh()).resolves.toBeUndefined(); // the given store is the test's
  });

  it('renders the world and its changes; setProps switches the ARN, never showing the previous one', async () => {
    const a = t.control.ivs.createChannel({ name: 'uno' }).arn;
    const b = t.control.ivs.createChannel({ name: 'dos' }).arn;
    t.control.ivs.goLive(b);
    const wrapper = mount(ChannelTile, { props: { arn: a }, global: { plugins: [ivsTestPlugin(t.store)] } });
    expect(wrapper.text()).toBe('loading · …');
    await until(() => wrapper.text() === 'uno · OFFLINE');

    t.control.ivs.goLive(a, { viewerCount: 2 });
    await t.pollNow();
    await flushPromises();
    expect(wrapper.text()).toBe('uno · LIVE');

    await wrapper.setProps({ arn: b });
    expect(wrapper.text()).toBe('loading · …');
    await until(() => wrapper.text() === 'dos · LIVE');
    wrapper.unmount();
  });

  it('ivsTestPlugin(options): the store it made serves the component and is disposed on unmount', async () => {
    const arn = t.control.ivs.createChannel({ name: 'made' }).arn;
    const wrapper = mount(ChannelName, { props: { arn }, global: { plugins: [ivsTestPlugin({ ivs: t.ivs })] } });
    const made = provided!;
    expect(made).not.toBe(t.store);
    await until(() => wrapper.text() === 'made');
    await t.ivs.send(new UpdateChannelCommand({ arn, name: 'renamed' })); // behind the store's back
    pollNow(made); // a store made with the test defaults polls on demand too
    await t.settled();
    await flushPromises();
    expect(wrapper.text()).toBe('renamed');
    wrapper.unmount();
    await expect(made.channels.refresh()).rejects.toMatchObject({ kind: 'disposed' });
    const calls = t.control.countRequests();
    await new Promise((r) => setTimeout(r, 300));
    expect(t.control.countRequests()).toBe(calls); // nothing reads after the unmount
  });

  it('IvsTestProvider mounted with a slot: a store it made goes with it', async () => {
    const arn = t.control.ivs.createChannel({ name: 'slot' }).arn;
    const wrapper = mount(IvsTestProvider, {
      props: { store: { ivs: t.ivs } },
      slots: { default: () => h(ChannelName, { arn }) },
    });
    await until(() => wrapper.text() === 'slot');
    const made = provided!;
    expect(made).not.toBe(t.store);
    wrapper.unmount();
    await expect(made.channels.refresh()).rejects.toMatchObject({ kind: 'disposed' });
  });
});
