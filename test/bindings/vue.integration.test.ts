// @vitest-environment happy-dom
import { createApp, defineComponent, effectScope, h, isReadonly, nextTick, ref, type Component } from 'vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IvsStoreError, type IvsStore, type StoreChannel, type UpdateChannelInput } from '../../src/index.js';
import {
  IVS_STORE_KEY,
  provideIvsStore,
  useChannel,
  useChannels,
  useIvsStore,
  useMutation,
  useParticipants,
  useStage,
  useStreamHealth,
  type UseMutationReturn,
} from '../../src/vue/index.js';
import {
  deferred,
  fakeStore,
  PROMPT_MS,
  sleep,
  startDefaultWorld,
  startWorld,
  until,
  type BindingWorld,
} from './setup.js';

/** Mounts `root` into a fresh element of the happy-dom document (what @vue/test-utils' mount did for us). */
function mountApp(root: Component) {
  const el = document.createElement('div');
  document.body.append(el);
  const app = createApp(root);
  app.mount(el);
  return {
    text: () => el.textContent ?? '',
    find: (selector: string) => el.querySelector(selector),
    unmount: () => {
      app.unmount();
      el.remove();
    },
  };
}

/** A root component that provides the store to `child`. */
const withStore = (store: IvsStore, child: Component) =>
  defineComponent({
    setup() {
      provideIvsStore(store);
      return () => h(child);
    },
  });

describe('ivs-store/vue', () => {
  let w: BindingWorld;
  beforeEach(async () => {
    w = await startWorld();
  });
  afterEach(() => w.stop());

  it('shows loading then data; a reactive ARN switches the subscription; unmount stops polling', async () => {
    const a = w.sim.control.ivs.createChannel({ name: 'uno' }).arn;
    const b = w.sim.control.ivs.createChannel({ name: 'dos' }).arn;
    const arn = ref(a);
    const Name = defineComponent({
      setup() {
        const entry = useChannel(arn);
        return () => h('span', entry.value.status === 'success' ? entry.value.data.name : entry.value.status);
      },
    });
    const view = mountApp(withStore(w.store, Name));
    expect(view.text()).toBe('loading');
    await until(() => view.text() === 'uno');
    arn.value = b;
    await until(() => view.text() === 'dos');
    await sleep(300);
    w.sim.control.clearRequests();
    await sleep(1200); // GetChannel is limited to 5 a second: leave room for polls
    expect(new Set(w.sim.control.requests({ operation: 'GetChannel' }).map((r) => r.resource))).toEqual(new Set([b]));
    view.unmount();
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
    const view = mountApp(withStore(w.store, () => h('div', [h(Health), h(OnStage)])));
    await until(() => view.find('i')?.textContent === 'OFFLINE:-');
    await until(() => view.find('b') !== null && stageRenders > 0);
    await sleep(300);
    const stageBefore = stageRenders;
    w.sim.control.ivs.goLive(chan, { viewerCount: 2 });
    await until(() => view.find('i')?.textContent === 'LIVE:2');
    expect(healthRenders).toBeGreaterThan(1);
    expect(stageRenders).toBe(stageBefore);
    view.unmount();
  });

  it('useMutation against the simulator: pending, then success and the channel re-renders; a refused input is a typed error', async () => {
    const arn = w.sim.control.ivs.createChannel({ name: 'before' }).arn;
    let rename: UseMutationReturn<[UpdateChannelInput], StoreChannel> | undefined;
    const Tile = defineComponent({
      setup() {
        const channel = useChannel(arn);
        const m = useMutation((s) => s.channels.update);
        rename = m;
        return () => h('span', `${channel.value.data?.name ?? ''}|${m.status.value}|${m.error.value?.kind ?? ''}`);
      },
    });
    const view = mountApp(withStore(w.store, Tile));
    await until(() => view.text() === 'before|idle|');
    rename!.mutate({ arn, name: 'after' });
    await nextTick();
    expect(view.text()).toBe('before|pending|');
    await until(() => view.text() === 'after|success|');
    expect(rename!.data.value?.name).toBe('after');
    rename!.mutate({ arn, name: 'no spaces allowed' });
    await until(() => view.text() === 'after|error|validation');
    expect(rename!.error.value).toBeInstanceOf(IvsStoreError);
    expect(rename!.variables.value).toEqual([{ arn, name: 'no spaces allowed' }]);
    view.unmount();
  });
});

