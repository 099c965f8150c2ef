import { createEnvironmentInjector, runInInjectionContext, type EnvironmentInjector, type Signal } from '@angular/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IvsStoreError, type IvsStore } from '../../src/index.js';
import {
  IVS_STORE,
  injectChannel,
  injectChannels,
  injectIvsStore,
  injectMutation,
  injectParticipants,
  injectStage,
  injectStreamHealth,
  provideIvsStore,
} from '../../src/angular/index.js';
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

const root = (store: IvsStore) =>
  createEnvironmentInjector([provideIvsStore(store)], null as unknown as EnvironmentInjector);

describe('ivs-store/angular (an injection context, no TestBed needed)', () => {
  let w: BindingWorld;
  let injector: EnvironmentInjector;
  beforeEach(async () => {
    w = await startWorld();
    injector = root(w.store);
  });
  afterEach(async () => {
    injector.destroy();
    await w.stop();
  });

  it('provides the store and turns its Observables into signals: loading, then data, then changes', async () => {
    const arn = w.sim.control.ivs.createChannel({ name: 'ng' }).arn;
    const [channel, health] = runInInjectionContext(injector, () => {
      expect(injectIvsStore()).toBe(w.store);
      return [injectChannel(arn), injectStreamHealth(arn)] as const;
    });
    expect(channel().status).toBe('loading');
    await until(() => channel().status === 'success');
    expect(channel().data?.name).toBe('ng');
    await until(() => health()?.state === 'OFFLINE');
    w.sim.control.ivs.goLive(arn, { viewerCount: 7 });
    await until(() => health()?.viewerCount === 7);
  });

  it('destroying the injector unsubscribes (polling stops); a factory-made store is disposed with it', async () => {
    const arn = w.sim.control.ivs.createChannel({ name: 'bye' }).arn;
    const child = createEnvironmentInjector([], injector);
    const channel = runInInjectionContext(child, () => injectChannel(arn));
    await until(() => channel().status === 'success');
    child.destroy();
    await sleep(1200); // grace, and any poll already waiting for quota
    const calls = w.sim.control.countRequests({ operation: 'GetChannel' });
    await sleep(400);
    expect(w.sim.control.countRequests({ operation: 'GetChannel' })).toBe(calls);

    let disposed = false;
    const owned = createEnvironmentInjector(
      [provideIvsStore(() => ({ ...w.store, dispose: () => (disposed = true) }))],
      null as unknown as EnvironmentInjector,
    );
    expect(owned.get(IVS_STORE).channels).toBe(w.store.channels);
    owned.destroy();
    expect(disposed).toBe(true);
  });

  it('injectMutation against the simulator: pending, then success and the channel signal follows; a refused input is a typed error', async () => {
    const arn = w.sim.control.ivs.createChannel({ name: 'before' }).arn;
    const [channel, rename] = runInInjectionContext(
      injector,
      () => [injectChannel(arn), injectMutation((s) => s.channels.update)] as const,
    );
    await until(() => channel().status === 'success');
    rename.mutate({ arn, name: 'after' });
    expect(rename.status()).toBe('pending');
    expect(rename.pending()).toBe(true);
    await until(() => rename.status() === 'success');
    expect(rename.data()?.name).toBe('after');
    await until(() => channel().data?.name === 'after');
    rename.mutate({ arn, name: 'no spaces allowed' });
    await until(() => rename.status() === 'error');
    expect(rename.error()).toBeInstanceOf(IvsStoreError);
    expect(rename.error()?.kind).toBe('validation');
  });
});

describe('ivs-store/angular: inject, destroy and inject again at once (first data still prompt, default refetchInterval)', () => {
  let w: BindingWorld;
  let injector: EnvironmentInjector;
  beforeEach(async () => {
    w = await startDefaultWorld();
    injector = root(w.store);
  });
  afterEach(async () => {
    injector.destroy();
    await w.stop();
  });

  /** What to inject, and when its value counts as the first data; typed per helper. */
  const kase = <T>(inject: () => Signal<T>, done: (value: T) => boolean) => ({
    inject: inject as () => Signal<unknown>,
    done: (value: unknown) => done(value as T),
  });
  const cases: Record<string, (w: BindingWorld) => ReturnType<typeof kase>> = {
    injectChannel: (w) => {
      const arn = w.sim.control.ivs.createChannel({ name: 'ac' }).arn;
      return kase(
        () => injectChannel(arn),
        (e) => e.status === 'success' && e.data.name === 'ac' && !e.fetching,
      );
    },
    injectChannels: (w) => {
      w.sim.control.ivs.createChannel({ name: 'al' });
      return kase(
        () => injectChannels(),
        (e) => e.status === 'success' && e.data.some((c) => c.name === 'al') && !e.fetching,
      );
    },
    injectStreamHealth: (w) => {
      const arn = w.sim.control.ivs.createChannel({ name: 'ah' }).arn;
      w.sim.control.ivs.goLive(arn, { viewerCount: 9 });
      return kase(
        () => injectStreamHealth(arn),
        (h) => h?.viewerCount === 9,
      );
    },
    injectStage: (w) => {
      const arn = w.sim.control.realtime.createStage({ name: 'as' }).arn;
      return kase(
        () => injectStage(arn),
        (e) => e.status === 'success' && e.data.name === 'as' && !e.fetching,
      );
    },
    injectParticipants: (w) => {
      const stage = w.sim.control.realtime.createStage({ name: 'ap' }).arn;
      w.sim.control.realtime.join(stage, { userId: 'an' });
      return kase(
        () => injectParticipants(stage),
        (e) => e.status === 'success' && e.data[0]?.userId === 'an',
      );
    },
  };

  it.each(Object.keys(cases))('%s', async (name) => {
    const { inject, done } = cases[name]!(w);
    const first = createEnvironmentInjector([], injector);
    runInInjectionContext(first, inject);
    first.destroy(); // synchronously: the subscription ends before the next one starts
    const second = createEnvironmentInjector([], injector);
    const value = runInInjectionContext(second, inject);
    const start = Date.now();
    await until(() => done(value()), PROMPT_MS);
    expect(Date.now() - start).toBeLessThan(PROMPT_MS);
    second.destroy();
  });
});

