// @vitest-environment happy-dom
import { mount, flushPromises } from '@vue/test-utils';
import { defineComponent, h, ref } from 'vue';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { provideIvsStore, useChannel, useParticipants, useStreamHealth } from '../../src/vue/index.js';
import { sleep, startWorld, type BindingWorld } from './setup.js';

const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(20);
    await flushPromises();
  }
};

describe('ivs-store/vue', () => {
  let w: BindingWorld;
  beforeEach(async () => {
    w = await startWorld();
  });
  afterEach(() => w.stop());

  const withStore = (child: ReturnType<typeof defineComponent>, props: Record<string, unknown> = {}) =>
    defineComponent({
      setup() {
        provideIvsStore(w.store);
        return () => h(child, props);
      },
    });

  it('shows loading then data; a reactive ARN switches the subscription; unmount stops polling', async () => {
    const a = w.sim.control.ivs.createChannel({ name: 'uno' }).arn;
    const b = w.sim.control.ivs.createChannel({ name: 'dos' }).arn;
    const arn = ref(a);
    const Name = defineComponent({
      setup() {
        const entry = useChannel(arn);
        return () => h('span', entry.value.status === 'success' ? entry.value.data?.name : entry.value.status);
      },
    });
    const wrapper = mount(withStore(Name));
    expect(wrapper.text()).toBe('loading');
    await until(() => wrapper.text() === 'uno');
    arn.value = b;
    await until(() => wrapper.text() === 'dos');
    await sleep(300);
    w.sim.control.clearRequests();
    await sleep(1200); // GetChannel is limited to 5 a second: leave room for polls
    expect(new Set(w.sim.control.requests({ operation: 'GetChannel' }).map((r) => r.resource))).toEqual(new Set([b]));
    wrapper.unmount();
    await sleep(1200); // grace, and any poll already waiting for quota
    const calls = w.sim.control.countRequests({ operation: 'GetChannel' });
    await sleep(400);
    expect(w.sim.control.countRequests({ operation: 'GetChannel' })).toBe(calls);
  });

  it('health and participants composables follow the world; only the affected component updates', async () => {
    const chan = w.sim.control.ivs.createChannel({ name: 'cam' }).arn;
    const stage = w.sim.control.realtime.createStage({ name: 'st' }).arn;
    let healthRenders = 0;
    let stageRenders = 0;
    const Health = defineComponent({
      setup() {
        const hState = useStreamHealth(chan);
        return () => {
          healthRenders++;
          return h('i', hState.value ? `${hState.value.state}:${hState.value.viewerCount ?? '-'}` : 'unknown');
        };
      },
    });
    const OnStage = defineComponent({
      setup() {
        const list = useParticipants(stage, { refetchInterval: 60_000 });
        return () => {
          stageRenders++;
          return h('b', (list.value.data ?? []).map((p) => p.userId).join(','));
        };
      },
    });
    const wrapper = mount(defineComponent({ setup: () => (provideIvsStore(w.store), () => h('div', [h(Health), h(OnStage)])) }));
    await until(() => wrapper.find('i').text() === 'OFFLINE:-');
    await until(() => wrapper.find('b').exists() && stageRenders > 0);
    await sleep(300);
    const stageBefore = stageRenders;
    w.sim.control.ivs.goLive(chan, { viewerCount: 2 });
    await until(() => wrapper.find('i').text() === 'LIVE:2');
    expect(healthRenders).toBeGreaterThan(1);
    expect(stageRenders).toBe(stageBefore);
    wrapper.unmount();
  });
});
