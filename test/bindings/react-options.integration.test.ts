// @vitest-environment happy-dom
import { act, cleanup, configure, render, screen, waitFor } from '@testing-library/react';
import { createElement, StrictMode, useMemo, useState, type ReactNode } from 'react';
import { map } from 'rxjs';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { Entry } from '../../src/index.js';
import {
  IvsStoreProvider,
  skipToken,
  type SkipToken,
  useChannel,
  useChannels,
  useIvsStore,
  useLiveStreams,
  useObservable,
  useParticipantChanges,
  useParticipants,
  useStage,
  useStreamHealth,
} from '../../src/react/index.js';
import { sleep, startWorld, type BindingWorld } from './setup.js';

// A loaded machine (tests run beside others): waitFor gives up after 5 s, not 1 s.
configure({ asyncUtilTimeout: 5000 });
const show = (text: string, id = 'out') => createElement('span', { 'data-testid': id }, text);
const text = (id = 'out') => screen.getByTestId(id).textContent;
const entryText = (e: Entry<unknown>) => `${e.status}:${e.fetching}`;

type Id = string | SkipToken;
interface Case {
  /** Sets up the world; the id to read, and the text once read. */
  arrange(w: BindingWorld): { id: string; loaded: RegExp };
  /** The hook under test, as text: `loading:false` while disabled. */
  useHook(id: Id, enabled: boolean): string;
}

/** Each query hook, given skipToken or `enabled: false`, then its id. */
const CASES: Record<string, Case> = {
  useChannel: {
    arrange: (w) => ({ id: w.sim.control.ivs.createChannel({ name: 'c' }).arn, loaded: /^success:/ }),
    useHook: (id, enabled) => entryText(useChannel(id, { enabled })),
  },
  useChannels: {
    arrange(w) {
      w.sim.control.ivs.createChannel({ name: 'lc' });
      return { id: 'lc', loaded: /^success:/ };
    },
    useHook: (id, enabled) => entryText(useChannels(id === skipToken ? id : { filterByName: id }, { enabled })),
  },
  useStreamHealth: {
    arrange(w) {
      const arn = w.sim.control.ivs.createChannel({ name: 'h' }).arn;
      w.sim.control.ivs.goLive(arn, { viewerCount: 2 });
      return { id: arn, loaded: /^LIVE$/ };
    },
    useHook: (id, enabled) => useStreamHealth(id, { enabled })?.state ?? 'loading:false',
  },
  useLiveStreams: {
    arrange(w) {
      const arn = w.sim.control.ivs.createChannel({ name: 'ls' }).arn;
      w.sim.control.ivs.goLive(arn, { viewerCount: 2 });
      return { id: 'HEALTHY', loaded: /^success:/ };
    },
    useHook: (id, enabled) => entryText(useLiveStreams(id === skipToken ? id : (id as 'HEALTHY'), { enabled })),
  },
  useStage: {
    arrange: (w) => ({ id: w.sim.control.realtime.createStage({ name: 's' }).arn, loaded: /^success:/ }),
    useHook: (id, enabled) => entryText(useStage(id, { enabled })),
  },
  useParticipants: {
    arrange(w) {
      const stage = w.sim.control.realtime.createStage({ name: 'p' }).arn;
      w.sim.control.realtime.join(stage, { userId: 'ana' });
      return { id: stage, loaded: /^success:/ };
    },
    useHook: (id, enabled) => entryText(useParticipants(id, { enabled })),
  },
  useParticipantChanges: {
    arrange(w) {
      const stage = w.sim.control.realtime.createStage({ name: 'pc' }).arn;
      w.sim.control.realtime.join(stage, { userId: 'bo' });
      return { id: stage, loaded: /^joined$/ };
    },
    useHook(id, enabled) {
      const [seen, setSeen] = useState('loading:false');
      useParticipantChanges(id, (c) => setSeen(c.type), { enabled, initial: true });
      return seen;
    },
  },
};

