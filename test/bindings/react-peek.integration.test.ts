// @vitest-environment happy-dom
import { cleanup, configure, render, screen, waitFor } from '@testing-library/react';
import { createElement, Suspense, useEffect, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { createIvsStore, type DehydratedState, dehydrate, hydrate, type IvsStore, prefetch } from '../../src/index.js';
import {
  IvsStoreProvider,
  useLiveStreams,
  useParticipants,
  useStreamHealth,
  useSuspenseParticipants,
} from '../../src/react/index.js';
import { realtimeResources } from '../../src/realtime/index.js';
import { browser, roleOf } from '../support/tabs.js';
import { ok, startStoreWorld, until, type StoreWorld } from '../support/world.js';

/**
 * The hooks over Observables the store pipes from a query (`streams.health$`, the active
 * session's `participants.list$`) render cached data in their very first render, and on the
 * server, as `useChannel` does: no `undefined` or `loading` first, and no read to get there.
 */

configure({ asyncUtilTimeout: 5000 });
// No polling while the tests look: what is read is the tests' own doing.
const QUIET = { refetchInterval: 60_000 };
const show = (id: string, text: string) => createElement('span', { 'data-testid': id }, text);

/** Every render's text, per component, in order (a first render showing `unknown` would be the gap). */
let texts: Record<string, string[]> = {};
const shown = (id: string, text: string) => {
  (texts[id] ??= []).push(text);
  return show(id, text);
};
/** Commits, not renders: what reached the screen. */
let commits: Record<string, string[]> = {};
function useCommitted(id: string, text: string) {
  useEffect(() => {
    (commits[id] ??= []).push(text);
  }, [id, text]);
}

function Health({ arn }: { arn: string }) {
  const h = useStreamHealth(arn, QUIET);
  const t = h ? `${h.state}:${h.health ?? '-'}:${h.viewerCount ?? '-'}` : 'unknown';
  useCommitted('health', t);
  return shown('health', t);
}

function OnStage({ stageArn }: { stageArn: string }) {
  const e = useParticipants(stageArn, QUIET);
  const t = e.status === 'success' ? `[${e.data.map((p) => p.userId).join(',')}]` : e.status;
  useCommitted('stage', t);
  return shown('stage', t);
}

function Live() {
  const e = useLiveStreams(undefined, QUIET);
  const t = e.status === 'success' ? `${e.data.length} live` : e.status;
  return shown('live', t);
}

function SuspenseStage({ stageArn }: { stageArn: string }) {
  const { data } = useSuspenseParticipants(stageArn, QUIET);
  return shown('suspense', `[${data.map((p) => p.userId).join(',')}]`);
}

const app = (store: IvsStore, children: ReactNode[]) => createElement(IvsStoreProvider, { store }, ...children);

/** Reads `obs` until settled, then lets it go: the cache holds the answer, nothing watches it. */
async function warm(obs: Parameters<typeof until>[0]): Promise<void> {
  await until(obs, (e) => ok(e as never));
}

let w: StoreWorld | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  cleanup();
  for (const c of cleanups.splice(0)) c();
  await w?.stop();
  w = undefined;
  texts = {};
  commits = {};
});

/** A live channel and a stage with someone on it, read into the store's cache and let go. */
async function cachedWorld(): Promise<{ store: IvsStore; arn: string; stageArn: string; reads: () => number }> {
  w = await startStoreWorld({ seed: 7 });
  const { control } = w.sim;
  const arn = control.ivs.createChannel({ name: 'peeked' }).arn;
  control.ivs.goLive(arn, { viewerCount: 4 });
  const stageArn = control.realtime.createStage({ name: 'peeked-stage' }).arn;
  control.realtime.join(stageArn, { userId: 'ana' });
  const { store } = w;
  await warm(store.streams.get$(arn, QUIET));
  await warm(store.streams.live$(undefined, QUIET));
  await until(store.participants.list$(stageArn, QUIET), (e) => e.status === 'success' && e.data.length === 1);
  await new Promise((r) => setTimeout(r, 100)); // the last subscriber's grace is over
  const reads = () => control.requests().length;
  return { store, arn, stageArn, reads };
}