describe('ivs-store/vue: mount, unmount and mount again at once (first data still prompt, default refetchInterval)', () => {
  let w: BindingWorld;
  beforeEach(async () => {
    w = await startDefaultWorld();
  });
  afterEach(() => w.stop());

  const cases: Record<string, (w: BindingWorld) => { use: () => () => string; expected: string }> = {
    useChannel: (w) => {
      const arn = w.sim.control.ivs.createChannel({ name: 'vc' }).arn;
      return {
        use: () =>
          (
            (e) => () =>
              e.value.status === 'success' ? `${e.value.data.name}:${e.value.fetching}` : e.value.status
          )(useChannel(arn)),
        expected: 'vc:false',
      };
    },
    useChannels: (w) => {
      w.sim.control.ivs.createChannel({ name: 'vl' });
      return {
        use: () =>
          (
            (e) => () =>
              e.value.status === 'success'
                ? `${e.value.data.map((c) => c.name).join(',')}:${e.value.fetching}`
                : e.value.status
          )(useChannels()),
        expected: 'vl:false',
      };
    },
    useStreamHealth: (w) => {
      const arn = w.sim.control.ivs.createChannel({ name: 'vh' }).arn;
      w.sim.control.ivs.goLive(arn, { viewerCount: 5 });
      return {
        use: () =>
          (
            (hs) => () =>
              hs.value ? `${hs.value.state}:${hs.value.viewerCount}` : 'unknown'
          )(useStreamHealth(arn)),
        expected: 'LIVE:5',
      };
    },
    useStage: (w) => {
      const arn = w.sim.control.realtime.createStage({ name: 'vs' }).arn;
      return {
        use: () =>
          (
            (e) => () =>
              e.value.status === 'success' ? `${e.value.data.name}:${e.value.fetching}` : e.value.status
          )(useStage(arn)),
        expected: 'vs:false',
      };
    },
    useParticipants: (w) => {
      const stage = w.sim.control.realtime.createStage({ name: 'vp' }).arn;
      w.sim.control.realtime.join(stage, { userId: 'vi' });
      return {
        use: () =>
          (
            (e) => () =>
              e.value.status === 'success' ? e.value.data.map((p) => p.userId).join(',') : e.value.status
          )(useParticipants(stage)),
        expected: 'vi',
      };
    },
  };

  it.each(Object.keys(cases))('%s', async (name) => {
    const { use, expected } = cases[name]!(w);
    const View = defineComponent({ setup: () => use() });
    const first = mountApp(withStore(w.store, View));
    first.unmount(); // synchronously, as StrictMode or a re-keyed widget does
    const second = mountApp(withStore(w.store, View));
    const start = Date.now();
    await until(() => second.text() === expected, PROMPT_MS);
    expect(Date.now() - start).toBeLessThan(PROMPT_MS);
    second.unmount();
  });
});

