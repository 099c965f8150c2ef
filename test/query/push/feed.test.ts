import { BehaviorSubject, EMPTY, Observable, Subject, defer, finalize, throwError } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seqAt } from '../../../src/core/cache-writer.js';
import type { NewsOutcome } from '../../../src/core/cache-writer.js';
import { type EventMetrics, MetricsRecorder } from '../../../src/core/metrics.js';
import type { Poller } from '../../../src/core/poller.js';
import { EventFeedReader, type FeedInit } from '../../../src/query/push/feed.js';
import type { Rule, RuleSet } from '../../../src/query/push/rules.js';
import type { EventFeed, EventFeedItem } from '../../../src/query/push/types.js';
import { streamStartRecorder } from '../../support/push.js';

const ACCOUNT = '123456789012';
const REGION = 'us-west-2';
const CHANNEL = `arn:aws:ivs:${REGION}:${ACCOUNT}:channel/abc`;
const START = Date.parse('2024-09-09T16:17:00Z');

let ids = 0;
/** A well-formed event; `name` is its detail.event_name. */
function event(name: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '0',
    id: `evt-${++ids}`,
    'detail-type': 'IVS Stream State Change',
    source: 'aws.ivs',
    account: ACCOUNT,
    time: '2024-09-09T16:17:26.250Z',
    region: REGION,
    resources: [CHANNEL],
    detail: { event_name: name },
    ...over,
  };
}
const item = (e: Record<string, unknown>) => e as unknown as EventFeedItem;

/** A stand-in poller: only `stretch` is used by the feed. */
const fakePoller = () => {
  const stretch = vi.fn<(ms: number | undefined) => void>();
  return { poller: { stretch } as unknown as Poller, stretch };
};

/** A source that counts its subscriptions and unsubscriptions, and hands out the Subject of each. */
function countedSource() {
  const subjects: Array<Subject<EventFeedItem>> = [];
  let unsubscribed = 0;
  const source = defer(() => {
    const s = new Subject<EventFeedItem>();
    subjects.push(s);
    return s.pipe(finalize(() => unsubscribed++));
  });
  return {
    source,
    subjects,
    current: () => subjects.at(-1) as Subject<EventFeedItem>,
    unsubscribed: () => unsubscribed,
  };
}

