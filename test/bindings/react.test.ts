// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { createElement, StrictMode, useRef } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IvsStoreProvider, useChannel, useMutation, useParticipants, useStreamHealth } from '../../src/react/index.js';
import { sleep, startWorld, type BindingWorld } from './setup.js';

const renders: Record<string, number> = {};

function ChannelName({ arn, id, interval }: { arn: string; id: string; interval?: number }) {
  const count = useRef(0);
  count.current++;
  renders[id] = count.current;
  const entry = useChannel(arn, interval ? { refetchInterval: interval } : undefined);
  return createElement('span', { 'data-testid': id }, entry.status === 'success' ? entry.data?.name : entry.status);
}

function Health({ arn }: { arn: string }) {
  const h = useStreamHealth(arn);
  return createElement('span', { 'data-testid': 'health' }, h ? `${h.state}:${h.viewerCount ?? '-'}` : 'unknown');
}

function Rename({ arn }: { arn: string }) {
  const m = useMutation((s) => s.channels.update);
  return createElement('button', { 'data-testid': 'rename', onClick: () => void m.mutate({ arn, name: 'renamed' }).catch(() => undefined) }, m.pending ? 'saving' : m.error ? 'failed' : 'rename');
}

function OnStage({ stageArn }: { stageArn: string }) {
  const e = useParticipants(stageArn);
  return createElement('span', { 'data-testid': 'stage' }, (e.data ?? []).map((p) => p.userId).join(','));
}

describe('ivs-store/react', () => {
  let w: BindingWorld;
  beforeEach(async () => {
    w = await startWorld();
  });
  afterEach(async () => {
    cleanup();
    await w.stop();
  });
  const mount = (...children: ReturnType<typeof createElement>[]) => render(createElement(StrictMode, null, createElement(IvsStoreProvider, { store: w.store }, ...children)));

  it('shows loading, then data from the simulator; an update re-renders only the affected component', async () => {
    const a = w.sim.control.ivs.createChannel({ name: 'alpha' }).arn;
    const b = w.sim.control.ivs.createChannel({ name: 'beta' }).arn;
    // No polling during the measurement: every render counted comes from the update itself.
    mount(createElement(ChannelName, { arn: a, id: 'a', interval: 60_000 }), createElement(ChannelName, { arn: b, id: 'b', interval: 60_000 }), createElement(Rename, { arn: a }));
    expect(screen.getByTestId('a').textContent).toBe('loading');
    await waitFor(() => expect(screen.getByTestId('a').textContent).toBe('alpha'));
    await waitFor(() => expect(screen.getByTestId('b').textContent).toBe('beta'));
    const before = { a: renders.a!, b: renders.b! };
    await act(async () => screen.getByTestId('rename').click());
    await waitFor(() => expect(screen.getByTestId('a').textContent).toBe('renamed'));
    await sleep(300);
    expect(renders.b).toBe(before.b);
    expect(renders.a!).toBeGreaterThan(before.a);
    expect(renders.a! - before.a).toBeLessThanOrEqual(6); // StrictMode renders twice per update
  });

  it('re-renders only for the fields a component reads: polls that find nothing new cost no render', async () => {
    const arn = w.sim.control.ivs.createChannel({ name: 'quiet' }).arn;
    mount(createElement(ChannelName, { arn, id: 'q' })); // reads status and data, not fetching
    await waitFor(() => expect(screen.getByTestId('q').textContent).toBe('quiet'));
    const settled = renders.q!;
    await sleep(1200); // several polls, each flipping fetching twice
    expect(w.sim.control.countRequests({ operation: 'GetChannel' })).toBeGreaterThanOrEqual(4);
    expect(renders.q).toBe(settled);
    await act(async () => {
      await w.store.channels.update({ arn, name: 'loud' });
    });
    await waitFor(() => expect(screen.getByTestId('q').textContent).toBe('loud'));
  });

  it('unmounting unsubscribes: polling stops and nothing leaks under StrictMode', async () => {
    const arn = w.sim.control.ivs.createChannel({ name: 'gone' }).arn;
    const view = mount(createElement(ChannelName, { arn, id: 'x' }));
    await waitFor(() => expect(screen.getByTestId('x').textContent).toBe('gone'));
    view.unmount();
    await sleep(300); // the 50 ms grace; a poll still queued for quota is aborted with it
    const calls = w.sim.control.countRequests({ operation: 'GetChannel' });
    await sleep(400);
    expect(w.sim.control.countRequests({ operation: 'GetChannel' })).toBe(calls);
    const metrics = await new Promise<Record<string, unknown>>((r) => w.store.metrics$.subscribe((m) => r(m.polling)).unsubscribe());
    expect(metrics.channels).toBeUndefined();
  });

  it('a changing ARN switches the subscription', async () => {
    const a = w.sim.control.ivs.createChannel({ name: 'first' }).arn;
    const b = w.sim.control.ivs.createChannel({ name: 'second' }).arn;
    const view = mount(createElement(ChannelName, { arn: a, id: 'c' }));
    await waitFor(() => expect(screen.getByTestId('c').textContent).toBe('first'));
    view.rerender(createElement(StrictMode, null, createElement(IvsStoreProvider, { store: w.store }, createElement(ChannelName, { arn: b, id: 'c' }))));
    await waitFor(() => expect(screen.getByTestId('c').textContent).toBe('second'));
    await sleep(300);
    w.sim.control.clearRequests();
    await sleep(1200); // GetChannel is limited to 5 a second: leave room for polls
    const polled = new Set(w.sim.control.requests({ operation: 'GetChannel' }).map((r) => r.resource));
    expect([...polled]).toEqual([b]);
  });

  it('stream health and participants hooks follow the world', async () => {
    const arn = w.sim.control.ivs.createChannel({ name: 'live' }).arn;
    const stage = w.sim.control.realtime.createStage({ name: 's' }).arn;
    mount(createElement(Health, { arn }), createElement(OnStage, { stageArn: stage }));
    await waitFor(() => expect(screen.getByTestId('health').textContent).toBe('OFFLINE:-'));
    w.sim.control.ivs.goLive(arn, { viewerCount: 4 });
    w.sim.control.realtime.join(stage, { userId: 'ana' });
    await waitFor(() => expect(screen.getByTestId('health').textContent).toBe('LIVE:4'));
    await waitFor(() => expect(screen.getByTestId('stage').textContent).toBe('ana'));
  });
});
