// @vitest-environment happy-dom
import { createApp, defineComponent, h, nextTick, ref, type Component } from 'vue';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IvsStore } from '../../src/index.js';
import { provideIvsStore, skipToken, useInfiniteChannels, useInfiniteList } from '../../src/vue/index.js';
import { sleep, startWorld, until, type BindingWorld } from './setup.js';

function mountApp(store: IvsStore, child: Component) {
  const el = document.createElement('div');
  document.body.append(el);
  const app = createApp(
    defineComponent({
      setup() {
        provideIvsStore(store);
        return () => h(child);
      },
    }),
  );
  app.mount(el);
  return {
    text: (selector: string) => el.querySelector(selector)?.textContent ?? '',
    click: (selector: string) => (el.querySelector(selector) as HTMLElement | null)?.click(),
    unmount: () => {
      app.unmount();
      el.remove();
    },
  };
}

describe('ivs-store/vue: useInfiniteChannels, useInfiniteList', () => {
  let w: BindingWorld;
  beforeEach(async () => {
    w = await startWorld();
  });
  afterEach(() => w.stop());

  it('shows pages, appends one per click, follows a reactive filter and page size, and unsubscribes with the scope', async () => {
    for (const name of ['a1', 'a2', 'a3', 'a4', 'b1']) w.sim.control.ivs.createChannel({ name });
    const filter = ref<{ filterByName: string } | undefined>(undefined);
    const size = ref(2);
    const List = defineComponent({
      setup() {
        const pages = useInfiniteChannels(filter, () => ({ pageSize: size.value }));
        return () =>
          h('div', [
            h('span', { class: 'pages' }, (pages.value.data?.pages ?? []).map((p) => p.length).join(',')),
            h('span', { class: 'names' }, (pages.value.data?.items ?? []).map((c) => c.name).join(',')),
            pages.value.hasNextPage ? h('button', { class: 'more', onClick: () => pages.value.fetchNextPage() }) : null,
          ]);
      },
    });
    const view = mountApp(w.store, List);
    await until(() => view.text('.pages') === '2');
    view.click('.more');
    await until(() => view.text('.pages') === '2,2');
    view.click('.more');
    await until(() => view.text('.pages') === '2,2,1');
    expect(view.text('.names')).toBe('a1,a2,a3,a4,b1');
    expect(view.text('.more')).toBe('');

    filter.value = { filterByName: 'b' };
    await until(() => view.text('.names') === 'b1');
    size.value = 10;
    filter.value = undefined;
    await nextTick();
    await until(() => view.text('.pages') === '5');

    view.unmount();
    await sleep(400);
    const after = w.sim.control.countRequests();
    await sleep(400);
    expect(w.sim.control.countRequests()).toBe(after);
  });

  it('useInfiniteList takes any resource; enabled: false reads nothing', async () => {
    const seen: string[] = [];
    const Both = defineComponent({
      setup() {
        const stages = useInfiniteList((s) => s.stages.pages$({ pageSize: 5 }));
        const off = useInfiniteChannels(undefined, { enabled: false });
        const skipped = useInfiniteChannels(() => skipToken);
        return () => {
          seen.push(`${stages.value.status}/${off.value.status}/${skipped.value.status}`);
          return h('span', { class: 'n' }, String(stages.value.data?.items.length ?? '-'));
        };
      },
    });
    w.sim.control.clearRequests();
    const view = mountApp(w.store, Both);
    await until(() => view.text('.n') !== '-');
    expect(seen.at(-1)).toBe('success/loading/loading');
    expect(w.sim.control.countRequests({ operation: 'ListChannels' })).toBe(0);
    view.unmount();
  });
});
