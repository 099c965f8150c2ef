import { IvsClient } from '@aws-sdk/client-ivs';
import { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import { UpdateChannelCommand } from '@aws-sdk/client-ivs';
import { merge, of, Subject, type Observable } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createIvsStore,
  type EventFeedItem,
  type IvsStore,
  type IvsStoreOptions,
  type ParticipantChange,
} from '../../src/index.js';
import { realtimeResources } from '../../src/realtime/index.js';
import { startIvsSimulator, type IvsSimulator } from '../../src/simulator/index.js';
import { onSend, ok, sleep, until } from '../support/world.js';

interface PushWorld {
  sim: IvsSimulator;
  store: IvsStore;
  /** Operations the store's clients sent, in order. */
  calls: string[];
  stop(): Promise<void>;
}

const worlds: PushWorld[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.stop();
});

/**
 * A simulator and a store fed by its delivered events (in process) unless `events` says
 * otherwise, polling every minute: whatever shows sooner came by push or a confirming read.
 */
async function pushWorld(
  options: Partial<Omit<IvsStoreOptions, 'events'>> & {
    events?: (sim: IvsSimulator) => IvsStoreOptions['events'];
  } = {},
): Promise<PushWorld> {
  const sim = await startIvsSimulator({});
  const config = { endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 };
  const ivs = new IvsClient(config);
  const realtime = new IVSRealTimeClient(config);
  const calls: string[] = [];
  onSend(ivs, (op) => calls.push(op));
  onSend(realtime, (op) => calls.push(op));
  const { events, ...rest } = options;
  const store = createIvsStore({
    ivs,
    realtime: realtimeResources(realtime),
    refetchInterval: 60_000,
    events: events ? events(sim) : sim.control.events$,
    ...rest,
  });
  const w = {
    sim,
    store,
    calls,
    async stop() {
      store.dispose();
      ivs.destroy();
      realtime.destroy();
      await sim.stop();
    },
  };
  worlds.push(w);
  return w;
}

/** Once the feed's code has loaded and subscribed its source (items sent before are not seen, as with any hot source). */
const subscribed = (store: IvsStore) => until(store.metrics$, (m) => m.events !== undefined);

/** Every value `obs` emits while held (as a widget holds it: events confirm only what is watched). */
function hold<T>(obs: Observable<T>): { values: T[]; stop(): void } {
  const values: T[] = [];
  const s = obs.subscribe((v) => values.push(v));
  return { values, stop: () => s.unsubscribe() };
}

