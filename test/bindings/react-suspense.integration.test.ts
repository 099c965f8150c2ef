// @vitest-environment happy-dom
import { act, cleanup, configure, render, screen, waitFor } from '@testing-library/react';
import {
  Component,
  createElement,
  StrictMode,
  startTransition,
  Suspense,
  useEffect,
  useState,
  type ReactNode,
} from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { IvsStoreError } from '../../src/index.js';
import {
  IvsStoreProvider,
  useChannel,
  useChannels,
  useSuspenseChannel,
  useSuspenseChannels,
  useSuspenseParticipants,
  useSuspenseStage,
  type SuspenseEntry,
} from '../../src/react/index.js';
import { sleep, startWorld, type BindingWorld } from './setup.js';

// A loaded machine (tests run beside others): waitFor gives up after 5 s, not 1 s.
configure({ asyncUtilTimeout: 5000 });
const show = (text: string, id = 'out') => createElement('span', { 'data-testid': id }, text);
const text = (id = 'out') => screen.queryByTestId(id)?.textContent;

/** An error boundary that shows what it caught: `boundary:<kind>` for an IvsStoreError. */
class Boundary extends Component<{ children?: ReactNode }, { error: unknown }> {
  override state = { error: undefined as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    const e = this.state.error;
    if (e === undefined) return this.props.children;
    return show(e instanceof IvsStoreError ? `boundary:${e.kind}` : `boundary:other:${String(e)}`);
  }
}