describe('ivs-store/react: skipToken and enabled', () => {
  let w: BindingWorld;
  beforeEach(async () => {
    w = await startWorld();
  });
  afterEach(async () => {
    cleanup();
    await w.stop();
  });

  it.each(Object.keys(CASES))('%s: nothing subscribed or read while disabled; enabling reads', async (name) => {
    const c = CASES[name]!;
    const { id, loaded } = c.arrange(w);
    function Probe(props: { id: Id; enabled: boolean }) {
      return show(c.useHook(props.id, props.enabled));
    }
    const tree = (props: { id: Id; enabled: boolean }) =>
      createElement(StrictMode, null, createElement(IvsStoreProvider, { store: w.store }, createElement(Probe, props)));
    w.sim.control.clearRequests();
    const view = render(tree({ id: skipToken, enabled: true }));
    expect(text()).toBe('loading:false');
    view.rerender(tree({ id, enabled: false }));
    await sleep(300); // the world polls every 100 ms: a subscription would have read by now
    expect(text()).toBe('loading:false');
    expect(w.sim.control.requests()).toEqual([]);
    const metrics = await new Promise<Record<string, unknown>>((r) =>
      w.store.metrics$.subscribe((m) => r(m.polling)).unsubscribe(),
    );
    expect(Object.keys(metrics)).toEqual([]);
    view.rerender(tree({ id, enabled: true }));
    await waitFor(() => expect(text()).toMatch(loaded));
    expect(w.sim.control.requests().length).toBeGreaterThan(0);
  });
});

describe('ivs-store/react: select', () => {
  let w: BindingWorld;
  beforeEach(async () => {
    w = await startWorld();
  });
  afterEach(async () => {
    cleanup();
    vi.restoreAllMocks();
    await w.stop();
  });
  const mount = (child: ReactNode) =>
    render(createElement(StrictMode, null, createElement(IvsStoreProvider, { store: w.store }, child)));

  it('inline: runs only when the data changes; an equal result costs no render', async () => {
    const arn = w.sim.control.ivs.createChannel({ name: 'sel', latencyMode: 'LOW' }).arn;
    let renders = 0;
    let selects = 0;
    function Name() {
      renders++;
      const e = useChannel(arn, {
        refetchInterval: 60_000,
        select: (c) => {
          selects++;
          return c.name;
        },
      });
      expectTypeOf(e).toEqualTypeOf<Entry<string | undefined>>();
      return show(e.status === 'success' ? `${e.data}` : e.status);
    }
    mount(createElement(Name));
    await waitFor(() => expect(text()).toBe('sel'));
    await sleep(100);
    const before = { renders, selects };
    // The channel changes, its name does not: select runs once (StrictMode: twice), no render.
    await act(async () => {
      await w.store.channels.update({ arn, latencyMode: 'NORMAL' });
    });
    await waitFor(() => expect(selects).toBeGreaterThan(before.selects));
    await sleep(100);
    expect(selects - before.selects).toBeLessThanOrEqual(2);
    expect(renders).toBe(before.renders);
    await act(async () => {
      await w.store.channels.update({ arn, name: 'renamed' });
    });
    await waitFor(() => expect(text()).toBe('renamed'));
  });

  it('a new array each time that is equal (shallow compare) keeps its identity: no render', async () => {
    const arn = w.sim.control.ivs.createChannel({ name: 'l1', latencyMode: 'LOW' }).arn;
    w.sim.control.ivs.createChannel({ name: 'l2' });
    let renders = 0;
    const seen: unknown[] = [];
    function Names() {
      renders++;
      const e = useChannels(undefined, { refetchInterval: 60_000, select: (l) => l.map((c) => c.name).sort() });
      if (e.data) seen.push(e.data);
      return show(e.data?.join(',') ?? e.status);
    }
    mount(createElement(Names));
    await waitFor(() => expect(text()).toBe('l1,l2'));
    await sleep(100);
    const before = renders;
    const shown = seen.at(-1);
    await act(async () => {
      await w.store.channels.update({ arn, latencyMode: 'NORMAL' });
    });
    await sleep(200);
    expect(renders).toBe(before);
    expect(seen.at(-1)).toBe(shown);
  });
});

