import { map, type Observable } from 'rxjs';
import type { EventFeed } from '../query/push/types.js';

export type { EventFeed, EventFeedItem, IvsEvent } from '../query/push/types.js';

/** The kinds an event feed can keep fresh; each polls at the safety interval while it is healthy. */
export type CoveredKind = 'streams' | 'participants' | 'stages' | 'compositions' | 'streamSessions' | 'channels';
const KINDS: readonly CoveredKind[] = [
  'streams',
  'participants',
  'stages',
  'compositions',
  'streamSessions',
  'channels',
];
/**
 * Covered unless `covers` says otherwise: the kinds IVS's own events report. Not channels:
 * only API calls change them, which reach EventBridge through CloudTrail, and only from
 * accounts with a trail, so a page must say that its feed carries them.
 */
const DEFAULT_KINDS = KINDS.filter((k) => k !== 'channels');

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
  /**
   * The kinds polled at the safety interval while the feed is healthy. Default: all but
   * `channels` (add it when the feed carries IVS's API calls from CloudTrail); leave one out
   * to keep it at its own interval (README, "Push": what each misses).
   */
  covers?: readonly CoveredKind[];
}

export interface CheckedEvents {
  source: EventFeed;
  safetyInterval: number;
  quietAfter: number;
  account: string | undefined;
  covers: ReadonlySet<string>;
}

const isFeed = (v: unknown): v is EventFeed =>
  typeof (v as { subscribe?: unknown } | null)?.subscribe === 'function' ||
  typeof (v as { [Symbol.asyncIterator]?: unknown } | null)?.[Symbol.asyncIterator] === 'function';

/** The `events` option checked: a TypeError naming the field and the rule when it is wrong. */
export function eventsOptions(option: EventFeed | EventsOptions | undefined): CheckedEvents | undefined {
  if (option === undefined) return undefined;
  const fail = (msg: string): never => {
    throw new TypeError(`createIvsStore: ${msg}`);
  };
  const o: EventsOptions = isFeed(option) ? { source: option } : option;
  if (typeof o !== 'object' || o === null || !isFeed(o.source))
    fail(
      'events must be an Observable or AsyncIterable of events, or { source, safetyInterval?, quietAfter?, account?, covers? }',
    );
  const ms = (name: string, v: number | undefined, fallback: number) => {
    const value = v ?? fallback;
    if (!(typeof value === 'number' && Number.isFinite(value) && value > 0))
      fail(`events.${name} must be a positive number of ms, got ${String(v)}`);
    return value;
  };
  if (o.account !== undefined && !(typeof o.account === 'string' && /^\d{12}$/.test(o.account)))
    fail(`events.account must be a 12-digit AWS account id, got ${String(o.account)}`);
  const covers = o.covers ?? DEFAULT_KINDS;
  if (!Array.isArray(covers) || covers.some((k) => !KINDS.includes(k)))
    fail(`events.covers must list some of ${KINDS.join(', ')}, got ${JSON.stringify(o.covers)}`);
  return {
    source: o.source,
    safetyInterval: ms('safetyInterval', o.safetyInterval, 60_000),
    quietAfter: ms('quietAfter', o.quietAfter, 45_000),
    account: o.account,
    covers: new Set(covers),
  };
}

/** Reads for itself: leads its tabs. */
export const leads = (role$: Observable<string>): Observable<boolean> => role$.pipe(map((r) => r === 'leader'));
