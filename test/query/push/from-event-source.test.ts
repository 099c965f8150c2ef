import { EventSource as PolyfillEventSource } from 'eventsource';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  type EventSourceConstructor,
  type EventSourceEventLike,
  fromEventSource,
} from '../../../src/query/push/from-event-source.js';
import type { EventFeedItem } from '../../../src/query/push/types.js';

type Listener = (event: EventSourceEventLike) => void;

/** A stand-in EventSource: records what it was given and lets a test fire its events. */
class FakeEventSource {
  static made: FakeEventSource[] = [];
  readonly listeners = new Map<string, Set<Listener>>();
  closed = 0;
  constructor(
    readonly url: string,
    readonly init?: { withCredentials?: boolean },
  ) {
    FakeEventSource.made.push(this);
  }
  addEventListener(type: string, listener: Listener): void {
    const set = this.listeners.get(type) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(type, set);
  }
  removeEventListener(type: string, listener: Listener): void {
    this.listeners.get(type)?.delete(listener);
  }
  close(): void {
    this.closed++;
  }
  fire(type: string, event: EventSourceEventLike = {}): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
  listening(): number {
    return [...this.listeners.values()].reduce((n, set) => n + set.size, 0);
  }
}

afterEach(() => {
  FakeEventSource.made = [];
  vi.unstubAllGlobals();
});

function subscribe(url: string, options: { heartbeat?: string; withCredentials?: boolean } = {}) {
  const items: EventFeedItem[] = [];
  const errors: unknown[] = [];
  const subscription = fromEventSource(url, { EventSource: FakeEventSource, ...options }).subscribe({
    next: (item) => items.push(item),
    error: (err) => errors.push(err),
  });
  const source = FakeEventSource.made.at(-1) as FakeEventSource;
  return { items, errors, subscription, source };
}

describe('fromEventSource', () => {
  it('the browser EventSource and the eventsource package both fit the constructor type', () => {
    // Checked by tsc: a mismatch here fails the type-check.
    expectTypeOf(PolyfillEventSource).toExtend<EventSourceConstructor>();
    expectTypeOf<typeof globalThis.EventSource>().toExtend<EventSourceConstructor>();
  });

  it('opens one EventSource at the url, with withCredentials as given (default false)', () => {
    const { source } = subscribe('https://events.example/sse?token=abc');
    expect(FakeEventSource.made).toHaveLength(1);
    expect([source.url, source.init]).toEqual(['https://events.example/sse?token=abc', { withCredentials: false }]);
    expect(subscribe('https://e.example/', { withCredentials: true }).source.init).toEqual({ withCredentials: true });
  });

  it("open gives 'heartbeat': the stream is alive", () => {
    const { items, source } = subscribe('https://e.example/');
    expect(items).toEqual([]);
    source.fire('open');
    expect(items).toEqual(['heartbeat']);
  });

  it('a message gives its data text as is, unparsed, malformed or not', () => {
    const { items, source } = subscribe('https://e.example/');
    source.fire('message', { data: '{"id":"e1","detail-type":"IVS Stream State Change"}' });
    source.fire('message', { data: 'not json' });
    expect(items).toEqual(['{"id":"e1","detail-type":"IVS Stream State Change"}', 'not json']);
  });

  it("a named heartbeat event gives 'heartbeat', whatever its data", () => {
    const { items, source } = subscribe('https://e.example/');
    source.fire('heartbeat', { data: '{}' });
    source.fire('heartbeat', { data: 'anything' });
    expect(items).toEqual(['heartbeat', 'heartbeat']);
  });

  it('the heartbeat event name can be changed; the default name then means nothing', () => {
    const { items, source } = subscribe('https://e.example/', { heartbeat: 'ping' });
    source.fire('ping', { data: '' });
    source.fire('heartbeat', { data: '{}' });
    expect(items).toEqual(['heartbeat']);
  });

  it('an error closes the EventSource and errors the Observable, naming the url without its query', () => {
    const { items, errors, subscription, source } = subscribe('https://e.example/sse?token=AKIA:s3cret#frag');
    source.fire('open');
    source.fire('error', { code: 403 });
    expect(source.closed).toBeGreaterThanOrEqual(1);
    expect(source.listening()).toBe(0);
    expect(subscription.closed).toBe(true);
    expect(errors).toHaveLength(1);
    const message = (errors[0] as Error).message;
    expect(message).toBe('The event stream at https://e.example/sse failed or closed (HTTP 403)');
    expect(message).not.toContain('s3cret');
    // Nothing more comes through once it has failed.
    source.fire('message', { data: 'late' });
    expect(items).toEqual(['heartbeat']);
  });

  it('an error without a status (as in browsers) says only that the stream failed', () => {
    const { errors, source } = subscribe('/_events?token=x');
    source.fire('error');
    expect((errors[0] as Error).message).toBe('The event stream at /_events failed or closed');
  });

  it('unsubscribing closes the EventSource and removes its listeners', () => {
    const { items, subscription, source } = subscribe('https://e.example/');
    expect(source.listening()).toBe(4);
    subscription.unsubscribe();
    expect(source.closed).toBe(1);
    expect(source.listening()).toBe(0);
    source.fire('message', { data: 'after' });
    expect(items).toEqual([]);
  });

  it('is cold: two subscriptions open two EventSources, each closed on its own', () => {
    const feed = fromEventSource(new URL('https://e.example/sse'), { EventSource: FakeEventSource });
    const a: EventFeedItem[] = [];
    const b: EventFeedItem[] = [];
    const subA = feed.subscribe((item) => a.push(item));
    feed.subscribe((item) => b.push(item));
    expect(FakeEventSource.made.map((s) => s.url)).toEqual(['https://e.example/sse', 'https://e.example/sse']);
    const [first, second] = FakeEventSource.made as [FakeEventSource, FakeEventSource];
    first.fire('message', { data: 'only a' });
    expect([a, b]).toEqual([['only a'], []]);
    subA.unsubscribe();
    expect([first.closed, second.closed]).toEqual([1, 0]);
  });

  it('uses globalThis.EventSource when none is passed', () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    const items: EventFeedItem[] = [];
    fromEventSource('https://e.example/').subscribe((item) => items.push(item));
    FakeEventSource.made[0]?.fire('open');
    expect(items).toEqual(['heartbeat']);
  });

  it('without an EventSource (Node 20 has none) the subscription fails with a TypeError that says what to pass', () => {
    vi.stubGlobal('EventSource', undefined);
    const errors: unknown[] = [];
    fromEventSource('https://e.example/').subscribe({ error: (err) => errors.push(err) });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(TypeError);
    expect((errors[0] as Error).message).toMatch(/options\.EventSource/);
  });
});
