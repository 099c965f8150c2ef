// @vitest-environment happy-dom
import { IvsClient } from '@aws-sdk/client-ivs';
import { act } from '@testing-library/react';
import { createElement } from 'react';
import { hydrateRoot, type Root } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIvsStore, type DehydratedState, dehydrate, hydrate, type IvsStore, prefetch } from '../../src/index.js';
import { IvsStoreProvider, useChannel, useChannels } from '../../src/react/index.js';
import { onSend, sleep, startStoreWorld, type StoreWorld } from '../support/world.js';
import { until } from './setup.js';

/** Whether the page's channel read is still to land (so no React update comes after the test). */
function idle(store: IvsStore, arn: string): boolean {
  let fetching = true;
  store.channels
    .get$(arn)
    .subscribe((e) => (fetching = e.fetching || e.status === 'loading'))
    .unsubscribe();
  return fetching;
}

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function Channel({ arn }: { arn: string }) {
  const e = useChannel(arn);
  return createElement('h1', null, e.status === 'success' ? e.data.name : e.status);
}

function Channels() {
  const e = useChannels();
  return createElement(
    'ul',
    null,
    e.status === 'success' ? e.data.map((c) => createElement('li', { key: c.arn }, c.name)) : e.status,
  );
}

const app = (store: IvsStore, arn: string) =>
  createElement(
    IvsStoreProvider,
    { store },
    createElement('main', null, createElement(Channel, { arn }), createElement(Channels)),
  );

let w: StoreWorld | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await w?.stop();
  w = undefined;
});

/** A store as one server request makes it: no tabs, disposed after the render. */
function serverStore(world: StoreWorld): IvsStore {
  return createIvsStore({ ivs: world.ivs, tabs: false });
}

/** The page's store over its own client, and what that client sends. */
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

/** Server-rendered HTML in a container, hydrated by React; the recoverable errors (mismatches) it reports. */
async function hydrateHtml(html: string, element: ReturnType<typeof app>) {
  const container = document.createElement('div');
  container.innerHTML = html;
  document.body.append(container);
  const errors: unknown[] = [];
  let root: Root | undefined;
  await act(async () => {
    root = hydrateRoot(container, element, {
      onRecoverableError: (e) => errors.push(e),
      onCaughtError: (e) => errors.push(e),
      onUncaughtError: (e) => errors.push(e),
    });
  });
  cleanups.push(() => {
    act(() => root?.unmount());
    container.remove();
  });
  return { container, errors };
}

describe('React server rendering with prefetch, dehydrate and hydrate', () => {
  it('renderToString shows prefetched data; hydrateRoot over it shows the same, with no mismatch; fresh entries are not read again on mount', async () => {
    w = await startStoreWorld({ seed: 3 });
    const { arn } = w.sim.control.ivs.createChannel({ name: 'main-stage' });
    w.sim.control.ivs.createChannel({ name: 'backstage' });

    // The server: one store per request, prefetch, render, dehydrate, dispose.
    const server = serverStore(w);
    await prefetch([server.channels.get$(arn), server.channels.list$()]);
    const html = renderToString(app(server, arn));
    const json = JSON.stringify(dehydrate(server));
    server.dispose();
    expect(html).toContain('<h1>main-stage</h1>');
    expect(html).toContain('<li>backstage</li>');
    expect(html).not.toContain('loading');

    // The page.
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const page = pageStore(w);
    await hydrate(page.store, JSON.parse(json) as DehydratedState);
    const { container, errors: recoverable } = await hydrateHtml(html, app(page.store, arn));
    await act(() => sleep(100));
    expect(recoverable).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
    expect(container.querySelector('h1')?.textContent).toBe('main-stage');
    expect([...container.querySelectorAll('li')].map((li) => li.textContent).sort()).toEqual([
      'backstage',
      'main-stage',
    ]);
    // The list is fresh (read on the server within the 5 s interval): not read on mount. The
    // channel is read at once: its SRT passphrase (a Secret) was left out of the state.
    await act(() => until(() => !idle(page.store, arn)));
    expect(page.calls).toEqual(['GetChannel']);
  });

  it('controls: without prefetch the server renders loading; without hydrate the page mismatches', async () => {
    w = await startStoreWorld({ seed: 3 });
    const { arn } = w.sim.control.ivs.createChannel({ name: 'main-stage' });
    const server = serverStore(w);
    expect(renderToString(app(server, arn))).toContain('<h1>loading</h1>');
    await prefetch([server.channels.get$(arn), server.channels.list$()]);
    const html = renderToString(app(server, arn));
    server.dispose();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const page = pageStore(w);
    const { errors: recoverable } = await hydrateHtml(html, app(page.store, arn));
    errors.mockRestore();
    expect(recoverable.length).toBeGreaterThan(0);
    await act(() => until(() => !idle(page.store, arn)));
  });
});