describe('injectMutation', () => {
  const context = (store: IvsStore) => createEnvironmentInjector([], root(store));

  it('signals: idle, pending with the variables, success with data; options and per-call callbacks get (data, variables)', async () => {
    const d = deferred<string>();
    const del = vi.fn((_arn: string) => d.promise);
    const onSuccess = vi.fn();
    const onSettled = vi.fn();
    const own = { onSuccess: vi.fn(), onSettled: vi.fn() };
    const m = runInInjectionContext(context(fakeStore({ channels: { delete: del } })), () =>
      injectMutation((s) => s.channels.delete as unknown as typeof del, { onSuccess, onSettled }),
    );
    expect([m.status(), m.pending(), m.data(), m.error(), m.variables()]).toEqual([
      'idle',
      false,
      undefined,
      undefined,
      undefined,
    ]);
    expect(m.mutateWith(['arn:1'], own)).toBeUndefined();
    expect([m.status(), m.pending(), m.variables()]).toEqual(['pending', true, ['arn:1']]);
    expect(del).toHaveBeenCalledWith('arn:1');
    d.resolve('gone');
    await sleep(0);
    expect([m.status(), m.pending(), m.data(), m.error()]).toEqual(['success', false, 'gone', undefined]);
    expect(onSuccess).toHaveBeenCalledWith('gone', ['arn:1']);
    expect(onSettled).toHaveBeenCalledWith('gone', undefined, ['arn:1']);
    expect(own.onSuccess).toHaveBeenCalledWith('gone', ['arn:1']);
    expect(own.onSettled).toHaveBeenCalledWith('gone', undefined, ['arn:1']);
  });

  it('errors: wrapped as an IvsStoreError (kind unknown, cause kept); mutateAsync rejects with it, mutate does not; reset() to idle', async () => {
    const cause = 'a string thrown';
    const onError = vi.fn();
    const m = runInInjectionContext(context(fakeStore({ channels: { delete: () => Promise.reject(cause) } })), () =>
      injectMutation((s) => s.channels.delete, { onError }),
    );
    const rejected = await m.mutateAsync('arn:2').catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(IvsStoreError);
    expect(rejected).toMatchObject({ kind: 'unknown', message: 'a string thrown', cause });
    expect(m.error()).toBe(rejected);
    expect(m.status()).toBe('error');
    expect(onError).toHaveBeenCalledWith(rejected, ['arn:2']);
    m.mutate('arn:3');
    await sleep(0);
    expect(m.variables()).toEqual(['arn:3']);
    expect(onError).toHaveBeenCalledTimes(2);
    m.reset();
    expect([m.status(), m.error(), m.variables()]).toEqual(['idle', undefined, undefined]);
  });

  it('only the latest call lands; per-call callbacks only for the latest; nothing lands after the context is destroyed', async () => {
    const slow = deferred<string>();
    const fast = deferred<string>();
    const later = deferred<string>();
    const update = vi
      .fn()
      .mockReturnValueOnce(slow.promise)
      .mockReturnValueOnce(fast.promise)
      .mockReturnValueOnce(later.promise);
    const onSuccess = vi.fn();
    const ctx = context(fakeStore({ channels: { update } }));
    const m = runInInjectionContext(ctx, () =>
      injectMutation((s) => s.channels.update as unknown as (n: number) => Promise<string>, { onSuccess }),
    );
    const first = vi.fn();
    const second = vi.fn();
    m.mutateWith([1], { onSuccess: first });
    m.mutateWith([2], { onSuccess: second });
    fast.resolve('two');
    await sleep(0);
    slow.resolve('one');
    await sleep(0);
    expect([m.status(), m.data(), m.variables()]).toEqual(['success', 'two', [2]]);
    expect(second).toHaveBeenCalledWith('two', [2]);
    expect(first).not.toHaveBeenCalled();
    expect(onSuccess.mock.calls).toEqual([
      ['two', [2]],
      ['one', [1]],
    ]);

    const third = vi.fn();
    m.mutateWith([3], { onSuccess: third });
    ctx.destroy();
    later.resolve('three');
    await sleep(0);
    expect([m.status(), m.data()]).toEqual(['pending', undefined]);
    expect(third).not.toHaveBeenCalled();
    expect(onSuccess).toHaveBeenLastCalledWith('three', [3]); // the options' callbacks still hear of it
  });
});

describe('ivs-store/angular: two copies of the module (ESM and CJS in one app)', () => {
  it('share one InjectionToken: a store provided by one copy is injected by the other', async () => {
    vi.resetModules();
    const copy = await import('../../src/angular/index.js');
    expect(copy.injectIvsStore).not.toBe(injectIvsStore); // really a second instance of the module
    expect(copy.IVS_STORE).toBe(IVS_STORE);
    const store = fakeStore({ channels: { delete: async () => 'ok' } });
    const injector = root(store); // provided through this copy
    const m = runInInjectionContext(injector, () => {
      expect(copy.injectIvsStore()).toBe(store);
      return copy.injectMutation((s) => s.channels.delete as unknown as () => Promise<string>);
    });
    m.mutate();
    await until(() => m.status() === 'success');
    expect(m.data()).toBe('ok');
    injector.destroy();
  });
});
