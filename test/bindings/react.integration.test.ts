// @vitest-environment happy-dom
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import { createElement, StrictMode, useMemo, useRef, useState, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IvsStoreError, type IvsStore, type ParticipantChange } from '../../src/index.js';
import {
  IvsStoreProvider,
  useChannel,
  useChannels,
  useEntry,
  useIvsStore,
  useLiveStreams,
  useMutation,
  useObservable,
  useParticipantChanges,
  useParticipants,
  useStage,
  useStreamHealth,
} from '../../src/react/index.js';
import { deferred, fakeStore, PROMPT_MS, sleep, startDefaultWorld, startWorld, type BindingWorld } from './setup.js';

const renders: Record<string, number> = {};

function ChannelName({ arn, id, interval }: { arn: string; id: string; interval?: number }) {
  const count = useRef(0);
  count.current++;
  renders[id] = count.current;
  const entry = useChannel(arn, interval ? { refetchInterval: interval } : undefined);
  return createElement('span', { 'data-testid': id }, entry.status === 'success' ? entry.data.name : entry.status);
}

function Health({ arn }: { arn: string }) {
  const h = useStreamHealth(arn);
  return createElement('span', { 'data-testid': 'health' }, h ? `${h.state}:${h.viewerCount ?? '-'}` : 'unknown');
}