describe('ivs-store/react: useObservable and a piped Observable', () => {
  let w: BindingWorld;
  beforeEach(async () => {
    w = await startWorld();
  });
  afterEach(async () => {
    cleanup();
    vi.restoreAllMocks();
    await w.stop();
  });
  const mount = (child: ReactNode) =>
    render(createElement(StrictMode, null, createElement(IvsStoreProvider, { store: w.store }, child)));

  it('a factory with deps, written inline: subscribes once and shows the values', async () => {
    const arn = w.sim.control.ivs.createChannel({ name: 'piped' }).arn;
    let renders = 0;
    function Piped({ suffix }: { suffix: string }) {
      renders++;
      const store = useIvsStore();
      const name = useObservable(
        () => store.channels.get$(arn, { refetchInterval: 60_000 }).pipe(map((e) => e.data?.name)),
        [store],
        'none',
      );
      return show(`${name}${suffix}`);
    }
    const view = mount(createElement(Piped, { suffix: '' }));
    await waitFor(() => expect(text()).toBe('piped'));
    await sleep(100);
    const settled = renders;
    // Re-renders for another reason keep the subscription (no new read, no flash of 'none').
    const calls = w.sim.control.requests().length;
    view.rerender(
      createElement(
        StrictMode,
        null,
        createElement(IvsStoreProvider, { store: w.store }, createElement(Piped, { suffix: '!' })),
      ),
    );
    expect(text()).toBe('piped!');
    await sleep(200);
    expect(w.sim.control.requests().length).toBe(calls);
    expect(renders - settled).toBeLessThanOrEqual(2);
    await act(async () => {
      await w.store.channels.update({ arn, name: 'again' });
    });
    await waitFor(() => expect(text()).toBe('again!'));
  });

  it('a new Observable at every render is reported in development', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const arn = w.sim.control.ivs.createChannel({ name: 'churn' }).arn;
    let renders = 0;
    function Churn() {
      renders++;
      const store = useIvsStore();
      // The trap: a new Observable at each render.
      const name = useObservable(store.channels.get$(arn).pipe(map((e) => e.data?.name)), 'none');
      return show(`${name}`);
    }
    mount(createElement(Churn));
    await waitFor(() => expect(warn).toHaveBeenCalledTimes(1));
    expect(String(warn.mock.calls[0]?.[0])).toContain('useObservable(() => obs$, [deps], initial)');
    expect(renders).toBeGreaterThanOrEqual(3);
  });

  it('a stable Observable (old signature) and a changing id are not reported', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const a = w.sim.control.ivs.createChannel({ name: 'one' }).arn;
    const b = w.sim.control.ivs.createChannel({ name: 'two' }).arn;
    function Stable({ arn }: { arn: string }) {
      const store = useIvsStore();
      const e = useObservable(
        useMemo(() => store.channels.get$(arn), [store, arn]),
        undefined,
      );
      return show(e?.status === 'success' ? (e.data.name ?? '') : 'none');
    }
    const tree = (arn: string) =>
      createElement(
        StrictMode,
        null,
        createElement(IvsStoreProvider, { store: w.store }, createElement(Stable, { arn })),
      );
    const view = render(tree(a));
    await waitFor(() => expect(text()).toBe('one'));
    view.rerender(tree(b));
    await waitFor(() => expect(text()).toBe('two'));
    view.rerender(tree(a));
    await waitFor(() => expect(text()).toBe('one'));
    expect(warn).not.toHaveBeenCalled();
  });
});
