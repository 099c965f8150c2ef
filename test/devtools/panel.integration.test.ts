// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mountDevtools } from '../../src/devtools/index.js';
import { INTERNALS, type StoreInternals } from '../../src/store/internals.js';
import { isIvsStoreError } from '../../src/index.js';
import { startStoreWorld, until, type StoreWorld } from '../support/world.js';

/** The panel in happy-dom's DOM, over a store reading the simulator. */
describe('mountDevtools', () => {
  let w: StoreWorld;
  beforeEach(async () => {
    w = await startStoreWorld({ seed: 9 }, { refetchInterval: 60_000, tabs: false });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    document.body.innerHTML = '';
    await w.stop();
  });

  const shadow = () => document.querySelector('[data-ivs-devtools]')?.shadowRoot;
  const rows = (section: string) => [...(shadow()?.querySelectorAll(`[data-section=${section}] tbody tr`) ?? [])];
  const text = (section: string) => rows(section).map((r) => r.textContent ?? '');
  const cells = (section: string) =>
    rows(section).map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent));
  const waitFor = async (check: () => boolean, ms = 5000) => {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('shows entries, polls, budget and calls, redrawn while open, and never a Secret', async () => {
    const { arn, streamKeyArn } = w.sim.control.ivs.createChannel({ name: 'panel' });
    const subs = [w.store.channels.get$(arn).subscribe(), w.store.streamKeys.get$(streamKeyArn).subscribe()];
    const key = await until(w.store.streamKeys.get$(streamKeyArn), (e) => e.status === 'success');
    const secret = key.data!.value!.reveal();
    expect(secret).toMatch(/^sk_/);

    const devtools = mountDevtools(w.store, { refreshInterval: 100 });
    expect(document.querySelectorAll('[data-ivs-devtools]')).toHaveLength(1);
    await waitFor(() => text('entries').some((t) => t.includes('streamKeys')));
    const [collection, id, status, age, watchers, next, error] = cells('entries').find(
      (c) => c[1] === arn.split('/')[1],
    )!;
    expect([collection, id, status, watchers, error]).toEqual(['channels', arn.split('/')[1], 'success', '1', '']);
    expect(age).toMatch(/^\d+(ms|\.\ds)$/);
    // Read again a minute after its last read (the seconds since then are the age shown).
    expect(next).toMatch(/^\d+\.\ds$/);
    expect(Number.parseFloat(next!) + (age!.endsWith('ms') ? 0 : Number.parseFloat(age!))).toBeCloseTo(60, -0.5);
    expect(cells('polls')).toContainEqual(['channels', '1m 0s', '1m 0s', '1']);
    expect(cells('quotas').map((c) => c[0])).toContain('GetChannel');

    // Calls made after mounting are listed with their outcome.
    await w.store.channels.refresh();
    await waitFor(() => text('calls').some((t) => /GetChannel/.test(t) && t.endsWith('ok')));

    // The stream key's value is in the cache, not in the panel.
    expect(shadow()!.innerHTML).toContain('streamKeys');
    expect(shadow()!.innerHTML).not.toContain(secret);
    expect(document.documentElement.outerHTML).not.toContain(secret);

    // The filter narrows the entries at once.
    const input = shadow()!.querySelector('input')!;
    input.value = 'streamKeys';
    input.dispatchEvent(new Event('input'));
    expect(text('entries').every((t) => t.startsWith('streamKeys'))).toBe(true);

    devtools.unmount();
    subs.forEach((s) => s.unsubscribe());
  });

  it('draws nothing while collapsed, and releases its timer, subscription, tap and element on unmount', async () => {
    const parts = (w.store as unknown as Record<symbol, StoreInternals>)[INTERNALS]!;
    const setI = vi.spyOn(globalThis, 'setInterval');
    const clearI = vi.spyOn(globalThis, 'clearInterval');
    const ours = () => setI.mock.calls.flatMap((c, i) => (c[1] === 321 ? [setI.mock.results[i]?.value] : []));
    const cleared = () => clearI.mock.calls.filter(([id]) => ours().includes(id)).length;
    const devtools = mountDevtools(w.store, { collapsed: true, refreshInterval: 321 });
    expect(ours()).toHaveLength(0);
    expect(rows('entries')).toHaveLength(0);
    expect(parts.pipeline.tap).toBeDefined();
    const toggle = shadow()!.querySelector('button')!;
    toggle.click();
    expect(ours()).toHaveLength(1);
    expect(rows('entries').length).toBeGreaterThan(0);
    toggle.click();
    expect(cleared()).toBe(1);
    toggle.click();
    devtools.unmount();
    devtools.unmount(); // idempotent
    expect(ours()).toHaveLength(2);
    expect(cleared()).toBe(2);
    expect(document.querySelector('[data-ivs-devtools]')).toBeNull();
    expect(parts.pipeline.tap).toBeUndefined();
    // The store keeps working, and nothing of the panel comes back.
    await w.store.channels.refresh();
    expect(document.querySelector('[data-ivs-devtools]')).toBeNull();
  });

  it('stops drawing while the page is hidden, and draws at once when it is back', async () => {
    const setI = vi.spyOn(globalThis, 'setInterval');
    const clearI = vi.spyOn(globalThis, 'clearInterval');
    // The panel's timer, told from rxjs' own (its schedulers use setInterval too) by its period.
    const ours = () => setI.mock.calls.flatMap((c, i) => (c[1] === 123 ? [setI.mock.results[i]?.value] : []));
    const cleared = () => clearI.mock.calls.filter(([id]) => ours().includes(id)).length;
    const devtools = mountDevtools(w.store, { refreshInterval: 123 });
    expect(ours()).toHaveLength(1);
    const visibility = (state: 'hidden' | 'visible') => {
      Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    };
    const { arn } = w.sim.control.ivs.createChannel({ name: 'while-hidden' });
    const id = arn.split('/')[1]!;
    const sub = w.store.channels.get$(arn, { refetchInterval: 60_000 }).subscribe();
    try {
      visibility('hidden');
      expect(cleared()).toBe(1);
      await until(w.store.channels.get$(arn), (e) => e.status === 'success');
      await new Promise((r) => setTimeout(r, 300));
      // Read while hidden: not drawn.
      expect(text('entries').some((t) => t.includes(id))).toBe(false);
      visibility('visible');
      expect(ours()).toHaveLength(2);
      expect(text('entries').some((t) => t.includes(id))).toBe(true);
    } finally {
      delete (document as { visibilityState?: string }).visibilityState;
      sub.unsubscribe();
      devtools.unmount();
    }
  });

  it('goes into a given element, inline', () => {
    const target = document.createElement('div');
    document.body.appendChild(target);
    const devtools = mountDevtools(w.store, { target });
    const host = target.querySelector('[data-ivs-devtools]')!;
    expect(host.classList.contains('docked')).toBe(false);
    devtools.unmount();
    expect(target.children).toHaveLength(0);
  });

  it('rejects bad arguments with a validation error naming the field', () => {
    const bad: Array<[() => unknown, string]> = [
      [() => mountDevtools({} as never), 'store'],
      [() => mountDevtools(w.store, { refreshInterval: 0 }), 'refreshInterval'],
      [() => mountDevtools(w.store, { maxCalls: 1.5 }), 'maxCalls'],
      [() => mountDevtools(w.store, { target: 'body' as never }), 'target'],
      [() => mountDevtools(w.store, null as never), 'options'],
    ];
    for (const [call, field] of bad) {
      let error: unknown;
      try {
        call();
      } catch (e) {
        error = e;
      }
      expect(isIvsStoreError(error) && error.kind === 'validation' && error.field).toBe(field);
    }
    expect(document.querySelector('[data-ivs-devtools]')).toBeNull();
  });
});