describe('useMutation (vue)', () => {
  /** Runs `fn` in an effect scope with `store` injectable, as a component's setup would. */
  const inScope = <T>(store: IvsStore, fn: () => T) => {
    const app = createApp({});
    app.provide(IVS_STORE_KEY, store);
    const scope = effectScope();
    const value = scope.run(() => app.runWithContext(fn))!;
    return { value, stop: () => scope.stop() };
  };

  it('readonly refs: idle, pending with the variables, success with data; options and per-call callbacks get (data, variables)', async () => {
    const d = deferred<string>();
    const del = vi.fn((_arn: string) => d.promise);
    const onSuccess = vi.fn();
    const onSettled = vi.fn();
    const own = { onSuccess: vi.fn(), onError: vi.fn() };
    const { value: m } = inScope(fakeStore({ channels: { delete: del } }), () =>
      useMutation((s) => s.channels.delete as unknown as typeof del, { onSuccess, onSettled }),
    );
    expect([m.status.value, m.pending.value, m.data.value, m.error.value, m.variables.value]).toEqual([
      'idle',
      false,
      undefined,
      undefined,
      undefined,
    ]);
    expect([m.status, m.pending, m.data, m.error, m.variables].every((r) => isReadonly(r))).toBe(true);
    expect(m.mutateWith(['arn:1'], own)).toBeUndefined();
    expect([m.status.value, m.pending.value, m.variables.value]).toEqual(['pending', true, ['arn:1']]);
    expect(del).toHaveBeenCalledWith('arn:1');
    d.resolve('gone');
    await sleep(0);
    expect([m.status.value, m.pending.value, m.data.value, m.error.value]).toEqual([
      'success',
      false,
      'gone',
      undefined,
    ]);
    expect(onSuccess).toHaveBeenCalledWith('gone', ['arn:1']);
    expect(onSettled).toHaveBeenCalledWith('gone', undefined, ['arn:1']);
    expect(own.onSuccess).toHaveBeenCalledWith('gone', ['arn:1']);
    expect(own.onError).not.toHaveBeenCalled();
  });

  it('errors: wrapped as an IvsStoreError (kind unknown, cause kept); mutateAsync rejects with it, mutate does not; reset() to idle', async () => {
    const cause = new Error('nope');
    const onError = vi.fn();
    const { value: m } = inScope(fakeStore({ channels: { delete: () => Promise.reject(cause) } }), () =>
      useMutation((s) => s.channels.delete, { onError }),
    );
    const rejected = await m.mutateAsync('arn:2').catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(IvsStoreError);
    expect(rejected).toMatchObject({ kind: 'unknown', message: 'nope', cause });
    expect(m.error.value).toBe(rejected);
    expect(m.status.value).toBe('error');
    expect(onError).toHaveBeenCalledWith(rejected, ['arn:2']);
    m.mutate('arn:3');
    await sleep(0);
    expect(m.variables.value).toEqual(['arn:3']);
    expect(onError).toHaveBeenCalledTimes(2);
    m.reset();
    expect([m.status.value, m.error.value, m.variables.value]).toEqual(['idle', undefined, undefined]);
  });

  it('only the latest call lands; per-call callbacks only for the latest; nothing lands after the scope is disposed', async () => {
    const slow = deferred<string>();
    const fast = deferred<string>();
    const later = deferred<string>();
    const update = vi
      .fn()
      .mockReturnValueOnce(slow.promise)
      .mockReturnValueOnce(fast.promise)
      .mockReturnValueOnce(later.promise);
    const onSuccess = vi.fn();
    const { value: m, stop } = inScope(fakeStore({ channels: { update } }), () =>
      useMutation((s) => s.channels.update as unknown as (n: number) => Promise<string>, { onSuccess }),
    );
    const first = vi.fn();
    const second = vi.fn();
    m.mutateWith([1], { onSuccess: first });
    m.mutateWith([2], { onSuccess: second });
    fast.resolve('two');
    await sleep(0);
    slow.resolve('one');
    await sleep(0);
    expect([m.status.value, m.data.value, m.variables.value]).toEqual(['success', 'two', [2]]);
    expect(second).toHaveBeenCalledWith('two', [2]);
    expect(first).not.toHaveBeenCalled();
    expect(onSuccess.mock.calls).toEqual([
      ['two', [2]],
      ['one', [1]],
    ]);

    const third = vi.fn();
    m.mutateWith([3], { onSuccess: third });
    stop();
    later.resolve('three');
    await sleep(0);
    expect([m.status.value, m.data.value]).toEqual(['pending', undefined]);
    expect(third).not.toHaveBeenCalled();
    expect(onSuccess).toHaveBeenLastCalledWith('three', [3]); // the options' callbacks still hear of it
  });
});

describe('ivs-store/vue: two copies of the module (ESM and CJS in one app)', () => {
  it('share one injection key: a store provided by one copy is found by the other', async () => {
    vi.resetModules();
    const copy = await import('../../src/vue/index.js');
    expect(copy.useIvsStore).not.toBe(useIvsStore); // really a second instance of the module
    expect(copy.IVS_STORE_KEY).toBe(IVS_STORE_KEY);
    const store = fakeStore({ channels: { delete: async () => 'ok' } });
    let seen: IvsStore | undefined;
    const Child = defineComponent({
      setup() {
        seen = copy.useIvsStore();
        const m = copy.useMutation((s) => s.channels.delete as unknown as () => Promise<string>);
        m.mutate();
        return () => h('span', m.status.value);
      },
    });
    const view = mountApp(withStore(store, Child));
    expect(seen).toBe(store);
    await until(() => view.text() === 'success');
    view.unmount();
  });
});
