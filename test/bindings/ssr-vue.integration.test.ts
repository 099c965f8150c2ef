// @vitest-environment happy-dom
import { IvsClient } from '@aws-sdk/client-ivs';
import { createSSRApp, defineComponent, h, nextTick, onServerPrefetch } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { afterEach, describe, expect, it } from 'vitest';
import { createIvsStore, type DehydratedState, dehydrate, hydrate, type IvsStore, prefetch } from '../../src/index.js';
import { provideIvsStore, useChannel, useChannels } from '../../src/vue/index.js';
import { onSend, sleep, startStoreWorld, type StoreWorld } from '../support/world.js';

const Channel = defineComponent({
  props: { arn: { type: String, required: true } },
  setup(props) {
    // biome-ignore lint/correctness/useHookAtTopLevel: a Vue composable in setup, not a React hook
    const e = useChannel(() => props.arn);
    return () => h('h1', e.value.status === 'success' ? e.value.data.name : e.value.status);
  },
});

const Channels = defineComponent({
  setup() {
    // biome-ignore lint/correctness/useHookAtTopLevel: a Vue composable in setup, not a React hook
    const e = useChannels();
    return () =>
      h('ul', e.value.status === 'success' ? e.value.data.map((c) => h('li', { key: c.arn }, c.name)) : e.value.status);
  },
});

/** The app, server or page side (createSSRApp: the page's mount hydrates what is there). */
function makeApp(store: IvsStore, arn: string) {
  const Root = defineComponent({
    setup() {
      provideIvsStore(store);
      return () => h('main', [h(Channel, { arn }), h(Channels)]);
    },
  });
  const app = createSSRApp(Root);
  const warnings: string[] = [];
  app.config.warnHandler = (msg) => warnings.push(msg);
  return { app, warnings };
}

let w: StoreWorld | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await w?.stop();
  w = undefined;
});

function pageStore(world: StoreWorld) {
  const { endpoint, region, credentials } = world.sim;
  const ivs = new IvsClient({ endpoint, region, credentials, maxAttempts: 1 });
  const store = createIvsStore({ ivs, tabs: false });
  const calls: string[] = [];
  onSend(ivs, (op) => calls.push(op));
  cleanups.push(() => {
    store.dispose();
    ivs.destroy();
  });
  return { store, calls };
}

/** Server HTML in a container, hydrated by mounting the page's app on it. */
function mountOver(html: string, app: ReturnType<typeof makeApp>['app']) {
  const container = document.createElement('div');
  container.innerHTML = html;
  document.body.append(container);
  // Vue's hydration mismatch reports go to console.error in 3.5 besides warnHandler.
  const logged: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => logged.push(args);
  try {
    app.mount(container);
  } finally {
    console.error = original;
  }
  cleanups.push(() => {
    app.unmount();
    container.remove();
  });
  return { container, logged };
}

describe('Vue server rendering with prefetch, dehydrate and hydrate', () => {
  it('renderToString shows prefetched data; the page hydrates over it with no mismatch', async () => {
    w = await startStoreWorld({ seed: 4 });
    const { arn } = w.sim.control.ivs.createChannel({ name: 'main-stage' });
    w.sim.control.ivs.createChannel({ name: 'backstage' });

    const server = createIvsStore({ ivs: w.ivs, tabs: false });
    await prefetch([server.channels.get$(arn), server.channels.list$()]);
    const html = await renderToString(makeApp(server, arn).app);
    const json = JSON.stringify(dehydrate(server));
    // Vue keeps a server render's subscriptions (its scopes are not disposed there): dispose ends them.
    server.dispose();
    expect(html).toContain('<h1>main-stage</h1>');
    expect(html).toContain('<li>backstage</li>');
    expect(html).not.toContain('loading');

    const page = pageStore(w);
    await hydrate(page.store, JSON.parse(json) as DehydratedState);
    const { app, warnings } = makeApp(page.store, arn);
    const { container, logged } = mountOver(html, app);
    await nextTick();
    expect(warnings).toEqual([]);
    expect(logged).toEqual([]);
    expect(container.querySelector('h1')?.textContent).toBe('main-stage');
    expect([...container.querySelectorAll('li')].map((li) => li.textContent).sort()).toEqual([
      'backstage',
      'main-stage',
    ]);
    await sleep(200);
    // The list was fresh; the channel is read again for its passphrase (left out of the state).
    expect(page.calls).toEqual(['GetChannel']);
  });

  it('onServerPrefetch: a component waits for its own reads during renderToString (the Nuxt way)', async () => {
    w = await startStoreWorld({ seed: 4 });
    const { arn } = w.sim.control.ivs.createChannel({ name: 'main-stage' });
    const server = createIvsStore({ ivs: w.ivs, tabs: false });
    const Page = defineComponent({
      setup() {
        // biome-ignore lint/correctness/useHookAtTopLevel: a Vue composable in setup, not a React hook
        const e = useChannel(arn);
        onServerPrefetch(() => prefetch([server.channels.get$(arn)]));
        return () => h('h1', e.value.status === 'success' ? e.value.data.name : e.value.status);
      },
    });
    const app = createSSRApp(
      defineComponent({
        setup() {
          provideIvsStore(server);
          return () => h(Page);
        },
      }),
    );
    const html = await renderToString(app);
    expect(html).toBe('<h1>main-stage</h1>');
    expect(dehydrate(server).entries.map((e) => e.id)).toEqual([arn]);
    server.dispose();
  });

  it('control: without hydrate, the page mismatches', async () => {
    w = await startStoreWorld({ seed: 4 });
    const { arn } = w.sim.control.ivs.createChannel({ name: 'main-stage' });
    const server = createIvsStore({ ivs: w.ivs, tabs: false });
    await prefetch([server.channels.get$(arn), server.channels.list$()]);
    const html = await renderToString(makeApp(server, arn).app);
    server.dispose();
    const page = pageStore(w);
    const { app, warnings } = makeApp(page.store, arn);
    mountOver(html, app);
    expect(warnings.some((m) => m.includes('Hydration text content mismatch'))).toBe(true);
    await sleep(200);
  });
});
