import { Observable } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventFeedItem, StreamTransition } from '../../src/index.js';
import { startIvsSimulator, type IvsSimulator } from '../../src/simulator/index.js';
import { browser, roleOf } from '../support/tabs.js';
import { ok, until } from '../support/world.js';

let sim: IvsSimulator;
beforeEach(async () => {
  sim = await startIvsSimulator({});
});
afterEach(async () => {
  await sim.stop();
});

/** The simulator's events, counting who subscribes (a tab's app gives each store its own feed). */
function countedFeed(): { feed: Observable<EventFeedItem>; subscribers: () => number } {
  let open = 0;
  const events$ = sim.control.events$;
  return {
    feed: new Observable<EventFeedItem>((subscriber) => {
      open++;
      const s = events$.subscribe(subscriber);
      return () => {
        open--;
        s.unsubscribe();
      };
    }),
    subscribers: () => open,
  };
}

describe('push with tabs: the leader reads the feed, every tab sees what it did', () => {
  it('only the leader subscribes its feed; a follower shows the event and its transition at once', async () => {
    const leaderFeed = countedFeed();
    const followerFeed = countedFeed();
    const tabs = browser(sim, { refetchInterval: 60_000 });
    const leader = tabs.tab({ events: leaderFeed.feed });
    expect(await roleOf(leader.store)).toBe('leader');
    const follower = tabs.tab({ events: followerFeed.feed });
    expect(await roleOf(follower.store)).toBe('follower');
    const arn = sim.control.ivs.createChannel({ name: 'a' }).arn;
    const stream$ = follower.store.streams.get$(arn);
    const held = stream$.subscribe();
    const transitions: StreamTransition[] = [];
    const t = follower.store.streams.transitions$().subscribe((x) => transitions.push(x));
    await until(stream$, (e) => ok(e) && e.data?.state === 'OFFLINE');
    await until(leader.store.metrics$, (m) => m.events !== undefined);
    sim.control.ivs.goLive(arn);
    await until(stream$, (e) => e.data?.state === 'LIVE', 2000);
    await until(stream$, (e) => e.data?.health === 'HEALTHY', 2000);
    expect(transitions.map((x) => x.type)).toEqual(['went-live']);
    expect(leaderFeed.subscribers()).toBe(1);
    expect(followerFeed.subscribers()).toBe(0);
    // The follower's metrics are the group's: the leader's feed is healthy.
    const m = await until(follower.store.metrics$, (x) => x.events?.applied !== undefined && x.events.applied > 0);
    expect(m.events?.healthy).toBe(true);
    expect(follower.sent.filter((op) => op === 'GetStream' || op === 'ListStreams')).toEqual([]);

    // The leader goes: the follower leads, subscribes its own feed, and events keep coming.
    leader.close();
    expect(await until(follower.store.metrics$, (x) => x.tabs?.role === 'leader').then((x) => x.tabs?.role)).toBe(
      'leader',
    );
    await until(follower.store.metrics$, () => followerFeed.subscribers() === 1, 2000);
    sim.control.ivs.goOffline(arn);
    await until(stream$, (e) => e.data?.state === 'OFFLINE', 2000);
    held.unsubscribe();
    t.unsubscribe();
    tabs.closeAll();
  });
});