describe('ivs-store/react: Suspense', () => {
  let w: BindingWorld;
  /** Fallbacks put on screen (commits, not renders: StrictMode mounts twice). */
  let fallbacks = 0;
  const Fallback = () => {
    useEffect(() => {
      fallbacks++;
    }, []);
    return show('fallback');
  };
  const reads = () =>
    w.sim.control.countRequests({ operation: 'GetChannel' }) +
    w.sim.control.countRequests({ operation: 'BatchGetChannel' });
  beforeEach(async () => {
    w = await startWorld();
    fallbacks = 0;
  });
  afterEach(async () => {
    cleanup();
    vi.restoreAllMocks();
    await w.stop();
  });
  const mount = (child: ReactNode) =>
    render(
      createElement(
        StrictMode,
        null,
        createElement(
          IvsStoreProvider,
          { store: w.store },
          createElement(Boundary, null, createElement(Suspense, { fallback: createElement(Fallback) }, child)),
        ),
      ),
    );

  // No polling (the world polls every 100 ms): every read counted is the component's own.
  function Name({ arn }: { arn: string }) {
    const e = useSuspenseChannel(arn, { refetchInterval: 60_000 });
    // Narrowed: data is the channel, no check needed.
    return show(`${e.status}:${e.data.name}`);
  }

  it('shows the fallback, then the data; one read for the suspended and the mounted component together', async () => {
    const arn = w.sim.control.ivs.createChannel({ name: 'susp' }).arn;
    mount(createElement(Name, { arn }));
    expect(text()).toBe('fallback');
    await waitFor(() => expect(text()).toBe('success:susp'));
    await sleep(50);
    expect(reads()).toBe(1);
  });

  it('cached data renders at once: no fallback, no read (the first render peeks at the cache)', async () => {
    const arn = w.sim.control.ivs.createChannel({ name: 'cached' }).arn;
    await new Promise<void>((done) => {
      const sub = w.store.channels.get$(arn, { refetchInterval: 60_000 }).subscribe((e) => {
        if (e.status === 'success') {
          done();
          queueMicrotask(() => sub.unsubscribe());
        }
      });
    });
    const before = reads();
    const firstTexts: string[] = [];
    function Plain() {
      const e = useChannel(arn, { refetchInterval: 60_000 });
      const t = e.status === 'success' ? (e.data.name ?? '') : e.status;
      firstTexts.push(t);
      return show(t, 'plain');
    }
    mount(createElement('div', null, createElement(Name, { arn }), createElement(Plain)));
    expect(text()).toBe('success:cached');
    expect(fallbacks).toBe(0);
    expect(firstTexts[0]).toBe('cached'); // useChannel too: data in its very first render, never `loading`
    await sleep(100);
    expect(reads()).toBe(before);
  });

  it('on the server (renderToString): cached data, not loading, for plain and suspending hooks alike', async () => {
    const arn = w.sim.control.ivs.createChannel({ name: 'ssr' }).arn;
    w.sim.control.ivs.createChannel({ name: 'ssr-2' });
    let listed = false;
    const sub = w.store.channels
      .list$(undefined, { refetchInterval: 60_000 })
      .subscribe((e) => (listed ||= e.status === 'success'));
    await waitFor(() => expect(listed).toBe(true));
    await new Promise<void>((done) => {
      const s = w.store.channels.get$(arn, { refetchInterval: 60_000 }).subscribe((e) => {
        if (e.status === 'success') {
          done();
          queueMicrotask(() => s.unsubscribe());
        }
      });
    });
    await sleep(50);
    sub.unsubscribe();
    function Page() {
      const c = useChannel(arn, { refetchInterval: 60_000 });
      const list = useChannels(undefined, { refetchInterval: 60_000, select: (l) => l.map((x) => x.name).sort() });
      return show(`${c.status === 'success' ? c.data.name : c.status}|${list.data?.join(',') ?? list.status}`);
    }
    const html = renderToString(
      createElement(IvsStoreProvider, { store: w.store }, createElement(Page), createElement(Name, { arn })),
    );
    expect(html).toContain('ssr|ssr,ssr-2');
    expect(html).toContain('success:ssr');
  });

  it('a failed first read goes to the error boundary as an IvsStoreError of its kind', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const arn = w.sim.control.ivs.createChannel({ name: 'denied' }).arn;
    w.sim.control.injectFault({
      operations: ['GetChannel', 'BatchGetChannel'],
      errorRate: 1,
      error: 'AccessDeniedException',
    });
    mount(createElement(Name, { arn }));
    expect(text()).toBe('fallback');
    await waitFor(() => expect(text()).toBe('boundary:access'));
  });

  it('a resource that does not exist goes to the error boundary as kind not-found', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const arn = w.sim.control.ivs.createChannel({ name: 'real' }).arn;
    const missing = arn.replace(/.{4}$/, 'ZZZZ');
    mount(createElement(Name, { arn: missing }));
    await waitFor(() => expect(text()).toBe('boundary:not-found'));
  });

  it('an error after data shows as `error` with the last good data, without suspending again', async () => {
    const arn = w.sim.control.ivs.createChannel({ name: 'kept' }).arn;
    mount(createElement(Name, { arn }));
    await waitFor(() => expect(text()).toBe('success:kept'));
    const shown = fallbacks;
    w.sim.control.injectFault({
      operations: ['GetChannel', 'BatchGetChannel'],
      errorRate: 1,
      error: 'AccessDeniedException',
    });
    await act(async () => {
      await w.store.channels.refresh();
    });
    await waitFor(() => expect(text()).toBe('error:kept'));
    expect(fallbacks).toBe(shown);
  });

  it('switching the ARN inside startTransition keeps the old data on screen: no fallback flash', async () => {
    const a = w.sim.control.ivs.createChannel({ name: 'first' }).arn;
    const b = w.sim.control.ivs.createChannel({ name: 'second' }).arn;
    let go: (arn: string) => void = () => undefined;
    function Switcher() {
      const [arn, setArn] = useState(a);
      go = (next) => startTransition(() => setArn(next));
      return createElement(Name, { arn });
    }
    mount(createElement(Switcher));
    await waitFor(() => expect(text()).toBe('success:first'));
    const shown = fallbacks;
    const slow = w.sim.control.injectFault({ latencyMs: 300 });
    act(() => go(b));
    await sleep(100);
    expect(text()).toBe('success:first'); // still the old one while the new one loads
    await waitFor(() => expect(text()).toBe('success:second'));
    slow.remove();
    expect(fallbacks).toBe(shown);
  });

  it('lists, stages and participants suspend too; select narrows and derives', async () => {
    w.sim.control.ivs.createChannel({ name: 'l-1' });
    w.sim.control.ivs.createChannel({ name: 'l-2' });
    const stage = w.sim.control.realtime.createStage({ name: 'st' }).arn;
    w.sim.control.realtime.join(stage, { userId: 'ana' });
    function All() {
      const names = useSuspenseChannels({ filterByName: 'l-' }, { select: (l) => l.map((c) => c.name).sort() });
      expectTypeOf(names).toEqualTypeOf<SuspenseEntry<(string | undefined)[]>>();
      const s = useSuspenseStage(stage, { select: (x) => x.name });
      const p = useSuspenseParticipants(stage);
      return show(`${names.data.join(',')}|${s.data}|${p.data.map((x) => x.userId).join(',')}`);
    }
    mount(createElement(All));
    expect(text()).toBe('fallback');
    // Three suspensions one after the other (a waterfall): room for a loaded machine.
    await waitFor(() => expect(text()).toBe('l-1,l-2|st|ana'), { timeout: 5000 });
  });
});
