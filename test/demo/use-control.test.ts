// @vitest-environment happy-dom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ERROR_MS, SETTLE_MS, useControl, type ControlOptions } from '../../demo/app/react/use-control.js';

const ARN = 'arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf012345';
const names = new Map([[ARN, 'channel-07']]);

/** The demo server's answer to every move, for the test to set. */
let answer: { status: number; body: Record<string, unknown> };

/**
 * A card's buttons: a failure is short, stands only while the card shows what it was
 * about, and goes by itself; after a move the server took, the buttons wait for the card
 * to show it, so a second "Go live" cannot be sent.
 */
describe('useControl', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify(answer.body), { status: answer.status })),
    );
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  const mount = (shown: string) =>
    renderHook((props: ControlOptions) => useControl(props), { initialProps: { shown, names } });
  const press = (hook: ReturnType<typeof mount>, action = 'go-live') =>
    act(() => hook.result.current.run(action, { channelArn: ARN }));

  it('shows a failure without the ARN, and drops it once the card shows something else', async () => {
    answer = { status: 400, body: { error: `Channel ${ARN} is already live` } };
    const hook = mount('OFFLINE/OFFLINE');
    await press(hook);
    expect(hook.result.current.error).toBe('Channel channel-07 is already live');
    expect(hook.result.current.busy).toBe(false);
    hook.rerender({ shown: 'LIVE/HEALTHY', names });
    expect(hook.result.current.error).toBeUndefined();
    // Back where it was: the old failure does not come back with it.
    hook.rerender({ shown: 'OFFLINE/OFFLINE', names });
    expect(hook.result.current.error).toBeUndefined();
  });

  it('forgets a failure that comes back after the card moved on', async () => {
    let reply!: (r: Response) => void;
    vi.stubGlobal(
      'fetch',
      vi.fn(() => new Promise<Response>((resolve) => (reply = resolve))),
    );
    const hook = mount('OFFLINE/OFFLINE');
    let done!: Promise<unknown>;
    act(() => {
      done = hook.result.current.run('go-live', { channelArn: ARN });
    });
    hook.rerender({ shown: 'LIVE/HEALTHY', names });
    await act(async () => {
      reply(new Response(JSON.stringify({ error: `Channel ${ARN} is already live` }), { status: 400 }));
      await done;
    });
    hook.rerender({ shown: 'OFFLINE/OFFLINE', names });
    expect(hook.result.current.error).toBeUndefined();
  });

  it('drops a failure after a few seconds when nothing changes', async () => {
    answer = { status: 400, body: { error: `Channel ${ARN} is not live` } };
    const hook = mount('LIVE/HEALTHY');
    await press(hook, 'go-offline');
    expect(hook.result.current.error).toBe('Channel channel-07 is not live');
    act(() => vi.advanceTimersByTime(ERROR_MS - 1));
    expect(hook.result.current.error).toBeDefined();
    act(() => vi.advanceTimersByTime(1));
    expect(hook.result.current.error).toBeUndefined();
  });

  it('after a move the server took, stays busy until the card shows a change, or SETTLE_MS', async () => {
    answer = { status: 200, body: {} };
    const hook = mount('OFFLINE/OFFLINE');
    await press(hook);
    expect(hook.result.current).toMatchObject({ busy: true, waiting: 'go-live', error: undefined });
    hook.rerender({ shown: 'LIVE/HEALTHY', names });
    expect(hook.result.current).toMatchObject({ busy: false, waiting: undefined });

    await press(hook, 'starve');
    expect(hook.result.current.waiting).toBe('starve');
    act(() => vi.advanceTimersByTime(SETTLE_MS));
    expect(hook.result.current).toMatchObject({ busy: false, waiting: undefined });
  });

  it('without a target to watch (the world buttons), nothing waits', async () => {
    answer = { status: 200, body: { on: false } };
    const hook = renderHook(() => useControl());
    let result: unknown;
    await act(async () => {
      result = await hook.result.current.run('motion', { on: false });
    });
    expect(result).toEqual({ on: false });
    expect(hook.result.current.busy).toBe(false);
  });
});