describe('push: streams', () => {
  it('going live shows LIVE from the event, then one confirming read brings health and viewers', async () => {
    const { sim, store, calls } = await pushWorld();
    const arn = sim.control.ivs.createChannel({ name: 'a' }).arn;
    const stream$ = store.streams.get$(arn);
    const held = hold(stream$);
    const transitions = hold(store.streams.transitions$());
    await until(stream$, (e) => ok(e) && e.data?.state === 'OFFLINE');
    // The feed's code loads on its own: an event sent before it subscribes is not seen.
    await subscribed(store);
    calls.length = 0;
    const { streamId } = sim.control.ivs.goLive(arn, { health: 'HEALTHY', viewerCount: 7 });
    const live = await until(stream$, (e) => e.data?.state === 'LIVE', 5000);
    expect(live.data).toMatchObject({ state: 'LIVE', streamId, health: 'UNKNOWN' });
    expect(live.data?.viewerCount).toBeUndefined();
    const confirmed = await until(stream$, (e) => e.data?.viewerCount === 7, 5000);
    expect(confirmed.data?.health).toBe('HEALTHY');
    // Session Created and Stream Start ask for the same read: one call, not two.
    expect(calls).toEqual(['GetStream']);
    expect(transitions.values).toEqual([expect.objectContaining({ type: 'went-live', streamId, byEvent: true })]);
    held.stop();
    transitions.stop();
  });

  it('starving, recovering and ending need no read: each event says it all', async () => {
    const { sim, store, calls } = await pushWorld();
    const arn = sim.control.ivs.createChannel({ name: 'a' }).arn;
    sim.control.ivs.goLive(arn, { health: 'HEALTHY', viewerCount: 3 });
    const stream$ = store.streams.get$(arn);
    const held = hold(stream$);
    const live = hold(store.streams.live$());
    await until(stream$, (e) => ok(e) && e.data?.health === 'HEALTHY');
    await until(store.streams.live$(), (e) => ok(e) && e.data?.length === 1);
    await subscribed(store);
    calls.length = 0;
    sim.control.ivs.setHealth(arn, 'STARVING');
    await until(stream$, (e) => e.data?.health === 'STARVING', 2000);
    await until(store.streams.live$(), (e) => e.data?.[0]?.health === 'STARVING', 2000);
    sim.control.ivs.setHealth(arn, 'HEALTHY');
    await until(stream$, (e) => e.data?.health === 'HEALTHY', 2000);
    sim.control.ivs.goOffline(arn);
    await until(stream$, (e) => e.data?.state === 'OFFLINE', 2000);
    await until(store.streams.live$(), (e) => e.data?.length === 0, 2000);
    expect(calls).toEqual([]);
    held.stop();
    live.stop();
  });

  it('an event older than the last read changes nothing and is counted stale', async () => {
    const source = new Subject<EventFeedItem>();
    const { sim, store } = await pushWorld({ events: () => source });
    const arn = sim.control.ivs.createChannel({ name: 'a' }).arn;
    sim.control.ivs.goLive(arn, { health: 'HEALTHY' });
    const stream$ = store.streams.get$(arn);
    const held = hold(stream$);
    await until(stream$, (e) => ok(e) && e.data?.state === 'LIVE');
    await subscribed(store);
    // A Stream End from an hour ago, delivered late: the read sent since knows better.
    const [start] = sim.control.events.events({ detailType: 'IVS Stream State Change' });
    source.next({
      ...start!,
      id: 'late-end',
      time: new Date(Date.now() - 3_600_000).toISOString(),
      detail: { ...start!.detail, event_name: 'Stream End' },
    });
    const m = await until(store.metrics$, (x) => x.events?.stale === 1, 2000);
    expect(m.events).toMatchObject({ received: 1, stale: 1, applied: 0 });
    expect(held.values.at(-1)?.data?.state).toBe('LIVE');
    held.stop();
  });

  it('the same event twice is applied once; foreign, malformed and unknown ones are counted, never thrown', async () => {
    const source = new Subject<EventFeedItem>();
    const { sim, store } = await pushWorld({ events: () => source });
    const arn = sim.control.ivs.createChannel({ name: 'a' }).arn;
    const stream$ = store.streams.get$(arn);
    const held = hold(stream$);
    await until(stream$, (e) => ok(e) && e.data?.state === 'OFFLINE');
    await subscribed(store);
    sim.control.ivs.goLive(arn);
    // What the world sent (delivery to this feed is the test's).
    const start = sim.control.events.emitted({ detailType: 'IVS Stream State Change' }).at(-1)!;
    source.next(start);
    source.next(JSON.stringify(start));
    source.next({ ...start, id: 'other-source', source: 'aws.s3' });
    source.next({ ...start, id: 'other-region', region: 'eu-west-1' });
    source.next('{ not json');
    source.next({ ...start, id: 'no-detail', detail: undefined } as unknown as EventFeedItem);
    source.next({ ...start, id: 'unknown-kind', 'detail-type': 'IVS Limit Breach' });
    source.next('heartbeat');
    const m = await until(store.metrics$, (x) => (x.events?.received ?? 0) >= 7, 2000);
    expect(m.events).toMatchObject({
      healthy: true,
      received: 7,
      applied: 1,
      duplicates: 1,
      foreign: 2,
      malformed: 2,
      unused: 1,
      failures: 0,
    });
    expect(held.values.filter((e) => e.data?.state === 'LIVE').length).toBeGreaterThanOrEqual(1);
    held.stop();
  });
});

describe('push: participants', () => {
  it('changes$ reports a mid-session unpublish with events, and cannot without them', async () => {
    for (const withEvents of [true, false]) {
      const source = new Subject<EventFeedItem>();
      const { sim, store } = await pushWorld({
        refetchInterval: 300,
        // Joins and leaves have no event: with events they show at the safety interval's read.
        events: (s) => (withEvents ? { source: s.control.events$, safetyInterval: 1000 } : source),
      });
      const stage = sim.control.realtime.createStage({ name: 's' }).arn;
      const { participantId } = sim.control.realtime.join(stage, { userId: 'ana', publish: true });
      const changes: ParticipantChange[] = [];
      const sub = store.participants.changes$(stage).subscribe((c) => changes.push(c));
      await until(store.participants.list$(stage), (e) => ok(e) && e.data?.length === 1);
      await sleep(400);
      sim.control.realtime.unpublish(stage, participantId);
      await sleep(1200);
      const unpublished = changes.filter((c) => c.type === 'unpublished');
      if (withEvents) {
        expect(unpublished).toEqual([
          expect.objectContaining({ byEvent: true, participant: expect.objectContaining({ participantId }) }),
        ]);
        // Publishing again is news too, once.
        sim.control.realtime.publish(stage, participantId);
        await until(store.participants.changes$(stage), (c) => c.type === 'published', 2000).catch(() => undefined);
        await sleep(600);
        expect(changes.filter((c) => c.type === 'published')).toHaveLength(1);
        // Leaving after an unpublish the event told: 'left', and no second 'unpublished'.
        sim.control.realtime.unpublish(stage, participantId);
        await sleep(300);
        sim.control.realtime.leave(stage, participantId);
        await sleep(1200);
        expect(changes.map((c) => c.type)).toEqual(['unpublished', 'published', 'unpublished', 'left']);
      } else {
        // ListParticipants says "has published": polling alone sees nothing until they leave.
        expect(unpublished).toEqual([]);
      }
      sub.unsubscribe();
    }
  });
});