describe('EventFeedReader', () => {
  let metrics: MetricsRecorder;
  let reads$: BehaviorSubject<boolean>;
  let readers: EventFeedReader[];
  const counts = () => metrics.snapshot.events as EventMetrics;
  const make = (source: EventFeed, extra: Partial<FeedInit> = {}) => {
    const reader = new EventFeedReader({
      source,
      safetyInterval: 60_000,
      quietAfter: 45_000,
      covers: new Set(['streams', 'stages']),
      account: ACCOUNT,
      region: () => REGION,
      clockOffset: () => 0,
      reads$,
      metrics,
      ...extra,
    });
    readers.push(reader);
    return reader;
  };

  beforeEach(() => {
    vi.useFakeTimers({ now: START });
    metrics = new MetricsRecorder();
    reads$ = new BehaviorSubject(true);
    readers = [];
  });
  afterEach(() => {
    for (const r of readers) r.dispose();
    vi.useRealTimers();
  });

  it('starts with every counter at zero and unhealthy', () => {
    make(new Subject<EventFeedItem>());
    expect(counts()).toEqual({
      healthy: false,
      received: 0,
      applied: 0,
      duplicates: 0,
      stale: 0,
      unused: 0,
      foreign: 0,
      malformed: 0,
      failures: 0,
      lastAt: undefined,
    });
  });

  describe('what becomes of each item', () => {
    it('counts every event once under its outcome, from the rules or the checks', () => {
      const source = new Subject<EventFeedItem>();
      const reader = make(source);
      const outcomes: Record<string, NewsOutcome> = { A: 'applied', S: 'stale', U: 'unused' };
      const rule = vi.fn<Rule>((n) => outcomes[n.detail.which as string] ?? 'unused');
      reader.add({ rules: { 'IVS Stream State Change': { 'Stream Start': rule } } });
      const send = (which: string) =>
        source.next(item(event('Stream Start', { detail: { event_name: 'Stream Start', which } })));
      send('A');
      send('A');
      send('S');
      send('U');
      source.next(item(event('Stream Nothing'))); // no rule by that name
      source.next(item(event('Stream Start', { 'detail-type': 'IVS Other Thing' }))); // no rules of that kind
      source.next(item(event('Stream Start', { source: 'aws.s3' })));
      source.next(item(event('Stream Start', { account: '999999999999' })));
      source.next(item(event('Stream Start', { region: 'eu-west-1' })));
      source.next('not json');
      source.next(item({ hello: 'world' }));
      expect(rule).toHaveBeenCalledTimes(4);
      expect(counts()).toMatchObject({
        received: 11,
        applied: 2,
        stale: 1,
        unused: 3,
        foreign: 3,
        malformed: 2,
        duplicates: 0,
      });
    });

    it('applies an event delivered twice once; the second is a duplicate', () => {
      const source = new Subject<EventFeedItem>();
      const reader = make(source);
      const rule = vi.fn<Rule>(() => 'applied');
      reader.add({ rules: { 'IVS Stream State Change': { 'Stream Start': rule } } });
      const e = event('Stream Start');
      source.next(item(e));
      source.next(JSON.stringify(e)); // the same event again, as text
      source.next(item({ ...e }));
      expect(rule).toHaveBeenCalledTimes(1);
      expect(counts()).toMatchObject({ received: 3, applied: 1, duplicates: 2 });
    });

    it('applies an event that came before its rules when they arrive; delivered again, it is a duplicate', () => {
      const source = new Subject<EventFeedItem>();
      const reader = make(source);
      const e = event('Stream Start');
      source.next(item(e)); // no rules yet (a resource's rules still loading)
      expect(counts()).toMatchObject({ received: 1, unused: 1, applied: 0 });
      const rule = vi.fn<Rule>(() => 'applied');
      reader.add({ rules: { 'IVS Stream State Change': { 'Stream Start': rule } } });
      expect(rule).toHaveBeenCalledTimes(1);
      expect(counts()).toMatchObject({ received: 1, unused: 0, applied: 1 });
      source.next(item(e));
      expect(rule).toHaveBeenCalledTimes(1);
      expect(counts()).toMatchObject({ received: 2, unused: 0, applied: 1, duplicates: 1 });
    });

    it('does not remember an event still unused: delivered again once it is of use, it is applied', () => {
      const source = new Subject<EventFeedItem>();
      const reader = make(source);
      const e = event('Stream Start');
      const rule = vi.fn<Rule>(() => 'unused');
      reader.add({ rules: { 'IVS Stream State Change': { 'Stream Start': rule } } });
      source.next(item(e)); // about nothing held yet
      rule.mockReturnValue('applied');
      source.next(item(e));
      source.next(item(e));
      expect(rule).toHaveBeenCalledTimes(2);
      expect(counts()).toMatchObject({ received: 3, unused: 1, applied: 1, duplicates: 1 });
    });

    it('keeps the events no rules knew for 30 s: rules arriving later do not apply older ones', () => {
      vi.useFakeTimers({ now: 0 });
      try {
        const source = new Subject<EventFeedItem>();
        const reader = make(source);
        source.next(item(event('Stream Start')));
        vi.setSystemTime(31_000);
        const rule = vi.fn<Rule>(() => 'applied');
        reader.add({ rules: { 'IVS Stream State Change': { 'Stream Start': rule } } });
        expect(rule).not.toHaveBeenCalled();
        expect(counts()).toMatchObject({ unused: 1, applied: 0 });
      } finally {
        vi.useRealTimers();
      }
    });

    it('remembers the last 10 000 ids: an older one is applied again', () => {
      const source = new Subject<EventFeedItem>();
      const reader = make(source);
      const rule = vi.fn<Rule>(() => 'applied');
      reader.add({ rules: { 'IVS Stream State Change': { 'Stream Start': rule } } });
      const first = event('Stream Start');
      source.next(item(first));
      for (let i = 0; i < 10_000; i++) source.next(item(event('Stream Start')));
      const last = event('Stream Start', { id: `evt-${ids}` });
      source.next(item(last)); // the newest: still remembered
      expect(counts()).toMatchObject({ applied: 10_001, duplicates: 1 });
      source.next(item(first)); // the oldest: forgotten
      expect(counts()).toMatchObject({ applied: 10_002, duplicates: 1 });
    });

    it('gives rules the news dated on this machine’s clock, with the sequence of that moment', () => {
      const source = new Subject<EventFeedItem>();
      // The server's clock is 2 s ahead of this machine's.
      const reader = make(source, { clockOffset: () => 2000 });
      const { got, rules } = streamStartRecorder();
      reader.add(rules);
      const e = event('Stream Start');
      source.next(item(e));
      const at = Date.parse('2024-09-09T16:17:26.250Z') - 2000;
      expect(got).toEqual([
        { event: e, name: 'Stream Start', resource: CHANNEL, detail: e.detail, at, seq: seqAt(at) },
      ]);
    });

    it('asks every rule set that knows the event, and counts one outcome: applied over stale over unused', () => {
      const source = new Subject<EventFeedItem>();
      const reader = make(source);
      const a = vi.fn<Rule>(() => ['unused', 'stale']);
      const b = vi.fn<Rule>(() => 'stale');
      reader.add({ rules: { 'IVS Stream State Change': { 'Stream Start': a } } });
      reader.add({ rules: { 'IVS Stream State Change': { 'Stream Start': b, 'Stream End': b } } });
      source.next(item(event('Stream Start')));
      expect(counts()).toMatchObject({ stale: 1, applied: 0, unused: 0 });
      a.mockReturnValue(['unused', 'applied']);
      source.next(item(event('Stream Start')));
      expect(counts()).toMatchObject({ stale: 1, applied: 1 });
      a.mockReturnValue([]);
      b.mockReturnValue('unused');
      source.next(item(event('Stream Start')));
      expect(counts()).toMatchObject({ stale: 1, applied: 1, unused: 1 });
      expect([a.mock.calls.length, b.mock.calls.length]).toEqual([3, 3]);
    });

    it('does not count a heartbeat as an event, but notes when it came and turns healthy', async () => {
      const source = new Subject<EventFeedItem>();
      make(source);
      await vi.advanceTimersByTimeAsync(1234);
      source.next('heartbeat');
      expect(counts()).toMatchObject({ received: 0, healthy: true, lastAt: START + 1234 });
    });

    it('ignores events of another region only once the region is known', () => {
      const source = new Subject<EventFeedItem>();
      let region: string | undefined;
      make(source, { region: () => region });
      source.next(item(event('X', { region: 'eu-west-1' })));
      region = REGION;
      source.next(item(event('X', { region: 'eu-west-1' })));
      expect(counts()).toMatchObject({ unused: 1, foreign: 1 });
    });
  });

  describe('health', () => {
    it('stretches the covered kinds of each rule set while healthy, only the kinds in covers', async () => {
      const source = new Subject<EventFeedItem>();
      const reader = make(source);
      const streams = fakePoller();
      const streamLists = fakePoller();
      const participants = fakePoller(); // not in covers
      const set: RuleSet = {
        rules: {},
        covers: { streams: [streams.poller, streamLists.poller], participants: [participants.poller] },
      };
      reader.add(set);
      expect(streams.stretch).not.toHaveBeenCalledWith(60_000);
      source.next('heartbeat');
      expect(counts().healthy).toBe(true);
      expect(streams.stretch).toHaveBeenLastCalledWith(60_000);
      expect(streamLists.stretch).toHaveBeenLastCalledWith(60_000);
      // Further items change nothing while healthy.
      const before = streams.stretch.mock.calls.length;
      source.next('heartbeat');
      source.next(item(event('X')));
      expect(streams.stretch).toHaveBeenCalledTimes(before);
      expect(participants.stretch).not.toHaveBeenCalled();
      // A rule set added while healthy is stretched at once.
      const stages = fakePoller();
      reader.add({ rules: {}, covers: { stages: [stages.poller] } });
      expect(stages.stretch.mock.calls).toEqual([[60_000]]);
    });

    it('turns unhealthy quietAfter ms after the last item and puts the pollers back at once', async () => {
      const source = new Subject<EventFeedItem>();
      const reader = make(source, { quietAfter: 10_000 });
      const streams = fakePoller();
      reader.add({ rules: {}, covers: { streams: [streams.poller] } });
      streams.stretch.mockClear();
      source.next('heartbeat');
      await vi.advanceTimersByTimeAsync(6_000);
      source.next('heartbeat'); // restarts the wait
      await vi.advanceTimersByTimeAsync(9_999);
      expect(counts().healthy).toBe(true);
      await vi.advanceTimersByTimeAsync(1);
      expect(counts().healthy).toBe(false);
      expect(streams.stretch.mock.calls).toEqual([[60_000], [undefined]]);
      source.next(item(event('X')));
      expect(counts().healthy).toBe(true);
      expect(streams.stretch.mock.calls).toEqual([[60_000], [undefined], [60_000]]);
    });
  });

  describe('failures', () => {
    it('counts an error, turns unhealthy, and subscribes again after 1 s, doubling to 30 s', async () => {
      const feed = countedSource();
      const reader = make(feed.source);
      const streams = fakePoller();
      reader.add({ rules: {}, covers: { streams: [streams.poller] } });
      expect(feed.subjects).toHaveLength(1);
      feed.current().next('heartbeat');
      expect(streams.stretch).toHaveBeenLastCalledWith(60_000);
      feed.current().error(new Error('dropped'));
      expect(counts()).toMatchObject({ failures: 1, healthy: false });
      expect(streams.stretch).toHaveBeenLastCalledWith(undefined);
      await vi.advanceTimersByTimeAsync(999);
      expect(feed.subjects).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(feed.subjects).toHaveLength(2);
      // Failing again at once: 2 s, 4 s, 8 s, 16 s, 30 s, 30 s.
      const waits: number[] = [];
      for (let i = 0; i < 6; i++) {
        const n = feed.subjects.length;
        feed.current().error(new Error('again'));
        let waited = 0;
        while (feed.subjects.length === n) {
          await vi.advanceTimersByTimeAsync(1000);
          waited += 1000;
        }
        waits.push(waited);
      }
      expect(waits).toEqual([2000, 4000, 8000, 16_000, 30_000, 30_000]);
      expect(counts().failures).toBe(7);
    });

    it('an item resets the backoff to 1 s', async () => {
      const feed = countedSource();
      make(feed.source);
      feed.current().error(new Error('1'));
      await vi.advanceTimersByTimeAsync(1000);
      feed.current().error(new Error('2'));
      await vi.advanceTimersByTimeAsync(2000);
      expect(feed.subjects).toHaveLength(3);
      feed.current().next('heartbeat');
      feed.current().error(new Error('3'));
      await vi.advanceTimersByTimeAsync(1000);
      expect(feed.subjects).toHaveLength(4);
    });

    it('treats a source that completes as failed', async () => {
      const feed = countedSource();
      make(feed.source);
      feed.current().next('heartbeat');
      feed.current().complete();
      expect(counts()).toMatchObject({ failures: 1, healthy: false });
      await vi.advanceTimersByTimeAsync(1000);
      expect(feed.subjects).toHaveLength(2);
    });

    it('subscribes again to a source that fails as soon as it is subscribed', async () => {
      let subscriptions = 0;
      const source = defer(() => {
        subscriptions++;
        return throwError(() => new Error('refused'));
      });
      make(source);
      expect(subscriptions).toBe(1);
      expect(counts().failures).toBe(1);
      await vi.advanceTimersByTimeAsync(1000);
      expect(subscriptions).toBe(2);
    });

    it('subscribes again to a source that completes as soon as it is subscribed', async () => {
      let subscriptions = 0;
      const source = defer(() => {
        subscriptions++;
        return EMPTY;
      });
      make(source);
      await vi.advanceTimersByTimeAsync(1000);
      expect(subscriptions).toBe(2);
    });
  });

  describe('reads$ and dispose', () => {
    it('is subscribed only while the store reads for itself, and unhealthy while not', async () => {
      const feed = countedSource();
      reads$.next(false);
      const reader = make(feed.source);
      const streams = fakePoller();
      reader.add({ rules: {}, covers: { streams: [streams.poller] } });
      expect(feed.subjects).toHaveLength(0);
      reads$.next(true);
      expect(feed.subjects).toHaveLength(1);
      reads$.next(true); // said again: still one subscription
      expect(feed.subjects).toHaveLength(1);
      feed.current().next('heartbeat');
      expect(counts().healthy).toBe(true);
      reads$.next(false);
      expect(feed.unsubscribed()).toBe(1);
      expect(counts()).toMatchObject({ healthy: false, failures: 0 });
      expect(streams.stretch).toHaveBeenLastCalledWith(undefined);
      // Nothing left to fire: no quiet timer, no retry.
      expect(vi.getTimerCount()).toBe(0);
      reads$.next(true);
      expect(feed.subjects).toHaveLength(2);
    });

    it('a retry pending when the store stops reading is dropped', async () => {
      const feed = countedSource();
      make(feed.source);
      feed.current().error(new Error('x'));
      reads$.next(false);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(feed.subjects).toHaveLength(1);
    });

    it('dispose unsubscribes, puts pollers back and leaves no timer', async () => {
      const feed = countedSource();
      const reader = make(feed.source);
      const streams = fakePoller();
      reader.add({ rules: {}, covers: { streams: [streams.poller] } });
      const subject = feed.current();
      subject.next('heartbeat');
      reader.dispose();
      expect(feed.unsubscribed()).toBe(1);
      expect(streams.stretch).toHaveBeenLastCalledWith(undefined);
      expect(vi.getTimerCount()).toBe(0);
      const received = counts().received;
      subject.next(item(event('X')));
      reads$.next(false);
      reads$.next(true);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(feed.subjects).toHaveLength(1);
      expect(counts().received).toBe(received);
    });

    it('dispose during a pending retry subscribes no more', async () => {
      const feed = countedSource();
      const reader = make(feed.source);
      feed.current().error(new Error('x'));
      reader.dispose();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(feed.subjects).toHaveLength(1);
    });
  });

  describe('sources', () => {
    it('reads an AsyncIterable (an async generator)', async () => {
      vi.useRealTimers();
      const e1 = event('Stream Start');
      async function* feed() {
        yield 'heartbeat';
        yield item(e1);
        yield JSON.stringify(event('Stream Start'));
        yield item(e1);
        // Then nothing for a while (a live connection).
        await new Promise((r) => setTimeout(r, 60_000));
      }
      const reader = make({ [Symbol.asyncIterator]: feed });
      const rule = vi.fn<Rule>(() => 'applied');
      reader.add({ rules: { 'IVS Stream State Change': { 'Stream Start': rule } } });
      await vi.waitFor(() => expect(counts().received).toBe(3));
      expect(counts()).toMatchObject({ applied: 2, duplicates: 1, healthy: true, failures: 0 });
    });

    it('reads any Observable (not only a Subject)', () => {
      const sent: Array<(i: EventFeedItem) => void> = [];
      make(new Observable<EventFeedItem>((s) => void sent.push((i) => s.next(i))));
      expect(sent).toHaveLength(1);
      sent[0]?.(item(event('X')));
      expect(counts()).toMatchObject({ received: 1, unused: 1 });
    });
  });
});
