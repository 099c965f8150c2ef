import { createEnvironmentInjector, runInInjectionContext, type EnvironmentInjector } from '@angular/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IVS_STORE, injectChannel, injectIvsStore } from '../../src/angular/index.js';
import { createTestStore, type TestStore } from '../../src/testing/index.js';
import { provideIvsTestStore } from '../../src/testing/angular.js';
import { until } from '../bindings/setup.js';

const injectorWith = (providers: Parameters<typeof createEnvironmentInjector>[0]) =>
  createEnvironmentInjector(providers, null as unknown as EnvironmentInjector);

describe('ivs-store/testing/angular', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await createTestStore({ seed: 23 });
  });
  afterEach(() => t.stop());

  it('provideIvsTestStore(store) provides the given store; destroying the injector leaves it alone', async () => {
    const arn = t.control.ivs.createChannel({ name: 'ng' }).arn;
    const injector = injectorWith([provideIvsTestStore(t.store)]);
    const channel = runInInjectionContext(injector, () => {
      expect(injectIvsStore()).toBe(t.store);
      return injectChannel(arn);
    });
    await until(() => channel().status === 'success');
    expect(channel().data?.name).toBe('ng');
    injector.destroy();
    await expect(t.store.channels.refresh()).resolves.toBeUndefined();
  });

  it('provideIvsTestStore(options) makes a store on first injection and disposes it with the injector', async () => {
    const arn = t.control.ivs.createChannel({ name: 'made' }).arn;
    const injector = injectorWith([provideIvsTestStore({ ivs: t.ivs })]);
    const made = injector.get(IVS_STORE);
    expect(made).not.toBe(t.store);
    const channel = runInInjectionContext(injector, () => injectChannel(arn));
    await until(() => channel().status === 'success');
    injector.destroy();
    await expect(made.channels.refresh()).rejects.toMatchObject({ kind: 'disposed' });
  });
});
