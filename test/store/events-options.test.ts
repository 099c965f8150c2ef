import type { IvsClient } from '@aws-sdk/client-ivs';
import { Observable, Subject, finalize } from 'rxjs';
import { streamStartRecorder } from '../support/push.js';
import { describe, expect, it, vi } from 'vitest';
import { type EventMetrics, MetricsRecorder } from '../../src/core/metrics.js';
import type { EventFeedItem } from '../../src/query/push/types.js';
import { createIvsStore } from '../../src/index.js';
import { type EventsOptions, eventsOptions } from '../../src/store/events.js';
import { startFeed } from '../../src/store/push-feed.js';

/** Covered by default: all but channels (only CloudTrail's API-call events report their changes). */
const KINDS = ['streams', 'participants', 'stages', 'compositions', 'streamSessions'];

/** eventsOptions with anything (as plain JavaScript could pass). */
const check = (option: unknown) => eventsOptions(option as EventsOptions);

/** The TypeError's message for `option`, or 'no error'. */
const messageOf = (option: unknown): string => {
  try {
    check(option);
    return 'no error';
  } catch (e) {
    expect(e).toBeInstanceOf(TypeError);
    return (e as Error).message;
  }
};

async function* generator(): AsyncGenerator<EventFeedItem> {
  yield 'heartbeat';
}

describe('eventsOptions', () => {
  it('is undefined without the option', () => {
    expect(eventsOptions(undefined)).toBeUndefined();
  });

  it('fills the defaults: 60 s safety interval, 45 s quiet, any account, every kind covered', () => {
    const source = new Subject<EventFeedItem>();
    expect(eventsOptions({ source })).toEqual({
      source,
      safetyInterval: 60_000,
      quietAfter: 45_000,
      account: undefined,
      covers: new Set(KINDS),
    });
  });

  it('takes what it is given', () => {
    const source = new Subject<EventFeedItem>();
    const checked = eventsOptions({
      source,
      safetyInterval: 120_000,
      quietAfter: 20_000,
      account: '123456789012',
      covers: ['streams', 'stages'],
    });
    expect(checked).toEqual({
      source,
      safetyInterval: 120_000,
      quietAfter: 20_000,
      account: '123456789012',
      covers: new Set(['streams', 'stages']),
    });
    // Covering nothing is allowed: events still apply, nothing polls less.
    expect(eventsOptions({ source, covers: [] })?.covers).toEqual(new Set());
  });

  it('accepts a bare Observable, an async generator or any AsyncIterable as the source', () => {
    const obs = new Observable<EventFeedItem>();
    expect(eventsOptions(obs)?.source).toBe(obs);
    const gen = generator();
    expect(eventsOptions(gen)?.source).toBe(gen);
    const iterable = { [Symbol.asyncIterator]: generator };
    expect(eventsOptions(iterable)?.source).toBe(iterable);
    // An Observable given whole is the source, not read as options (it has a `source` field of its own).
    const piped = obs.pipe(finalize(() => undefined));
    expect(eventsOptions(piped)).toMatchObject({ source: piped, safetyInterval: 60_000 });
  });

  it('refuses a missing or wrong source, naming the option', () => {
    for (const bad of [
      {},
      { source: 5 },
      { source: {} },
      { source: [] },
      { source: null },
      5,
      'events',
      null,
      [],
      true,
    ]) {
      expect(messageOf(bad)).toMatch(/^createIvsStore: events must be an Observable or AsyncIterable/);
    }
  });

  it.each(['safetyInterval', 'quietAfter'])('refuses %s that is not a positive finite number of ms', (field) => {
    const source = new Subject<EventFeedItem>();
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '1000', {}]) {
      expect(messageOf({ source, [field]: bad })).toBe(
        `createIvsStore: events.${field} must be a positive number of ms, got ${String(bad)}`,
      );
    }
    expect(messageOf({ source, [field]: 0.5 })).toBe('no error');
  });

  it('refuses an account that is not 12 digits', () => {
    const source = new Subject<EventFeedItem>();
    for (const bad of ['12345678901', '1234567890123', '12345678901a', ' 123456789012', 123456789012, '']) {
      expect(messageOf({ source, account: bad })).toMatch(
        /^createIvsStore: events\.account must be a 12-digit AWS account id/,
      );
    }
  });

  it('refuses covers that is not a list of known kinds, naming them', () => {
    const source = new Subject<EventFeedItem>();
    for (const bad of [['streams', 'configurations'], 'streams', [undefined], {}]) {
      const message = messageOf({ source, covers: bad });
      expect(message).toMatch(/^createIvsStore: events\.covers must list some of /);
      expect(message).toContain([...KINDS, 'channels'].join(', '));
    }
  });

  it('covers channels only when asked', () => {
    const source = new Subject<EventFeedItem>();
    expect(check({ source, covers: ['channels', 'streams'] })?.covers).toEqual(new Set(['channels', 'streams']));
    expect(check({ source })?.covers.has('channels')).toBe(false);
  });

  it('createIvsStore refuses a wrong events option as it is made', () => {
    const ivs = { config: {}, send: vi.fn() } as unknown as IvsClient;
    expect(() => createIvsStore({ ivs, events: { source: new Subject(), quietAfter: -5 } })).toThrow(
      /events\.quietAfter must be a positive number of ms, got -5/,
    );
    expect(ivs.send).not.toHaveBeenCalled();
  });
});

