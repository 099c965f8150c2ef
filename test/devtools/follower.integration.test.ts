// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mountDevtools } from '../../src/devtools/index.js';
import { startIvsSimulator, type IvsSimulator } from '../../src/simulator/index.js';
import { browser } from '../support/tabs.js';
import { until } from '../support/world.js';

/**
 * The panel in a tab that follows another (tabs): its entries are the leader's mirrored here
 * with this tab's watchers, and polls, budget and calls are the leader tab's, which it says
 * rather than showing this tab's idle scheduler as if nothing were read.
 */
describe('mountDevtools in a follower tab', () => {
  let sim: IvsSimulator;
  let tabs: ReturnType<typeof browser>;
  beforeEach(async () => {
    sim = await startIvsSimulator({ seed: 3 });
    tabs = browser(sim, { refetchInterval: 60_000 });
  });
  afterEach(async () => {
    document.body.innerHTML = '';
    tabs.closeAll();
    await sim.stop();
  });

  const cells = (section: string) =>
    [
      ...(document
        .querySelector('[data-ivs-devtools]')
        ?.shadowRoot?.querySelectorAll(`[data-section=${section}] tbody tr`) ?? []),
    ].map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? ''));
  const waitFor = async (check: () => boolean, ms = 5000) => {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('says the leader tab reads, shows the mirrored entries, and the leader’s polls', async () => {
    const [, follower] = await tabs.leaderAndFollower();
    const { arn } = sim.control.ivs.createChannel({ name: 'mirrored' });
    const sub = follower.store.channels.get$(arn).subscribe();
    await until(follower.store.channels.get$(arn), (e) => e.status === 'success');
    const devtools = mountDevtools(follower.store, { refreshInterval: 100 });
    const root = document.querySelector('[data-ivs-devtools]')!.shadowRoot!;
    await waitFor(() => cells('entries').some((c) => c[1] === arn.split('/')[1]));
    expect(root.querySelector('[data-field=role]')!.textContent).toMatch(/^follower · 2 tabs: the leader tab reads/);
    const row = cells('entries').find((c) => c[1] === arn.split('/')[1])!;
    expect(row.slice(2, 6)).toEqual(['success', expect.any(String), '1', 'leader tab']);
    await waitFor(() => cells('polls').some((c) => c[0]?.startsWith('channels')));
    expect(cells('polls').find((c) => c[0]?.startsWith('channels'))![0]).toMatch(/leader tab/);
    expect(cells('quotas')).toEqual([['The leader tab reads for this one: the budget is spent there.']]);
    expect(cells('calls')).toEqual([['The leader tab makes the calls for this one.']]);
    devtools.unmount();
    sub.unsubscribe();
  });
});