function Rename({ arn, name = 'renamed' }: { arn: string; name?: string }) {
  const m = useMutation((s) => s.channels.update);
  return createElement(
    'button',
    { type: 'button', 'data-testid': 'rename', onClick: () => m.mutate({ arn, name }) },
    m.pending ? 'saving' : m.status === 'error' ? `failed:${m.error.kind}` : m.status,
  );
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
  const mount = (...children: ReturnType<typeof createElement>[]) =>
    render(createElement(StrictMode, null, createElement(IvsStoreProvider, { store: w.store }, ...children)));

  it('shows loading, then data from the simulator; an update re-renders only the affected component', async () => {
    const a = w.sim.control.ivs.createChannel({ name: 'alpha' }).arn;
    const b = w.sim.control.ivs.createChannel({ name: 'beta' }).arn;
    // No polling during the measurement: every render counted comes from the update itself.
    mount(
      createElement(ChannelName, { arn: a, id: 'a', interval: 60_000 }),
      createElement(ChannelName, { arn: b, id: 'b', interval: 60_000 }),
      createElement(Rename, { arn: a }),
    );
    expect(screen.getByTestId('a').textContent).toBe('loading');
    await waitFor(() => expect(screen.getByTestId('a').textContent).toBe('alpha'));
    await waitFor(() => expect(screen.getByTestId('b').textContent).toBe('beta'));
    const before = { a: renders.a!, b: renders.b! };
    await act(async () => screen.getByTestId('rename').click());
    await waitFor(() => expect(screen.getByTestId('a').textContent).toBe('renamed'));
    await waitFor(() => expect(screen.getByTestId('rename').textContent).toBe('success'));
    await sleep(300);
    expect(renders.b).toBe(before.b);
    expect(renders.a!).toBeGreaterThan(before.a);
    expect(renders.a! - before.a).toBeLessThanOrEqual(6); // StrictMode renders twice per update
  });

  it('a mutation the service refuses shows its IvsStoreError in state; mutate() itself does not reject', async () => {
    const arn = w.sim.control.ivs.createChannel({ name: 'ok' }).arn;
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on('unhandledRejection', onRejection);
    try {
      mount(createElement(Rename, { arn, name: 'not a valid name!' }));
      await act(async () => screen.getByTestId('rename').click());
      await waitFor(() => expect(screen.getByTestId('rename').textContent).toBe('failed:validation'));
      await sleep(50);
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
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
    const metrics = await new Promise<Record<string, unknown>>((r) =>
      w.store.metrics$.subscribe((m) => r(m.polling)).unsubscribe(),
    );
    expect(metrics.channels).toBeUndefined();
  });

  it('passes staleTime on: with 0 a re-mount reads again, by default cached data within the interval is shown as is', async () => {
    const arn = w.sim.control.ivs.createChannel({ name: 'fresh' }).arn;
    function Named({ staleTime }: { staleTime?: number }) {
      const e = useChannel(arn, { refetchInterval: 60_000, ...(staleTime !== undefined && { staleTime }) });
      return createElement('span', { 'data-testid': 'named' }, e.status === 'success' ? e.data.name : e.status);
    }
    const reads = () => w.sim.control.countRequests({ operation: 'GetChannel' });
    const first = mount(createElement(Named));
    await waitFor(() => expect(screen.getByTestId('named').textContent).toBe('fresh'));
    first.unmount();
    const before = reads();
    const again = mount(createElement(Named));
    await sleep(200);
    expect(reads()).toBe(before);
    again.unmount();
    mount(createElement(Named, { staleTime: 0 }));
    await waitFor(() => expect(reads()).toBe(before + 1));
  });

  it('a changing ARN switches the subscription', async () => {
    const a = w.sim.control.ivs.createChannel({ name: 'first' }).arn;
    const b = w.sim.control.ivs.createChannel({ name: 'second' }).arn;
    const view = mount(createElement(ChannelName, { arn: a, id: 'c' }));
    await waitFor(() => expect(screen.getByTestId('c').textContent).toBe('first'));
    view.rerender(
      createElement(
        StrictMode,
        null,
        createElement(IvsStoreProvider, { store: w.store }, createElement(ChannelName, { arn: b, id: 'c' })),
      ),
    );
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

interface HookCase {
  /** Sets up the world; returns the component under test and the text it shows once it has data. */
  arrange(w: BindingWorld): { View: () => ReactNode; expected: string; check?: () => void };
}

const show = (text: string) => createElement('span', { 'data-testid': 'out' }, text);

/** One component per hook, each showing `fetching` where it has it: a first read must also settle. */
const HOOKS: Record<string, HookCase> = {
  useChannel: {
    arrange(w) {
      const arn = w.sim.control.ivs.createChannel({ name: 'strict-one' }).arn;
      return {
        View: () => {
          const e = useChannel(arn);
          return show(e.status === 'success' ? `${e.data.name}:${e.fetching}` : e.status);
        },
        expected: 'strict-one:false',
      };
    },
  },
  useChannels: {
    arrange(w) {
      w.sim.control.ivs.createChannel({ name: 'list-a' });
      w.sim.control.ivs.createChannel({ name: 'list-b' });
      return {
        View: () => {
          const e = useChannels({ filterByName: 'list-' });
          return show(
            e.status === 'success'
              ? `${e.data
                  .map((c) => c.name)
                  .sort()
                  .join(',')}:${e.fetching}`
              : e.status,
          );
        },
        expected: 'list-a,list-b:false',
      };
    },
  },
  useStreamHealth: {
    arrange(w) {
      const arn = w.sim.control.ivs.createChannel({ name: 'h' }).arn;
      w.sim.control.ivs.goLive(arn, { viewerCount: 3 });
      return {
        View: () => {
          const h = useStreamHealth(arn);
          return show(h ? `${h.state}:${h.viewerCount}` : 'unknown');
        },
        expected: 'LIVE:3',
      };
    },
  },
  useLiveStreams: {
    arrange(w) {
      const arn = w.sim.control.ivs.createChannel({ name: 'on-air' }).arn;
      w.sim.control.ivs.createChannel({ name: 'off-air' });
      w.sim.control.ivs.goLive(arn, { viewerCount: 1 });
      return {
        View: () => {
          const e = useLiveStreams();
          return show(
            e.status === 'success' ? `${e.data.map((s) => s.viewerCount).join(',')}:${e.fetching}` : e.status,
          );
        },
        expected: '1:false',
      };
    },
  },
  useStage: {
    arrange(w) {
      const arn = w.sim.control.realtime.createStage({ name: 'strict-stage' }).arn;
      return {
        View: () => {
          const e = useStage(arn);
          return show(e.status === 'success' ? `${e.data.name}:${e.fetching}` : e.status);
        },
        expected: 'strict-stage:false',
      };
    },
  },
  useParticipants: {
    arrange(w) {
      const stage = w.sim.control.realtime.createStage({ name: 'p' }).arn;
      w.sim.control.realtime.join(stage, { userId: 'ana' });
      return {
        View: () => {
          const e = useParticipants(stage);
          return show(e.status === 'success' ? `${e.data.map((p) => p.userId).join(',')}:${e.fetching}` : e.status);
        },
        expected: 'ana:false',
      };
    },
  },
  useParticipantChanges: {
    arrange(w) {
      const stage = w.sim.control.realtime.createStage({ name: 'c' }).arn;
      w.sim.control.realtime.join(stage, { userId: 'bo' });
      const seen: string[] = [];
      return {
        View: () => {
          const [text, setText] = useState('none');
          // initial: true reports who is already on stage, so the first read shows.
          useParticipantChanges(
            stage,
            (c: ParticipantChange) => {
              seen.push(c.type);
              setText(`${c.type}:${c.participant.userId}`);
            },
            { initial: true },
          );
          return show(text);
        },
        expected: 'joined:bo',
        check: () => expect(seen).toEqual(['joined']), // one subscription left, not two
      };
    },
  },
  useEntry: {
    arrange(w) {
      w.sim.control.realtime.createStage({ name: 'st-1' });
      return {
        View: () => {
          const store = useIvsStore();
          const e = useEntry(useMemo(() => store.stages.list$(), [store]));
          return show(e.status === 'success' ? `${e.data.map((s) => s.name).join(',')}:${e.fetching}` : e.status);
        },
        expected: 'st-1:false',
      };
    },
  },
  useObservable: {
    arrange(w) {
      w.sim.control.ivs.createChannel({ name: 'obs' });
      return {
        View: () => {
          const store = useIvsStore();
          const e = useObservable(
            useMemo(() => store.channels.list$(), [store]),
            undefined,
          );
          return show(e?.status === 'success' ? `${e.data.map((c) => c.name).join(',')}:${e.fetching}` : 'waiting');
        },
        expected: 'obs:false',
      };
    },
  },
};

/**
 * StrictMode mounts, unmounts and mounts again at once, and widgets re-mount all the time:
 * every hook's first read must survive that and arrive promptly, not one poll interval
 * later. The store polls at its default 5 s here, so a first read lost to the re-mount
 * shows as a wait of 5 s.
 */
describe('ivs-store/react: first data arrives promptly after a re-mount, with the default refetchInterval', () => {
  let w: BindingWorld;
  beforeEach(async () => {
    w = await startDefaultWorld();
  });
  afterEach(async () => {
    cleanup();
    await w.stop();
  });

  const strict = (child: ReactNode) =>
    render(createElement(StrictMode, null, createElement(IvsStoreProvider, { store: w.store }, child)));
  /** Waits for the text, failing if it takes longer than `ms` (a poll interval is 5000). */
  const promptly = (text: string, ms: number) =>
    waitFor(() => expect(screen.getByTestId('out').textContent).toBe(text), { timeout: ms, interval: 20 });

  it.each(Object.keys(HOOKS))('%s under <StrictMode>', async (name) => {
    const { View, expected, check } = HOOKS[name]!.arrange(w);
    strict(createElement(View));
    await promptly(expected, PROMPT_MS);
    await sleep(100);
    check?.();
  });

  for (const name of Object.keys(HOOKS)) {
    // Hooks whose first read goes through the Batcher (get$) lost it here until the Batcher
    // stopped aborting synchronously; lists lost it in the pipeline the same way.
    it(`${name} re-mounted (under <StrictMode>) while its first read is in flight`, async () => {
      const { View, expected, check } = HOOKS[name]!.arrange(w);
      // Answers held back, so the re-mount finds the first read still in flight.
      const slow = w.sim.control.injectFault({ latencyMs: 400 });
      const view = strict(createElement(View, { key: 1 }));
      await sleep(150);
      // A new key: React unmounts the old component and mounts the new one in one commit,
      // so the Observable is unsubscribed and subscribed again synchronously.
      view.rerender(
        createElement(
          StrictMode,
          null,
          createElement(IvsStoreProvider, { store: w.store }, createElement(View, { key: 2 })),
        ),
      );
      slow.remove();
      await promptly(expected, 2 * PROMPT_MS);
      await sleep(100);
      check?.();
    });
  }
});

describe('useMutation', () => {
  const wrap =
    (store: IvsStore, strictMode = true) =>
    ({ children }: { children?: ReactNode }) => {
      const tree = createElement(IvsStoreProvider, { store }, children);
      return strictMode ? createElement(StrictMode, null, tree) : tree;
    };
  afterEach(cleanup);

  it('mutate: idle, then pending with the variables, then success with data; callbacks from options and per call get (data, variables)', async () => {
    const d = deferred<{ name: string }>();
    const update = vi.fn((_input: { arn: string; name: string }) => d.promise);
    const order: string[] = [];
    const options = {
      onSuccess: vi.fn((data: { name: string }) => order.push(`options:success:${data.name}`)),
      onError: vi.fn(),
      onSettled: vi.fn(() => order.push('options:settled')),
    };
    const { result } = renderHook(() => useMutation((s) => s.channels.update as unknown as typeof update, options), {
      wrapper: wrap(fakeStore({ channels: { update } })),
    });
    expect(result.current).toMatchObject({
      status: 'idle',
      pending: false,
      data: undefined,
      error: undefined,
      variables: undefined,
    });
    const own = {
      onSuccess: vi.fn(() => order.push('call:success')),
      onSettled: vi.fn(() => order.push('call:settled')),
    };
    let returned: unknown = 'not called';
    act(() => {
      returned = result.current.mutateWith([{ arn: 'a', name: 'n' }], own);
    });
    expect(returned).toBeUndefined(); // void, not a promise
    expect(update).toHaveBeenCalledTimes(1);
    expect(update).toHaveBeenCalledWith({ arn: 'a', name: 'n' });
    expect(result.current).toMatchObject({ status: 'pending', pending: true, variables: [{ arn: 'a', name: 'n' }] });
    await act(async () => d.resolve({ name: 'n' }));
    expect(result.current).toMatchObject({
      status: 'success',
      pending: false,
      data: { name: 'n' },
      error: undefined,
      variables: [{ arn: 'a', name: 'n' }],
    });
    expect(options.onSuccess).toHaveBeenCalledWith({ name: 'n' }, [{ arn: 'a', name: 'n' }]);
    expect(options.onSettled).toHaveBeenCalledWith({ name: 'n' }, undefined, [{ arn: 'a', name: 'n' }]);
    expect(own.onSuccess).toHaveBeenCalledWith({ name: 'n' }, [{ arn: 'a', name: 'n' }]);
    expect(options.onError).not.toHaveBeenCalled();
    expect(order).toEqual(['options:success:n', 'options:settled', 'call:success', 'call:settled']);
  });

  it('an error that is not an IvsStoreError is wrapped (kind unknown, with its cause); mutateAsync rejects with it, mutate does not', async () => {
    const cause = new TypeError('boom');
    const del = vi.fn((_arn: string) => Promise.reject(cause));
    const onError = vi.fn();
    const onSettled = vi.fn();
    const { result } = renderHook(() => useMutation((s) => s.channels.delete, { onError, onSettled }), {
      wrapper: wrap(fakeStore({ channels: { delete: del } })),
    });
    let rejected: unknown;
    await act(async () => {
      await result.current.mutateAsync('arn:x').catch((e: unknown) => (rejected = e));
    });
    expect(rejected).toBeInstanceOf(IvsStoreError);
    expect(rejected).toMatchObject({ kind: 'unknown', message: 'boom', cause });
    expect(result.current.status).toBe('error');
    expect(result.current.error).toBe(rejected);
    expect(result.current.variables).toEqual(['arn:x']);
    expect(onError).toHaveBeenCalledWith(rejected, ['arn:x']);
    expect(onSettled).toHaveBeenCalledWith(undefined, rejected, ['arn:x']);

    // A mutation that throws synchronously, and an IvsStoreError kept as it is.
    const own = new IvsStoreError({ kind: 'conflict', message: 'live' });
    del.mockImplementation(() => {
      throw own;
    });
    await act(async () => {
      expect(result.current.mutate('arn:y')).toBeUndefined();
      await sleep(0);
    });
    expect(result.current.error).toBe(own);
    expect(result.current.variables).toEqual(['arn:y']);
    expect(onError).toHaveBeenCalledTimes(2);
  });

  it('only the latest call lands in state: a slower earlier call does not overwrite it; per-call callbacks only for the latest', async () => {
    const slow = deferred<string>();
    const fast = deferred<string>();
    const update = vi.fn().mockReturnValueOnce(slow.promise).mockReturnValueOnce(fast.promise);
    const onSuccess = vi.fn();
    const { result } = renderHook(
      () => useMutation((s) => s.channels.update as unknown as (n: number) => Promise<string>, { onSuccess }),
      { wrapper: wrap(fakeStore({ channels: { update } })) },
    );
    const first = vi.fn();
    const second = vi.fn();
    act(() => {
      result.current.mutateWith([1], { onSuccess: first });
      result.current.mutateWith([2], { onSuccess: second });
    });
    await act(async () => fast.resolve('two'));
    expect(result.current).toMatchObject({ status: 'success', data: 'two', variables: [2] });
    await act(async () => slow.resolve('one'));
    expect(result.current).toMatchObject({ status: 'success', data: 'two', variables: [2] });
    expect(second).toHaveBeenCalledWith('two', [2]);
    expect(first).not.toHaveBeenCalled();
    // The options' callbacks hear of every call (as TanStack's do).
    expect(onSuccess.mock.calls).toEqual([
      ['two', [2]],
      ['one', [1]],
    ]);
  });

  it('reset() returns to idle and a call still in flight no longer lands', async () => {
    const d = deferred<string>();
    const { result } = renderHook(() => useMutation((s) => s.channels.delete as unknown as () => Promise<string>), {
      wrapper: wrap(fakeStore({ channels: { delete: () => d.promise } })),
    });
    act(() => result.current.mutate());
    expect(result.current.status).toBe('pending');
    act(() => result.current.reset());
    expect(result.current).toMatchObject({ status: 'idle', pending: false, variables: undefined });
    await act(async () => d.resolve('late'));
    expect(result.current).toMatchObject({ status: 'idle', data: undefined });
  });

  it('after unmount: no state update, no per-call callbacks; the options callbacks still run', async () => {
    const d = deferred<string>();
    const onSuccess = vi.fn();
    const own = vi.fn();
    let renders = 0;
    const { result, unmount } = renderHook(
      () => {
        renders++;
        return useMutation((s) => s.channels.delete as unknown as () => Promise<string>, { onSuccess });
      },
      { wrapper: wrap(fakeStore({ channels: { delete: () => d.promise } }), false) },
    );
    act(() => result.current.mutateWith([], { onSuccess: own }));
    const before = renders;
    unmount();
    const spy = vi.spyOn(console, 'error');
    await act(async () => d.resolve('done'));
    expect(renders).toBe(before);
    expect(result.current.status).toBe('pending');
    expect(own).not.toHaveBeenCalled();
    expect(onSuccess).toHaveBeenCalledWith('done', []);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it('the returned functions keep their identity across renders, under StrictMode; the latest pick is used', async () => {
    const a = vi.fn(async () => 'a');
    const b = vi.fn(async () => 'b');
    const { result, rerender } = renderHook(
      ({ which }: { which: 'a' | 'b' }) => useMutation(() => (which === 'a' ? a : b)),
      { wrapper: wrap(fakeStore({})), initialProps: { which: 'a' } },
    );
    const first = result.current;
    await act(async () => result.current.mutate());
    rerender({ which: 'b' });
    expect(result.current.data).toBe('a');
    expect(result.current.mutate).toBe(first.mutate);
    expect(result.current.mutateAsync).toBe(first.mutateAsync);
    expect(result.current.mutateWith).toBe(first.mutateWith);
    expect(result.current.reset).toBe(first.reset);
    await act(async () => {
      expect(await result.current.mutateAsync()).toBe('b');
    });
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
  });
});

describe('ivs-store/react: two copies of the module (ESM and CJS in one app)', () => {
  afterEach(cleanup);

  it('share one context: a provider from one copy serves the hooks of the other', async () => {
    vi.resetModules();
    const copy = await import('../../src/react/index.js');
    expect(copy.useIvsStore).not.toBe(useIvsStore); // really a second instance of the module
    const d = deferred<string>();
    const store = fakeStore({ channels: { delete: () => d.promise } });
    let seen: IvsStore | undefined;
    let mutation: ReturnType<typeof copy.useMutation<[], string>> | undefined;
    render(
      createElement(
        StrictMode,
        null,
        createElement(
          IvsStoreProvider,
          { store },
          createElement(function C() {
            seen = copy.useIvsStore();
            mutation = copy.useMutation((s) => s.channels.delete as unknown as () => Promise<string>);
            return show(mutation.status);
          }),
        ),
      ),
    );
    expect(seen).toBe(store);
    act(() => mutation!.mutate());
    await act(async () => d.resolve('ok'));
    expect(screen.getByTestId('out').textContent).toBe('success');
  });
});