describe('React: the first render of piped queries shows the cache', () => {
  it('useStreamHealth, useParticipants and useLiveStreams: cached data in every render from the first, no read to get it', async () => {
    const { store, arn, stageArn, reads } = await cachedWorld();
    const before = reads();
    render(
      app(store, [
        createElement(Health, { key: 'h', arn }),
        createElement(OnStage, { key: 's', stageArn }),
        createElement(Live, { key: 'l' }),
      ]),
    );
    expect(texts.health?.[0]).toBe('LIVE:HEALTHY:4');
    expect(texts.stage?.[0]).toBe('[ana]');
    expect(texts.live?.[0]).toBe('1 live');
    expect(commits.health?.[0]).toBe('LIVE:HEALTHY:4');
    expect(commits.stage?.[0]).toBe('[ana]');
    // And nothing else since: the subscription's first value is the very snapshot peeked.
    await new Promise((r) => setTimeout(r, 150));
    expect(new Set(texts.health)).toEqual(new Set(['LIVE:HEALTHY:4']));
    expect(new Set(texts.stage)).toEqual(new Set(['[ana]']));
    expect(texts.health?.length).toBe(1); // one render: the subscription brought nothing new
    expect(reads()).toBe(before); // fresh (60 s stale time): nothing read
  });

  it('useSuspenseParticipants over a cached stage: no fallback, data at once (its peek agrees with the replay)', async () => {
    const { store, stageArn } = await cachedWorld();
    render(
      app(store, [
        createElement(
          Suspense,
          { key: 'x', fallback: show('suspense', 'fallback') },
          createElement(SuspenseStage, { stageArn }),
        ),
      ]),
    );
    expect(screen.getByTestId('suspense').textContent).toBe('[ana]');
    expect(texts.suspense?.[0]).toBe('[ana]');
  });

  it('a stage without a session: an empty list in the first render, then who joins', async () => {
    w = await startStoreWorld({ seed: 7 }, { refetchInterval: 100, graceTime: 50 });
    const stageArn = w.sim.control.realtime.createStage({ name: 'empty' }).arn;
    await w.store.participants.refresh(); // its code loaded (the stand-ins before it cannot tell)
    await warm(w.store.stages.get$(stageArn, QUIET));
    await new Promise((r) => setTimeout(r, 100));
    function Fast() {
      const e = useParticipants(stageArn);
      return shown('fast', e.status === 'success' ? `[${e.data.map((p) => p.userId).join(',')}]` : e.status);
    }
    render(app(w.store, [createElement(Fast, { key: 'f' })]));
    expect(texts.fast?.[0]).toBe('[]');
    w.sim.control.realtime.join(stageArn, { userId: 'bo' });
    await waitFor(() => expect(screen.getByTestId('fast').textContent).toBe('[bo]'));
  });

  it('in a page with tabs (the wrapper of every store Observable keeps its peek): cached health at once', async () => {
    w = await startStoreWorld({ seed: 7 });
    const arn = w.sim.control.ivs.createChannel({ name: 'tabbed' }).arn;
    w.sim.control.ivs.goLive(arn, { viewerCount: 2 });
    const tabs = browser(w.sim, { refetchInterval: 60_000 });
    cleanups.push(() => tabs.closeAll());
    const tab = tabs.tab();
    await roleOf(tab.store);
    await warm(tab.store.streams.get$(arn, QUIET));
    await warm(tab.store.streams.live$(undefined, QUIET));
    render(app(tab.store, [createElement(Health, { key: 'h', arn }), createElement(Live, { key: 'l' })]));
    expect(texts.health?.[0]).toBe('LIVE:HEALTHY:2');
    expect(texts.live?.[0]).toBe('1 live'); // a query's own peek, through the tabs' wrapper
  });
});

describe('React server rendering of piped queries', () => {
  /** A store with both clients of the world, made as a request's or a page's store is. */
  function storeOf(world: StoreWorld): IvsStore {
    const store = createIvsStore({ ivs: world.ivs, realtime: realtimeResources(world.realtime), tabs: false });
    cleanups.push(() => store.dispose());
    return store;
  }

  it('renderToString after prefetch shows health and participants; after dehydrate and hydrate the page renders them too', async () => {
    w = await startStoreWorld({ seed: 7 });
    const { control } = w.sim;
    const arn = control.ivs.createChannel({ name: 'ssr-live' }).arn;
    control.ivs.goLive(arn, { viewerCount: 9 });
    const stageArn = control.realtime.createStage({ name: 'ssr-stage' }).arn;
    control.realtime.join(stageArn, { userId: 'cy' });
    const tree = (store: IvsStore) =>
      app(store, [createElement(Health, { key: 'h', arn }), createElement(OnStage, { key: 's', stageArn })]);

    // The server.
    const server = storeOf(w);
    expect(renderToString(tree(server))).toContain('unknown'); // control: nothing cached yet
    await prefetch([server.streams.get$(arn), server.participants.list$(stageArn)]);
    const html = renderToString(tree(server));
    expect(html).toContain('LIVE:HEALTHY:9');
    expect(html).toContain('[cy]');
    const state = JSON.parse(JSON.stringify(dehydrate(server))) as DehydratedState;
    server.dispose();

    // The page's store, hydrated: its own server-side render (as a framework's first render) shows the same.
    const page = storeOf(w);
    await hydrate(page, state);
    const pageHtml = renderToString(tree(page));
    expect(pageHtml).toContain('LIVE:HEALTHY:9');
    expect(pageHtml).toContain('[cy]');
  });
});