describe('startFeed (the feed on the IVS client)', () => {
  const ACCOUNT = '123456789012';
  const evt = (id: string, region: string, time: string): EventFeedItem =>
    JSON.stringify({
      version: '0',
      id,
      'detail-type': 'IVS Stream State Change',
      source: 'aws.ivs',
      account: ACCOUNT,
      time,
      region,
      resources: [`arn:aws:ivs:${region}:${ACCOUNT}:channel/abc`],
      detail: { event_name: 'Stream Start' },
    });

  function start(config: Record<string, unknown>) {
    const metrics = new MetricsRecorder();
    let unsubscribed = 0;
    const subject = new Subject<EventFeedItem>();
    const source = subject.pipe(finalize(() => unsubscribed++));
    const options = eventsOptions({ source, account: ACCOUNT }) as NonNullable<ReturnType<typeof eventsOptions>>;
    const reader = startFeed({ options, ivs: { config }, metrics });
    const { got, rules } = streamStartRecorder();
    reader.add(rules);
    return {
      subject,
      metrics,
      got,
      counts: () => metrics.snapshot.events as EventMetrics,
      unsubscribed: () => unsubscribed,
      dispose: () => reader.dispose(),
    };
  }

  it('reads the region from the client (a provider) and counts events of another as foreign', async () => {
    const t = start({ region: async () => 'us-west-2' });
    await vi.waitFor(() => expect(t.subject.observed).toBe(true));
    // Rules are handed once their code loads.
    await vi.waitFor(() => {
      t.subject.next(evt(`probe-${Math.random()}`, 'us-west-2', '2024-09-09T16:17:26Z'));
      expect(t.got.length).toBeGreaterThan(0);
    });
    t.subject.next(evt('other', 'eu-west-1', '2024-09-09T16:17:26Z'));
    expect(t.counts().foreign).toBe(1);
    t.dispose();
    await vi.waitFor(() => expect(t.unsubscribed()).toBe(1));
  });

  it('corrects event times by the SDK clock offset only beyond a second', async () => {
    const config: Record<string, unknown> = { region: 'us-west-2', systemClockOffset: 999 };
    const t = start(config);
    const time = '2024-09-09T16:17:26.500Z';
    let n = 0;
    await vi.waitFor(() => {
      t.subject.next(evt(`a-${++n}`, 'us-west-2', time));
      expect(t.got.length).toBeGreaterThan(0);
    });
    expect(t.got.at(-1)?.at).toBe(Date.parse(time));
    config.systemClockOffset = -1500;
    t.subject.next(evt('b', 'us-west-2', time));
    expect(t.got.at(-1)?.at).toBe(Date.parse(time) + 1500);
    t.dispose();
  });

  it('a store disposed before the feed code loads never subscribes', async () => {
    const subject = new Subject<EventFeedItem>();
    const ivs = { config: { region: 'us-west-2' }, send: vi.fn() } as unknown as IvsClient;
    const store = createIvsStore({ ivs, events: subject, tabs: false });
    store.dispose();
    await new Promise((r) => setTimeout(r, 50));
    expect(subject.observed).toBe(false);
  });
});
