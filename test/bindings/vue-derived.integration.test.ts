// @vitest-environment happy-dom
import { map, of } from 'rxjs';
import { createApp, defineComponent, h, nextTick, ref, Suspense, type Component } from 'vue';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IvsStore, ParticipantChange } from '../../src/index.js';
import {
  provideIvsStore,
  skipToken,
  useChannel,
  useChannels,
  useLiveStreams,
  useObservable,
  useParticipantChanges,
  useParticipants,
  useStreamHealth,
  whenSettled,
} from '../../src/vue/index.js';
import { sleep, startWorld, until, type BindingWorld } from './setup.js';

function mountApp(root: Component) {
  const el = document.createElement('div');
  document.body.append(el);
  const app = createApp(root);
  app.mount(el);
  return {
    text: () => el.textContent ?? '',
    unmount: () => {
      app.unmount();
      el.remove();
    },
  };
}

const withStore = (store: IvsStore, child: Component) =>
  defineComponent({
    setup() {
      provideIvsStore(store);
      return () => h(child);
    },
  });

describe('ivs-store/vue: skipToken, enabled, select, and the composables React has', () => {
  let w: BindingWorld;
  beforeEach(async () => {
    w = await startWorld();
  });
  afterEach(() => w.stop());

  it('skipToken reads nothing (loading, not fetching) until the getter returns an ARN', async () => {
    const a = w.sim.control.ivs.createChannel({ name: 'later' }).arn;
    const arn = ref<string | undefined>(undefined);
    const View = defineComponent({
      setup() {
        const c = useChannel(() => arn.value ?? skipToken);
        return () => h('span', `${c.value.status}:${c.value.fetching}:${c.value.data?.name ?? '-'}`);
      },
    });
    w.sim.control.clearRequests();
    const view = mountApp(withStore(w.store, View));
    await sleep(500);
    expect(view.text()).toBe('loading:false:-');
    expect(w.sim.control.countRequests()).toBe(0);
    arn.value = a;
    await until(() => view.text() === 'success:false:later');
    expect(w.sim.control.countRequests()).toBeGreaterThan(0);
    arn.value = undefined; // back to skipped: the subscription ends, so does polling
    await nextTick();
    expect(view.text()).toBe('loading:false:-');
    await sleep(1200); // grace, and a poll already waiting for quota
    const calls = w.sim.control.countRequests();
    await sleep(500);
    expect(w.sim.control.countRequests()).toBe(calls);
    view.unmount();
  });

  it('enabled (a ref) false reads nothing; true starts, false again stops the polls', async () => {
    const a = w.sim.control.ivs.createChannel({ name: 'gated' }).arn;
    const on = ref(false);
    const View = defineComponent({
      setup() {
        const c = useChannel(a, { enabled: on });
        const list = useChannels(undefined, { enabled: () => on.value });
        return () =>
          h('span', `${c.value.data?.name ?? c.value.status}|${list.value.data?.length ?? list.value.status}`);
      },
    });
    w.sim.control.clearRequests();
    const view = mountApp(withStore(w.store, View));
    await sleep(500);
    expect(view.text()).toBe('loading|loading');
    expect(w.sim.control.countRequests()).toBe(0);
    on.value = true;
    await until(() => view.text().startsWith('gated|') && !view.text().endsWith('loading'));
    on.value = false;
    await until(() => view.text() === 'loading|loading');
    await sleep(1200);
    const calls = w.sim.control.countRequests();
    await sleep(500);
    expect(w.sim.control.countRequests()).toBe(calls);
    view.unmount();
  });

  it('select inline: runs once per data change, not per poll; an equal result keeps its identity', async () => {
    const a = w.sim.control.ivs.createChannel({ name: 'first' }).arn;
    let selects = 0;
    const inputs = new Set<unknown>();
    let renders = 0;
    let listSelects = 0;
    const seen = new Set<unknown>();
    const View = defineComponent({
      setup() {
        const name = useChannel(a, {
          select: (c) => {
            selects++;
            inputs.add(c);
            return c.name;
          },
        });
        const names = useChannels(undefined, {
          select: (list) => {
            listSelects++;
            return list.map((c) => c.arn);
          },
        });
        return () => {
          renders++;
          if (names.value.data) seen.add(names.value.data);
          return h(
            'span',
            `${name.value.status === 'success' ? (name.value.data ?? '').toUpperCase() : name.value.status}`,
          );
        };
      },
    });
    const view = mountApp(withStore(w.store, View));
    await until(() => view.text() === 'FIRST');
    await sleep(300); // the list's summary and the channel's own read may both land
    const settled = selects;
    await sleep(800); // several polls (100 ms) that find nothing new
    expect(selects).toBe(settled);
    expect(selects).toBe(inputs.size); // never twice for the same data
    const rendersBefore = renders;
    await w.store.channels.update({ arn: a, name: 'second' });
    await until(() => view.text() === 'SECOND');
    expect(selects).toBeGreaterThan(settled);
    expect(selects).toBe(inputs.size);
    expect(renders).toBeGreaterThan(rendersBefore);
    // The list's data changed (a new name) but its ARNs did not: the same array all along.
    await until(() => listSelects >= 2); // the list was read again and its data changed
    await sleep(200);
    expect(seen.size).toBe(1);
    view.unmount();
  });

  it('useLiveStreams and useStreamHealth: a reactive ARN shows undefined, never the previous channel, until known', async () => {
    const live = w.sim.control.ivs.createChannel({ name: 'on' }).arn;
    const off = w.sim.control.ivs.createChannel({ name: 'off' }).arn;
    w.sim.control.ivs.goLive(live, { viewerCount: 3 });
    const arn = ref(live);
    const healths: string[] = [];
    const View = defineComponent({
      setup() {
        const streams = useLiveStreams(undefined, { select: (list) => list.map((s) => s.channelArn) });
        const health = useStreamHealth(arn);
        return () => {
          healths.push(health.value?.state ?? 'unknown');
          return h('span', `${(streams.value.data ?? []).includes(live)}|${health.value?.state ?? 'unknown'}`);
        };
      },
    });
    const view = mountApp(withStore(w.store, View));
    await until(() => view.text() === 'true|LIVE');
    healths.length = 0;
    arn.value = off;
    await until(() => view.text() === 'true|OFFLINE');
    expect(healths[0]).not.toBe('LIVE');
    view.unmount();
  });

  it('useParticipantChanges: the callback and the ref while the scope lives; nothing after unmount', async () => {
    const stage = w.sim.control.realtime.createStage({ name: 'ch' }).arn;
    const heard: ParticipantChange[] = [];
    const View = defineComponent({
      setup() {
        const last = useParticipantChanges(stage, (c) => heard.push(c));
        const list = useParticipants(stage, { select: (ps) => ps.length });
        return () =>
          h(
            'span',
            `${last.value ? `${last.value.type}:${last.value.participant.userId}` : '-'}|${list.value.data ?? '-'}`,
          );
      },
    });
    const view = mountApp(withStore(w.store, View));
    await until(() => view.text() === '-|0');
    const { participantId } = w.sim.control.realtime.join(stage, { userId: 'ana' });
    await until(() => view.text() === 'joined:ana|1');
    expect(heard.map((c) => c.type)).toEqual(['joined']);
    view.unmount();
    w.sim.control.realtime.leave(stage, participantId);
    await sleep(800);
    expect(heard.map((c) => c.type)).toEqual(['joined']);
  });

  it('useObservable: a plain Observable, and an inline pipe(map()) in a getter, show their values', async () => {
    const a = w.sim.control.ivs.createChannel({ name: 'piped' }).arn;
    const View = defineComponent({
      setup() {
        const store = w.store;
        const plain = useObservable(of(7), 0);
        const named = useObservable(() => store.channels.get$(a).pipe(map((e) => e.data?.name ?? '…')), 'initial');
        return () => h('span', `${plain.value}|${named.value}`);
      },
    });
    const view = mountApp(withStore(w.store, View));
    await until(() => view.text() === '7|piped');
    view.unmount();
  });

  it('whenSettled: an async setup under <Suspense> shows the fallback, then the settled entry', async () => {
    const a = w.sim.control.ivs.createChannel({ name: 'suspended' }).arn;
    const Async = defineComponent({
      async setup() {
        const channel = useChannel(a);
        const settled = await whenSettled(channel);
        return () => h('b', settled.status === 'success' ? settled.data.name : settled.status);
      },
    });
    const Root = defineComponent({
      setup() {
        provideIvsStore(w.store);
        return () => h(Suspense, null, { default: () => h(Async), fallback: () => h('i', 'wait') });
      },
    });
    const view = mountApp(Root);
    expect(view.text()).toBe('wait');
    await until(() => view.text() === 'suspended');
    view.unmount();
  });
});
