import { distinctUntilChanged, filter, map, type Observable, scan } from 'rxjs';
import type { Cache } from '../../core/cache.js';

/**
 * What the store derives from the streams it keeps: transitions between two reads, the
 * samples of one stream's reads for sparklines, counts over every watched stream.
 */

/** The health IVS reports for a live stream. */
export type StreamHealthState = 'HEALTHY' | 'STARVING' | 'UNKNOWN';

/** A channel's stream as the store keeps it: offline is data, not an error. */
export interface StreamState {
  /** The channel this is the stream of. */
  channelArn: string;
  /** Whether the channel is broadcasting. */
  state: 'LIVE' | 'OFFLINE';
  /** The stream's health while live; undefined while offline. */
  health: StreamHealthState | undefined;
  /** -1 means the service timed out counting; undefined while offline. */
  viewerCount: number | undefined;
  /** The live stream's id; undefined while offline. */
  streamId: string | undefined;
  /** When the live stream started; undefined while offline. */
  startTime: Date | undefined;
}

/** @deprecated The same type as `StreamState`: use that name. */
export type StreamHealth = StreamState;

/** One successful read of a stream, as `streams.healthHistory$` keeps them. */
export interface HealthSample {
  /** ms since epoch of the read. */
  at: number;
  /** Whether the channel was broadcasting. */
  state: 'LIVE' | 'OFFLINE';
  /** The stream's health while live. */
  health: StreamHealthState | undefined;
  /** Viewers while live (-1: the service timed out counting). */
  viewerCount: number | undefined;
}

/** A change of a watched stream, as `streams.transitions$` emits them. */
export interface StreamTransition {
  /** The channel whose stream changed. */
  channelArn: string;
  /** What changed. */
  type: 'went-live' | 'went-offline' | 'started-starving' | 'recovered';
  /** ms since epoch when the store noticed. */
  at: number;
  /** The live stream's id (the one that ended, for `went-offline`), when known. */
  streamId: string | undefined;
  /** True when an event told the store (the `events` option), before any read did. */
  byEvent?: boolean;
}

/** Counts over the watched streams, as `streams.summary$` emits them. */
export interface StreamsSummary {
  /** Streams watched (and read at least once). */
  watched: number;
  /** Of those, live. */
  live: number;
  /** Of those, offline. */
  offline: number;
  /** Live and healthy. */
  healthy: number;
  /** Live and starving. */
  starving: number;
  /** Live, health unknown. */
  unknown: number;
  /** Sum of known viewer counts of live streams. */
  viewers: number;
}

/** What changed between two reads of a channel's stream, if anything a dashboard names. */
export function transitionOf(
  channelArn: string,
  before: StreamState | undefined,
  after: StreamState | undefined,
  byEvent = false,
): StreamTransition | undefined {
  if (!before || !after) return undefined;
  const t = (type: StreamTransition['type']): StreamTransition => ({
    channelArn,
    type,
    at: Date.now(),
    streamId: after.streamId ?? before.streamId,
    ...(byEvent && { byEvent }),
  });
  if (before.state !== after.state) return t(after.state === 'LIVE' ? 'went-live' : 'went-offline');
  if (after.state !== 'LIVE' || before.health === after.health) return undefined;
  if (after.health === 'STARVING') return t('started-starving');
  return before.health === 'STARVING' ? t('recovered') : undefined;
}

/**
 * The last `size` samples of a stream, one per successful read, changed or not: a read that
 * confirms the same data moves only `checkedAt`, which dates the sample.
 */
export function samples$(
  cache: Cache,
  collection: string,
  arn: string,
  size: number,
): Observable<readonly HealthSample[]> {
  return cache
    .follow$(collection, arn, () => ({
      at: cache.checkedAt(collection, arn),
      data: cache.get<StreamState>(collection, arn).data,
    }))
    .pipe(
      filter((r): r is { at: number; data: StreamState } => r.at !== undefined && r.data !== undefined),
      distinctUntilChanged((a, b) => a.at === b.at),
      scan((ring: readonly HealthSample[], { at, data: d }) => {
        const next = [...ring, { at, state: d.state, health: d.health, viewerCount: d.viewerCount }];
        return next.length > size ? next.slice(next.length - size) : next;
      }, []),
    );
}

/** Counts by state and health over the watched streams; emits only when a count changes. */
export function summary$(cache: Cache, collection: string): Observable<StreamsSummary> {
  return cache
    .follow$(collection, undefined, () => cache.ids(collection))
    .pipe(
      map((ids) => {
        const s: StreamsSummary = { watched: 0, live: 0, offline: 0, healthy: 0, starving: 0, unknown: 0, viewers: 0 };
        for (const id of ids) {
          const data = cache.get<StreamState>(collection, id).data;
          if (!cache.watched(collection, id) || !data) continue;
          s.watched++;
          if (data.state === 'OFFLINE') {
            s.offline++;
            continue;
          }
          s.live++;
          if (data.health === 'HEALTHY') s.healthy++;
          else if (data.health === 'STARVING') s.starving++;
          else s.unknown++;
          if ((data.viewerCount ?? -1) > 0) s.viewers += data.viewerCount as number;
        }
        return s;
      }),
      distinctUntilChanged((a, b) => (Object.keys(a) as Array<keyof StreamsSummary>).every((k) => a[k] === b[k])),
    );
}
