import { createEnvironmentInjector, runInInjectionContext, type EnvironmentInjector } from '@angular/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IVS_STORE, injectChannel, injectIvsStore, injectStreamHealth, provideIvsStore } from '../../src/angular/index.js';
import { sleep, startWorld, type BindingWorld } from './setup.js';

const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(20);
  }
};

describe('ivs-store/angular (an injection context, no TestBed needed)', () => {
  let w: BindingWorld;
  let injector: EnvironmentInjector;
  beforeEach(async () => {
    w = await startWorld();
    injector = createEnvironmentInjector([provideIvsStore(w.store)], null as unknown as EnvironmentInjector);
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
    const owned = createEnvironmentInjector([provideIvsStore(() => ({ ...w.store, dispose: () => (disposed = true) }))], null as unknown as EnvironmentInjector);
    expect(owned.get(IVS_STORE).channels).toBe(w.store.channels);
    owned.destroy();
    expect(disposed).toBe(true);
  });
});
