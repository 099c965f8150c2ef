// @vitest-environment happy-dom
import { UpdateChannelCommand } from '@aws-sdk/client-ivs';
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import { createElement, StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IvsStore } from '../../src/index.js';
import { useChannel, useIvsStore } from '../../src/react/index.js';
import { createTestStore, type TestStore } from '../../src/testing/index.js';
import { IvsTestProvider, ivsTestWrapper } from '../../src/testing/react.js';

function ChannelName({ arn }: { arn: string }) {
  const e = useChannel(arn);
  return createElement('span', { 'data-testid': 'name' }, e.status === 'success' ? e.data.name : e.status);
}

describe('ivs-store/testing/react', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await createTestStore({ seed: 21 });
  });
  afterEach(async () => {
    cleanup();
    await t.stop();
  });

  it('ivsTestWrapper(store) is a wrapper for render and renderHook; pollNow shows a change at once', async () => {
    const arn = t.control.ivs.createChannel({ name: 'lobby' }).arn;
    render(createElement(ChannelName, { arn }), { wrapper: ivsTestWrapper(t.store) });
    await waitFor(() => expect(screen.getByTestId('name').textContent).toBe('lobby'));
    await t.ivs.send(new UpdateChannelCommand({ arn, name: 'renamed' }));
    await act(() => t.pollNow());
    expect(screen.getByTestId('name').textContent).toBe('renamed');
    const hook = renderHook(() => useIvsStore(), { wrapper: ivsTestWrapper(t.store) });
    expect(hook.result.current).toBe(t.store);
  });

  it('made from clients under StrictMode: one store through the double mount, disposed on unmount', async () => {
    const arn = t.control.ivs.createChannel({ name: 'strict' }).arn;
    const seen = new Set<IvsStore>();
    function Probe() {
      seen.add(useIvsStore());
      return createElement(ChannelName, { arn });
    }
    let storesMade = 0;
    // Read once per store made (the options are spread into the store's).
    const options = {
      ivs: t.ivs,
      get refetchInterval() {
        storesMade++;
        return undefined;
      },
    };
    const view = render(
      createElement(StrictMode, null, createElement(IvsTestProvider, { store: options }, createElement(Probe))),
    );
    await waitFor(() => expect(screen.getByTestId('name').textContent).toBe('strict'));
    expect(seen.size).toBe(1);
    expect(storesMade).toBe(1); // not one more for StrictMode's second call of initializers
    const made = [...seen][0]!;
    expect(made).not.toBe(t.store);
    // Not disposed by StrictMode's unmount-and-mount-again: it still reads.
    await expect(made.channels.refresh()).resolves.toBeUndefined();
    view.unmount();
    await new Promise((r) => setTimeout(r, 0));
    await expect(made.channels.refresh()).rejects.toMatchObject({ kind: 'disposed' });
    // A given store is left to its owner.
    render(createElement(IvsTestProvider, { store: t.store }, createElement(ChannelName, { arn }))).unmount();
    await new Promise((r) => setTimeout(r, 0));
    await expect(t.store.channels.refresh()).resolves.toBeUndefined();
  });
});
