import { IvsClient, UpdateChannelCommand } from '@aws-sdk/client-ivs';
import type { Subscription } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Entry, IvsStore, StoreChannel } from '../../src/index.js';
import { startIvsSimulator, type IvsSimulator } from '../../src/simulator/index.js';
import { browser, roleOf } from '../support/tabs.js';
import { sleep, until } from '../support/world.js';

/** Stores in "tabs" of one browser, in Node (see support/tabs.ts); what each tab sends is counted. */
describe('tabs share one poller', () => {
  let sim: IvsSimulator;
  let tabs: ReturnType<typeof browser>;
  const subs: Subscription[] = [];

  beforeEach(async () => {
    sim = await startIvsSimulator({});
    tabs = browser(sim);
  });
  afterEach(async () => {
    for (const s of subs.splice(0)) s.unsubscribe();
    tabs.closeAll();
    await sim.stop();
  });

  const tab = (key?: string) => tabs.tab({ key });
  const watch = (store: IvsStore, arn: string) => {
    const seen: Array<Entry<StoreChannel>> = [];
    subs.push(store.channels.get$(arn).subscribe((e) => seen.push(e)));
    return seen;
  };

  it('one tab leads and reads; a follower sees the same entries and sends nothing', async () => {
    const { arn } = sim.control.ivs.createChannel({ name: 'shared' });
    const a = tab();
    expect(await roleOf(a.store)).toBe('leader');
    const b = tab();
    expect(await roleOf(b.store)).toBe('follower');
    const inB = watch(b.store, arn);
    await until(b.store.channels.get$(arn), (e) => e.data?.name === 'shared');
    // Someone else renames it: the leader's polls find it, the follower shows it.
    const other = new IvsClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials });
    await other.send(new UpdateChannelCommand({ arn, name: 'renamed' }));
    other.destroy();
    await until(b.store.channels.get$(arn), (e) => e.data?.name === 'renamed', 3000);
    expect(b.sent).toEqual([]);
    expect(a.sent.filter((op) => op === 'GetChannel' || op === 'BatchGetChannel').length).toBeGreaterThan(1);
    expect(inB.map((e) => e.status)).not.toContain('error');
    const m = await until(b.store.metrics$, (x) => x.tabs?.members === 2);
    expect(m.tabs).toEqual({ role: 'follower', members: 2 });
    // The follower's figures are the group's: the leader's calls.
    expect(Object.keys(m.calls).length).toBeGreaterThan(0);
  });

  it("a follower's mutation runs in the leader, resolves with its result, and every tab shows it", async () => {
    const { arn } = sim.control.ivs.createChannel({ name: 'before' });
    const [a, b] = await tabs.leaderAndFollower();
    watch(a.store, arn);
    watch(b.store, arn);
    const written = await b.store.channels.update({ arn, name: 'after' });
    expect(written.name).toBe('after');
    expect(b.sent).toEqual([]);
    expect(a.sent).toContain('UpdateChannel');
    await until(b.store.channels.get$(arn), (e) => e.data?.name === 'after');
    await until(a.store.channels.get$(arn), (e) => e.data?.name === 'after');
    // Bad input is refused with the same typed error, and nothing is sent.
    const before = a.sent.length;
    await expect(b.store.channels.update({ arn: 'nope', name: 'x' })).rejects.toMatchObject({
      kind: 'validation',
      field: 'arn',
    });
    // (Polls may go on meanwhile: no update is what must not be sent.)
    expect(a.sent.slice(before).filter((op) => op === 'UpdateChannel')).toEqual([]);
  });

  it('when the leader closes, a follower leads within 2 s, re-polls, and its entries never go back to loading', async () => {
    const { arn } = sim.control.ivs.createChannel({ name: 'kept' });
    const [a, b] = await tabs.leaderAndFollower();
    const inB = watch(b.store, arn);
    await until(b.store.channels.get$(arn), (e) => e.status === 'success');
    const from = inB.length;
    const closedAt = Date.now();
    a.close();
    await until(b.store.metrics$, (m) => m.tabs?.role === 'leader', 2000);
    expect(Date.now() - closedAt).toBeLessThan(2000);
    const other = new IvsClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials });
    await other.send(new UpdateChannelCommand({ arn, name: 'after-handover' }));
    other.destroy();
    await until(b.store.channels.get$(arn), (e) => e.data?.name === 'after-handover', 3000);
    expect(b.sent.length).toBeGreaterThan(0);
    expect(inB.slice(from).map((e) => e.status)).not.toContain('loading');
    expect(inB.slice(from).every((e) => e.data !== undefined)).toBe(true);
  });

  it('stores with different keys never share; a follower that leaves leaves the others running', async () => {
    const a = tab('account-a');
    const b = tab('account-b');
    expect(await roleOf(a.store)).toBe('leader');
    expect(await roleOf(b.store)).toBe('leader');
    const c = tab('account-a');
    expect(await roleOf(c.store)).toBe('follower');
    const d = tab('account-a');
    expect(await roleOf(d.store)).toBe('follower');
    const { arn } = sim.control.ivs.createChannel({ name: 'x' });
    watch(d.store, arn);
    c.close();
    await until(d.store.channels.get$(arn), (e) => e.data?.name === 'x');
    await sleep(50);
    expect((await until(a.store.metrics$, (m) => m.tabs?.members === 2)).tabs?.role).toBe('leader');
  });
});
