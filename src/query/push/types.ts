import type { Observable } from 'rxjs';

/**
 * An Amazon EventBridge event in AWS's envelope, as IVS sends it (`source` `aws.ivs`).
 * `detail` depends on `detail-type`; docs/EVENTS.md lists the kinds the store reads.
 */
export interface IvsEvent {
  version: string;
  /** Unique per event: a second delivery of the same event carries the same id. */
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** When the change happened, ISO-8601. */
  time: string;
  region: string;
  /** The ARNs the event is about (a channel, a stage, a composition). */
  resources: string[];
  detail: Record<string, unknown>;
}

/**
 * What an event feed carries: an event (as an object, or as the JSON text of one, the way
 * SSE and WebSocket messages arrive), or the word `'heartbeat'`, which says the feed is alive
 * while nothing happens. Anything else is counted as malformed and ignored.
 */
export type EventFeedItem = IvsEvent | string;

/** A feed of events: any Observable, or any AsyncIterable (a WebSocket wrapper, a generator). */
export type EventFeed = Observable<EventFeedItem> | AsyncIterable<EventFeedItem>;

/** The `events` option in full. */
export interface EventsOptions {
  /** Where the events come from (see `fromEventSource` for Server-Sent Events). */
  source: EventFeed;
  /**
   * How often the kinds the events cover are still read while the feed is healthy, ms:
   * the safety net for events that never arrive. Default 60 000.
   */
  safetyInterval?: number;
  /**
   * The feed is healthy while something (an event or a heartbeat) arrived within this many
   * ms and it has not failed. Default 45 000: three heartbeats of a feed that sends one
   * every 15 s. Past it, the covered kinds go back to their own intervals at once.
   */
  quietAfter?: number;
  /** Only events of this AWS account are read (others are counted as foreign). Default: any. */
  account?: string;
}
