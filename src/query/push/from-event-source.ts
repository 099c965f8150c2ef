import { Observable } from 'rxjs';
import type { EventFeedItem } from './types.js';

/**
 * What an EventSource hands its listeners; only these fields are read.
 * @inline
 */
export interface EventSourceEventLike {
  /** A message's text (SSE `data:`). */
  data?: unknown;
  /** The HTTP status of a refused connection, where the implementation reports it (the `eventsource` package does). */
  code?: unknown;
}

/**
 * The part of the WHATWG EventSource this module uses: written out so that neither the DOM
 * lib nor a polyfill's types are needed to compile against it. The browser's EventSource
 * and the `eventsource` npm package both fit.
 */
export interface EventSourceLike {
  /**
   * Listens to one event type (`open`, `message`, `error` or a named SSE event).
   * @example source.addEventListener('message', (event) => console.log(event.data))
   */
  addEventListener(type: string, listener: (event: EventSourceEventLike) => void): void;
  /**
   * Stops listening with a listener given to `addEventListener`.
   * @example source.removeEventListener('message', onMessage)
   */
  removeEventListener(type: string, listener: (event: EventSourceEventLike) => void): void;
  /**
   * Closes the connection for good.
   * @example source.close()
   */
  close(): void;
}

/** An EventSource class: the browser's, or one from the `eventsource` npm package. */
export type EventSourceConstructor = new (url: string, init?: { withCredentials?: boolean }) => EventSourceLike;

/** Options of `fromEventSource`. */
export interface FromEventSourceOptions {
  /** Send cookies on a cross-origin request (EventSource's own option). Default false. */
  withCredentials?: boolean;
  /** The EventSource class. Default `globalThis.EventSource`; Node 20 has none. */
  EventSource?: EventSourceConstructor;
  /** The name of the SSE event that only says the stream is alive. Default `'heartbeat'`. */
  heartbeat?: string;
}

/**
 * Server-Sent Events as an event feed (the `events.source` of createIvsStore).
 *
 * Cold: each subscription opens its own EventSource, and unsubscribing closes it. The opening and
 * every `heartbeat` event give `'heartbeat'`; every unnamed message gives its `data` text
 * unparsed (the store parses it, and counts a malformed one). An `error` closes the
 * EventSource and errors the Observable instead of letting EventSource reconnect on its own,
 * so the store sees the outage at once and resubscribes with its backoff.
 *
 * @example
 * ```ts
 * import { EventSource } from 'eventsource'; // Node; browsers have one
 * const store = createIvsStore({ ivs, events: fromEventSource('/ivs-events', { EventSource }) });
 * ```
 */
export function fromEventSource(url: string | URL, options: FromEventSourceOptions = {}): Observable<EventFeedItem> {
  return new Observable<EventFeedItem>((subscriber) => {
    const Source = options.EventSource ?? (globalThis as { EventSource?: EventSourceConstructor }).EventSource;
    if (!Source) {
      subscriber.error(
        new TypeError(
          'fromEventSource: there is no EventSource here; pass options.EventSource (e.g. from the `eventsource` npm package)',
        ),
      );
      return;
    }
    const href = String(url);
    const source = new Source(href, { withCredentials: options.withCredentials ?? false });
    const alive = () => subscriber.next('heartbeat');
    const failed = (event: EventSourceEventLike) => {
      source.close();
      // Never the query: it may hold a token or a secret, and errors end up in logs.
      const status = typeof event.code === 'number' ? ` (HTTP ${event.code})` : '';
      subscriber.error(new Error(`The event stream at ${href.split(/[?#]/)[0]} failed or closed${status}`));
    };
    const listeners: Array<[string, (event: EventSourceEventLike) => void]> = [
      ['open', alive],
      ['message', (event) => subscriber.next(String(event.data))],
      [options.heartbeat ?? 'heartbeat', alive],
      ['error', failed],
    ];
    for (const [type, listener] of listeners) source.addEventListener(type, listener);
    return () => {
      for (const [type, listener] of listeners) source.removeEventListener(type, listener);
      source.close();
    };
  });
}