describe('push: polling as the safety net', () => {
  it('covered kinds poll at the safety interval while the feed is healthy, and at their own the moment it fails', async () => {
    const source = new Subject<EventFeedItem>();
    const { sim, store, calls } = await pushWorld({
      refetchInterval: 200,
      events: () => source,
    });
    const arn = sim.control.ivs.createChannel({ name: 'a' }).arn;
    const held = hold(store.streams.get$(arn));
    const channel = hold(store.channels.get$(arn));
    await until(store.streams.get$(arn), ok);
    await subscribed(store);
    source.next('heartbeat');
    const healthy = await until(store.metrics$, (m) => m.polling.streams?.effectiveMs === 60_000);
    expect(healthy.events?.healthy).toBe(true);
    calls.length = 0;
    await sleep(1000);
    const count = (op: string) => calls.filter((c) => c === op).length;
    // Channels have no events: still every 200 ms; streams wait for the safety interval.
    expect(count('GetStream')).toBe(0);
    expect(count('BatchGetChannel') + count('GetChannel')).toBeGreaterThanOrEqual(3);
    source.error(new Error('connection lost'));
    const failed = await until(store.metrics$, (m) => m.events?.healthy === false);
    expect(failed.events?.failures).toBe(1);
    calls.length = 0;
    await sleep(300);
    expect(count('GetStream')).toBeGreaterThanOrEqual(1);
    held.stop();
    channel.stop();
  });

  it('a feed quiet past quietAfter is not healthy; the next heartbeat makes it healthy again', async () => {
    const source = new Subject<EventFeedItem>();
    const { store } = await pushWorld({ events: () => ({ source, quietAfter: 300 }) });
    await subscribed(store);
    source.next('heartbeat');
    await until(store.metrics$, (m) => m.events?.healthy === true);
    await until(store.metrics$, (m) => m.events?.healthy === false, 2000);
    source.next('heartbeat');
    const again = await until(store.metrics$, (m) => m.events?.healthy === true);
    expect(again.events?.failures).toBe(0);
  });

  it('`covers` leaves out a kind: it keeps its own interval while the feed is healthy', async () => {
    const source = new Subject<EventFeedItem>();
    const { sim, store } = await pushWorld({
      refetchInterval: 200,
      events: () => ({ source, covers: ['participants'] }),
    });
    const arn = sim.control.ivs.createChannel({ name: 'a' }).arn;
    const held = hold(store.streams.get$(arn));
    await until(store.streams.get$(arn), ok);
    source.next('heartbeat');
    await until(store.metrics$, (m) => m.events?.healthy === true);
    await sleep(100);
    let polling: Record<string, { effectiveMs: number }> = {};
    store.metrics$.subscribe((m) => (polling = m.polling)).unsubscribe();
    expect(polling.streams?.effectiveMs).toBeLessThan(60_000);
    held.stop();
  });
});

describe('push: channels, through CloudTrail', () => {
  it("another client's UpdateChannel reaches the store by its API-call event, and channels poll at the safety interval when covered", async () => {
    const { sim, store, calls } = await pushWorld({
      refetchInterval: 200,
      events: (s) => ({ source: merge(of('heartbeat'), s.control.events$), covers: ['channels'] }),
    });
    const arn = sim.control.ivs.createChannel({ name: 'before' }).arn;
    const channel$ = store.channels.get$(arn);
    const held = hold(channel$);
    const list = hold(store.channels.list$());
    await until(channel$, (e) => ok(e) && e.data?.name === 'before');
    await until(store.metrics$, (m) => m.polling.channels?.effectiveMs === 60_000);
    calls.length = 0;
    // Another operator's client renames it: nothing but the API-call event tells this store.
    const other = new IvsClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials });
    await other.send(new UpdateChannelCommand({ arn, name: 'after' }));
    other.destroy();
    await until(channel$, (e) => e.data?.name === 'after', 2000);
    await until(store.channels.list$(), (e) => e.data?.some((c) => c.name === 'after') === true, 2000);
    expect(calls.filter((c) => c === 'BatchGetChannel' || c === 'GetChannel').length).toBe(1);
    const [apiCall] = sim.control.events.events({ detailType: 'AWS API Call via CloudTrail' });
    expect(apiCall).toMatchObject({
      source: 'aws.ivs',
      resources: [],
      detail: { eventSource: 'ivs.amazonaws.com', eventName: 'UpdateChannel' },
    });
    held.stop();
    list.stop();
  });
});

describe('push: options', () => {
  it('a bad events option is a TypeError naming the field', async () => {
    const sim = await startIvsSimulator({});
    const ivs = new IvsClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials });
    const make = (events: unknown) => () => createIvsStore({ ivs, events: events as IvsStoreOptions['events'] });
    expect(make(42)).toThrow(/events must be an Observable or AsyncIterable/);
    expect(make({ source: new Subject(), safetyInterval: 0 })).toThrow(/events\.safetyInterval must be a positive/);
    expect(make({ source: new Subject(), quietAfter: Number.NaN })).toThrow(/events\.quietAfter/);
    expect(make({ source: new Subject(), account: 'me' })).toThrow(/events\.account must be a 12-digit/);
    expect(make({ source: new Subject(), covers: ['channelz'] })).toThrow(/events\.covers must list some of/);
    ivs.destroy();
    await sim.stop();
  });
});
