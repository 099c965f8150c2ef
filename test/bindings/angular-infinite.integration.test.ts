import { createEnvironmentInjector, type EnvironmentInjector, runInInjectionContext, signal } from '@angular/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { injectInfiniteChannels, injectInfiniteList, provideIvsStore, skipToken } from '../../src/angular/index.js';
import { sleep, startWorld, until, type BindingWorld } from './setup.js';

describe('ivs-store/angular: injectInfiniteChannels, injectInfiniteList', () => {
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

  it('a signal of the pages: first page, one more per fetchNextPage, a filter signal switches lists, destroy unsubscribes', async () => {
    for (const name of ['a1', 'a2', 'a3', 'b1']) w.sim.control.ivs.createChannel({ name });
    const name = signal<string | undefined>(undefined);
    const child = createEnvironmentInjector([], injector);
    const pages = runInInjectionContext(child, () =>
      injectInfiniteChannels(() => (name() ? { filterByName: name() as string } : undefined), { pageSize: 3 }),
    );
    expect(pages().status).toBe('loading');
    await until(() => pages().status === 'success');
    expect(pages().data?.pages.map((p) => p.length)).toEqual([3]);
    const fetchNext = pages().fetchNextPage;
    await fetchNext();
    await until(() => pages().data?.pages.length === 2);
    expect(pages().data?.items.map((c) => c.name)).toEqual(['a1', 'a2', 'a3', 'b1']);
    expect(pages().hasNextPage).toBe(false);
    expect(pages().fetchNextPage).toBe(fetchNext);

    name.set('b');
    await until(
      () =>
        pages()
          .data?.items.map((c) => c.name)
          .join() === 'b1',
    );

    child.destroy();
    await sleep(400);
    const after = w.sim.control.countRequests();
    await sleep(400);
    expect(w.sim.control.countRequests()).toBe(after);
  });

  it('injectInfiniteList takes any resource; enabled: false reads nothing', async () => {
    w.sim.control.clearRequests();
    const [stages, off, skipped] = runInInjectionContext(
      injector,
      () =>
        [
          injectInfiniteList((s) => s.stages.pages$({ pageSize: 2 })),
          injectInfiniteChannels(undefined, { enabled: false }),
          injectInfiniteChannels(() => skipToken),
        ] as const,
    );
    await until(() => stages().status === 'success');
    expect(off().status).toBe('loading');
    expect(skipped().status).toBe('loading');
    expect(w.sim.control.countRequests({ operation: 'ListChannels' })).toBe(0);
  });
});
