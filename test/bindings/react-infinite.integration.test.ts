// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { createElement, StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IvsStoreProvider, skipToken, useInfiniteChannels, useInfiniteList } from '../../src/react/index.js';
import { sleep, startWorld, type BindingWorld } from './setup.js';

const fns = new Set<unknown>();

function Pages({ pageSize, name }: { pageSize: number; name?: string }) {
  const e = useInfiniteChannels(name ? { filterByName: name } : undefined, { pageSize });
  fns.add(e.fetchNextPage);
  return createElement(
    'div',
    null,
    createElement('span', { 'data-testid': 'status' }, e.status),
    createElement('span', { 'data-testid': 'pages' }, (e.data?.pages ?? []).map((p) => p.length).join(',')),
    createElement('span', { 'data-testid': 'names' }, (e.data?.items ?? []).map((c) => c.name).join(',')),
    e.hasNextPage &&
      createElement(
        'button',
        { type: 'button', 'data-testid': 'more', onClick: () => e.fetchNextPage() },
        e.fetchingNextPage ? 'loading more' : 'more',
      ),
  );
}

function Disabled() {
  const e = useInfiniteList((s) => s.stages.pages$(), [], { enabled: false });
  const skipped = useInfiniteChannels(skipToken, { pageSize: 5 });
  return createElement('span', { 'data-testid': 'disabled' }, `${e.status}:${e.fetching}:${skipped.status}`);
}

describe('ivs-store/react: useInfiniteChannels, useInfiniteList', () => {
  let w: BindingWorld;
  beforeEach(async () => {
    w = await startWorld();
  });
  afterEach(async () => {
    cleanup();
    await w.stop();
  });
  const mount = (...children: ReturnType<typeof createElement>[]) =>
    render(createElement(StrictMode, null, createElement(IvsStoreProvider, { store: w.store }, ...children)));

  it('shows the first page, appends one per click with one call each, keeps fetchNextPage stable, and stops on unmount', async () => {
    for (let i = 0; i < 7; i++) w.sim.control.ivs.createChannel({ name: `r${i}` });
    w.sim.control.clearRequests();
    fns.clear();
    const view = mount(createElement(Pages, { pageSize: 3 }));
    await waitFor(() => expect(screen.getByTestId('pages').textContent).toBe('3'));
    const calls = () => w.sim.control.countRequests({ operation: 'ListChannels' });
    const polled = calls();
    await act(async () => screen.getByTestId('more').click());
    await waitFor(() => expect(screen.getByTestId('pages').textContent).toBe('3,3'));
    await act(async () => screen.getByTestId('more').click());
    await waitFor(() => expect(screen.getByTestId('pages').textContent).toBe('3,3,1'));
    expect(screen.queryByTestId('more')).toBeNull();
    expect(screen.getByTestId('names').textContent).toBe('r0,r1,r2,r3,r4,r5,r6');
    // The clicks cost a call each (polls re-read the loaded pages meanwhile: 100 ms interval).
    expect(calls()).toBeGreaterThanOrEqual(polled + 2);
    // One function for the list through every render (the stand-in's idle one aside, before the code loaded).
    expect([...fns].filter((f) => f !== [...fns][0]).length).toBeLessThanOrEqual(1);
    view.unmount();
    await sleep(400);
    const after = w.sim.control.countRequests();
    await sleep(400);
    expect(w.sim.control.countRequests()).toBe(after);
  });

  it('a new filter is a new list; enabled: false reads nothing', async () => {
    for (const name of ['a1', 'a2', 'b1']) w.sim.control.ivs.createChannel({ name });
    const view = mount(createElement(Pages, { pageSize: 10, name: 'a1' }), createElement(Disabled));
    await waitFor(() => expect(screen.getByTestId('names').textContent).toBe('a1'));
    view.rerender(
      createElement(
        StrictMode,
        null,
        createElement(
          IvsStoreProvider,
          { store: w.store },
          createElement(Pages, { pageSize: 10, name: 'b1' }),
          createElement(Disabled),
        ),
      ),
    );
    await waitFor(() => expect(screen.getByTestId('names').textContent).toBe('b1'));
    expect(screen.getByTestId('disabled').textContent).toBe('loading:false:loading');
    expect(w.sim.control.countRequests({ operation: 'ListStages' })).toBe(0);
  });
});
