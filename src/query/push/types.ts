import type { Observable } from 'rxjs';

/**
 * An Amazon EventBridge event in AWS's envelope, as IVS sends it (`source` `aws.ivs`).
 * `detail` depends on `detail-type`; docs/EVENTS.md lists the kinds the store reads.
 */
export interface IvsEvent {
  /** The envelope's version, `'0'`. */
  version: string;
  /** Unique per event: a second delivery of the same event carries the same id. */
  id: string;
  /** What happened, e.g. `IVS Stream State Change`: says what `detail` holds. */
  'detail-type': string;
  /** Who sent it: `aws.ivs` for IVS events. */
  source: string;
  /** The AWS account the resources belong to. */
  account: string;
  /** When the change happened, ISO-8601. */
  time: string;
  /** The AWS region of the resources. */
  region: string;
  /** The ARNs the event is about (a channel, a stage, a composition). */
  resources: string[];
  /** The event's own fields, by `detail-type` (docs/EVENTS.md). */
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
