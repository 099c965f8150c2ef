import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Entry, StoreChannel } from '../../src/index.js';
import { Secret } from '../../src/index.js';
import { startIvsSimulator, type IvsSimulator } from '../../src/simulator/index.js';
import { browser, roleOf } from '../support/tabs.js';
import { sleep, until } from '../support/world.js';

/** What a tab of a group sees and does: cached answers, visibility, secrets, optimistic writes, handover cost. */
describe('tabs: what each tab sees', () => {
  let sim: IvsSimulator;
  let b: ReturnType<typeof browser>;
  beforeEach(async () => {
    sim = await startIvsSimulator({});
    b = browser(sim);
  });
  afterEach(async () => {
    b.closeAll();
    await sim.stop();
  });
  const reads = (ops: string[]) => ops.filter((op) => /^(Batch)?GetChannel$/.test(op)).length;

  it("a follower's get$ of something the group has cached answers at once, from its mirror", async () => {
    const { arn } = sim.control.ivs.createChannel({ name: 'cached' });
    const leader = b.tab();
    await roleOf(leader.store);
    const held = leader.store.channels.get$(arn).subscribe();
    await until(leader.store.channels.get$(arn), (e) => e.status === 'success');
    const follower = b.tab();
    // The leader answers hello with a snapshot, then its metrics: knowing the group's size, it has its copy.
    await until(follower.store.metrics$, (m) => m.tabs?.members === 2);
    let first: Entry<StoreChannel> | undefined;
    const sub = follower.store.channels.get$(arn).subscribe((e) => (first ??= e));
    expect(first).toMatchObject({ status: 'success', data: { name: 'cached' } });
    sub.unsubscribe();
    held.unsubscribe();
    expect(follower.sent).toEqual([]);
  });

  it('polls while any tab of the group is visible, pauses when all are hidden, refreshes once when one returns', async () => {
    const { arn } = sim.control.ivs.createChannel({ name: 'v' });
    const [leader, follower] = await b.leaderAndFollower();
    const sub = follower.store.channels.get$(arn).subscribe();
    await until(follower.store.channels.get$(arn), (e) => e.status === 'success');
    // The leader's page is hidden, the follower's is not: polling goes on.
    leader.visible$.next(false);
    await sleep(100);
    let from = leader.sent.length;
    await sleep(1000);
    expect(reads(leader.sent.slice(from))).toBeGreaterThanOrEqual(2);
    // Every page hidden: nothing.
    follower.visible$.next(false);
    await sleep(200);
    from = leader.sent.length;
    await sleep(1000);
    expect(reads(leader.sent.slice(from))).toBe(0);
    // One comes back: one read at once, then polling again.
    follower.visible$.next(true);
    await sleep(100);
    expect(reads(leader.sent.slice(from))).toBe(1);
    sub.unsubscribe();
    expect(follower.sent).toEqual([]);
  });

  it("secrets cross as Secrets: a follower's stream key reveals its value and prints redacted", async () => {
    const { streamKeyArn } = sim.control.ivs.createChannel({ name: 'keyed' });
    const [, follower] = await b.leaderAndFollower();
    const e = await until(follower.store.streamKeys.get$(streamKeyArn), (x) => x.status === 'success');
    const value = e.data?.value;
    expect(value).toBeInstanceOf(Secret);
    expect(value?.reveal()).toMatch(/^sk_/);
    expect(JSON.stringify(e)).not.toContain(value?.reveal());
    expect(follower.sent).toEqual([]);
  });

  it("a follower's optimistic write shows in every tab before the call returns, and its result after", async () => {
    const { arn } = sim.control.ivs.createChannel({ name: 'old' });
    const [leader, follower] = await b.leaderAndFollower();
    const names: Record<string, Array<string | undefined>> = { leader: [], follower: [] };
    const subs = [
      leader.store.channels.get$(arn).subscribe((e) => names.leader!.push(e.data?.name)),
      follower.store.channels.get$(arn).subscribe((e) => names.follower!.push(e.data?.name)),
    ];
    await until(follower.store.channels.get$(arn), (e) => e.data?.name === 'old');
    sim.control.injectFault({ operations: ['UpdateChannel'], latencyMs: 2000, times: 1 });
    let returned = false;
    const update = follower.store.channels.update({ arn, name: 'new' });
    void update.finally(() => (returned = true));
    await until(leader.store.channels.get$(arn), (e) => e.data?.name === 'new', 1500);
    await until(follower.store.channels.get$(arn), (e) => e.data?.name === 'new', 1500);
    // Both tabs show the new name while the call is still in flight.
    expect(returned).toBe(false);
    await expect(update).resolves.toMatchObject({ name: 'new' });
    expect(names.leader!.at(-1)).toBe('new');
    expect(names.follower!.at(-1)).toBe('new');
    for (const s of subs) s.unsubscribe();
  });

  it("a follower's stream health and transitions follow the leader's reads", async () => {
    const { arn } = sim.control.ivs.createChannel({ name: 's' });
    const [, follower] = await b.leaderAndFollower();
    const transitions: string[] = [];
    const subs = [
      follower.store.streams.transitions$().subscribe((t) => transitions.push(`${t.type}`)),
      follower.store.streams.health$(arn).subscribe(),
    ];
    await until(follower.store.streams.health$(arn), (h) => h.state === 'OFFLINE');
    sim.control.ivs.goLive(arn, { health: 'HEALTHY' });
    const live = await until(follower.store.streams.health$(arn), (h) => h.state === 'LIVE', 3000);
    expect(live.health).toBe('HEALTHY');
    await sleep(50);
    expect(transitions).toContain('went-live');
    for (const s of subs) s.unsubscribe();
    expect(follower.sent).toEqual([]);
  });

  it('a handover costs at most one cycle of duplicate reads', async () => {
    const { arn } = sim.control.ivs.createChannel({ name: 'h' });
    const [a, c] = await b.leaderAndFollower();
    const sub = c.store.channels.get$(arn).subscribe();
    await until(c.store.channels.get$(arn), (e) => e.status === 'success');
    await sleep(600);
    a.close();
    await until(c.store.metrics$, (m) => m.tabs?.role === 'leader');
    const from = c.sent.length;
    await sleep(1500);
    // 300 ms polls for 1.5 s: 5 cycles; one more for the handover, one for timing slack.
    expect(reads(c.sent.slice(from))).toBeLessThanOrEqual(7);
    expect(reads(c.sent.slice(from))).toBeGreaterThanOrEqual(3);
    sub.unsubscribe();
  });
});
