import { GetStreamCommand, InsertAdBreakCommand, ListStreamsCommand, PutMetadataCommand, StopStreamCommand, type IvsClient, type StreamFilters, type StreamHealth as SdkStreamHealth, type StreamSummary } from '@aws-sdk/client-ivs';
import { distinctUntilChanged, filter, ignoreElements, map, merge, type Observable, scan, Subject, throwError } from 'rxjs';
import type { Entry } from '../../core/entry.js';
import { invalidInput } from '../../core/errors.js';
import type { StoreContext } from '../../query/context.js';
import { EntityQuery, type QueryOptions } from '../../query/entity-query.js';
import { ListQuery } from '../../query/list-query.js';
import { readEach } from '../../query/reads.js';
import { sweepOrGet } from '../../query/sweep.js';
import { Writes } from '../../query/writes.js';
import type { Collection } from '../collections.js';
import { arnProblem, inputProblem, optionsProblem, QUERY_OPTIONS, rule, type Checks } from '../validate.js';
import { mandatory, oneOf } from '../validate-input.js';

const STREAMS = 'streams' satisfies Collection;

export type StreamHealthState = 'HEALTHY' | 'STARVING' | 'UNKNOWN';

/** A channel's stream as the store keeps it: offline is data, not an error. */
export interface StreamState {
  channelArn: string;
  state: 'LIVE' | 'OFFLINE';
  health: StreamHealthState | undefined;
  /** -1 means the service timed out counting; undefined while offline. */
  viewerCount: number | undefined;
  streamId: string | undefined;
  startTime: Date | undefined;
}

/** @deprecated The same type as `StreamState`: use that name. */
export type StreamHealth = StreamState;

export interface HealthSample {
  at: number;
  state: 'LIVE' | 'OFFLINE';
  health: StreamHealthState | undefined;
  viewerCount: number | undefined;
}

export interface StreamTransition {
  channelArn: string;
  type: 'went-live' | 'went-offline' | 'started-starving' | 'recovered';
  /** ms since epoch when the store noticed. */
  at: number;
  streamId: string | undefined;
}

export interface StreamsSummary {
  watched: number;
  live: number;
  offline: number;
  healthy: number;
  starving: number;
  unknown: number;
  /** Sum of known viewer counts of live streams. */
  viewers: number;
}

export interface StreamsApi {
  /** The stream of a channel: `state: 'OFFLINE'` when it is not broadcasting. */
  get$(channelArn: string, options?: QueryOptions): Observable<Entry<StreamState>>;
  /** Every live stream (all pages of ListStreams), optionally of one health. */
  live$(filter?: { health?: StreamHealthState }, options?: QueryOptions): Observable<Entry<StreamSummary[]>>;
  /**
   * State, health, viewer count and stream id of a channel; emits only when one changes.
   * A bad ARN or bad options fail the Observable (its `error`, kind `validation`); nothing is sent.
   */
  health$(channelArn: string, options?: QueryOptions): Observable<StreamState>;
  /**
   * The last `size` (default 60) samples, one per successful read, for sparklines. A bad
   * ARN, `size` or other option fails the Observable (its `error`, kind `validation`).
   */
  healthHistory$(channelArn: string, options?: QueryOptions & { size?: number }): Observable<readonly HealthSample[]>;
  /** One event per change across all watched channels (the first read of a channel is not a change). */
  transitions$(): Observable<StreamTransition>;
  /** Counts by state and health over the watched channels, for dashboard headers. */
  summary$(): Observable<StreamsSummary>;
  /** Stops a live stream (StopStream), then re-reads it. */
  stop(channelArn: string): Promise<void>;
  /** Timed metadata (≤ 1 KB), queued to stay within 5 calls per second per channel. */
  putMetadata(channelArn: string, metadata: string): Promise<void>;
  /** An ad break on a live channel that has an ad configuration; resolves with its id. */
  insertAdBreak(channelArn: string, durationSeconds: number): Promise<string | undefined>;
  refresh(): Promise<void>;
}

/** Whether an error is the service's `name` (SDK errors carry it as `name`, the store's as `code`; some wrap it in `cause`). */
const isServiceError = (err: unknown, name: string): boolean => {
  const e = err as { name?: string; code?: string; cause?: { name?: string } } | undefined;
  return e?.code === name || e?.name === name || e?.cause?.name === name;
};

const offline = (channelArn: string): StreamState => ({ channelArn, state: 'OFFLINE', health: undefined, viewerCount: undefined, streamId: undefined, startTime: undefined });

function live(s: { channelArn?: string | undefined; health?: string | undefined; viewerCount?: number | undefined; streamId?: string | undefined; startTime?: Date | undefined }): StreamState {
  return { channelArn: s.channelArn ?? '', state: 'LIVE', health: s.health as StreamHealthState | undefined, viewerCount: s.viewerCount, streamId: s.streamId, startTime: s.startTime };
}

const PAGE = 100;

/** live$'s filter: ListStreams' `filterBy`. */
const FILTER = { health: oneOf<SdkStreamHealth>()('HEALTHY', 'STARVING', 'UNKNOWN') } satisfies Checks<StreamFilters>;
const positive = rule((v) => Number.isInteger(v) && (v as number) > 0, 'a positive integer');
const HISTORY_OPTIONS = { ...QUERY_OPTIONS, size: positive };

/** The checks of health$ and healthHistory$, which fail their Observable instead of emitting an entry. */
const streamProblem = (channelArn: unknown, options: unknown, checks = QUERY_OPTIONS) => arnProblem('GetStream', 'channelArn', channelArn, 'channel') ?? optionsProblem('GetStream', options, checks);

export function createStreamsApi(ctx: StoreContext, client: IvsClient): StreamsApi {
  const transitions = new Subject<StreamTransition>();
  ctx.onDispose(() => transitions.complete());

  const entities = new EntityQuery<StreamState>(ctx, {
    collection: STREAMS,
    service: 'ivs',
    checkId: (arn) => arnProblem('GetStream', 'channelArn', arn, 'channel'),
    operation: 'ListStreams',
    max: 100_000,
    /**
     * Health by cost: a ListStreams sweep costs one call per 100 live streams and answers
     * for every watched channel (absent = offline); GetStream costs one call per channel.
     */
    read: sweepOrGet({
      get: readEach('GetStream', async (arn, signal) => live({ ...(await client.send(new GetStreamCommand({ channelArn: arn }), { abortSignal: signal })).stream, channelArn: arn }), {
        recover: (err, arn) => (isServiceError(err, 'ChannelNotBroadcasting') ? offline(arn) : undefined),
      }),
      sweep: {
        operation: 'ListStreams',
        pageSize: PAGE,
        page: async (nextToken, signal) => {
          const out = await client.send(new ListStreamsCommand({ maxResults: PAGE, nextToken }), { abortSignal: signal });
          return { items: out.streams ?? [], nextToken: out.nextToken };
        },
        idOf: (s) => s.channelArn,
        found: live,
        absent: offline,
      },
    }),
    onChange(channelArn, before, after) {
      if (!before || !after) return;
      const at = Date.now();
      const emit = (type: StreamTransition['type']) => transitions.next({ channelArn, type, at, streamId: after.streamId ?? before.streamId });
      if (before.state !== after.state) emit(after.state === 'LIVE' ? 'went-live' : 'went-offline');
      else if (after.state === 'LIVE' && before.health !== after.health) {
        if (after.health === 'STARVING') emit('started-starving');
        else if (before.health === 'STARVING') emit('recovered');
      }
    },
  });
  // live$ summaries are not merged into the per-channel entries: those come from their own reads.
  const liveLists = new ListQuery<{ health?: StreamHealthState }, StreamSummary>(ctx, {
    collection: 'streams:lists' satisfies Collection,
    service: 'ivs',
    operation: 'ListStreams',
    checkFilter: (f) => inputProblem('ListStreams', f, FILTER, 'filter', true),
    async page(f, nextToken, signal) {
      const out = await client.send(new ListStreamsCommand({ maxResults: PAGE, nextToken, ...(f?.health ? { filterBy: { health: f.health } } : {}) }), { abortSignal: signal });
      return { items: out.streams ?? [], nextToken: out.nextToken };
    },
    idOf: (s) => s.channelArn ?? '',
  });
  const writes = new Writes<StreamState>(ctx, { service: 'ivs', entities });

  const get$ = (arn: string, options?: QueryOptions) => entities.get$(arn, options);
  const sameHealth = (a: StreamState, b: StreamState) => a.state === b.state && a.health === b.health && a.viewerCount === b.viewerCount && a.streamId === b.streamId;

  const api: StreamsApi = {
    get$,
    live$: (f, options) => liveLists.list$(f, options),
    health$: (arn, options) => {
      const problem = streamProblem(arn, options);
      if (problem) return throwError(() => problem);
      return get$(arn, options).pipe(
        map((e) => e.data),
        filter((d): d is StreamState => d !== undefined),
        distinctUntilChanged(sameHealth),
      );
    },
    healthHistory$(arn, options = {}) {
      const problem = streamProblem(arn, options, HISTORY_OPTIONS);
      if (problem) return throwError(() => problem);
      const { size: ringSize = 60, ...query } = options;
      // get$ keeps the stream watched and polled. One sample per successful read, changed or
      // not: a read that confirms the same data moves only `checkedAt`.
      const { cache } = ctx;
      const reads$ = cache.follow$(STREAMS, arn, () => ({ at: cache.checkedAt(STREAMS, arn), data: cache.get<StreamState>(STREAMS, arn).data })).pipe(
        filter((r): r is { at: number; data: StreamState } => r.at !== undefined && r.data !== undefined),
        distinctUntilChanged((a, b) => a.at === b.at),
      );
      return merge(get$(arn, query).pipe(ignoreElements()), reads$).pipe(
        scan((ring: readonly HealthSample[], { at, data: d }) => {
          const next = [...ring, { at, state: d.state, health: d.health, viewerCount: d.viewerCount }];
          return next.length > ringSize ? next.slice(next.length - ringSize) : next;
        }, []),
      );
    },
    transitions$: () => transitions.asObservable(),
    summary$: () =>
      ctx.cache.follow$(STREAMS, undefined, () => ctx.cache.ids(STREAMS)).pipe(
        map((ids) => {
          const s: StreamsSummary = { watched: 0, live: 0, offline: 0, healthy: 0, starving: 0, unknown: 0, viewers: 0 };
          for (const id of ids) {
            const data = ctx.cache.get<StreamState>(STREAMS, id).data;
            if (!ctx.cache.watched(STREAMS, id) || !data) continue;
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
      ),

    async stop(channelArn) {
      const problem = arnProblem('StopStream', 'channelArn', channelArn, 'channel');
      if (problem) throw problem;
      await writes.send('StopStream', channelArn, (signal) => client.send(new StopStreamCommand({ channelArn }), { abortSignal: signal }));
      await entities.load([channelArn], 'user');
    },

    async putMetadata(channelArn, metadata) {
      const problem = arnProblem('PutMetadata', 'channelArn', channelArn, 'channel');
      if (problem) throw problem;
      if (typeof metadata !== 'string' || metadata.length === 0) throw invalidInput('PutMetadata', 'metadata', 'must be a non-empty string');
      const bytes = new TextEncoder().encode(metadata).length;
      if (bytes > 1024) throw invalidInput('PutMetadata', 'metadata', `must be at most 1 KB (1024 bytes), got ${bytes} bytes`);
      // 5 calls per second per channel: a quota group of its own for each channel (5 TPS, as unlisted groups get).
      await writes.send('PutMetadata', channelArn, (signal) => client.send(new PutMetadataCommand({ channelArn, metadata }), { abortSignal: signal }), `PutMetadata:${channelArn}`);
    },

    async insertAdBreak(channelArn, durationSeconds) {
      const problem = arnProblem('InsertAdBreak', 'channelArn', channelArn, 'channel') ?? mandatory(positive)('InsertAdBreak', 'durationSeconds', durationSeconds);
      if (problem) throw problem;
      const out = await writes.send('InsertAdBreak', channelArn, (signal) => client.send(new InsertAdBreakCommand({ channelArn, durationSeconds }), { abortSignal: signal }));
      return out.adBreakId;
    },

    refresh: async () => {
      await Promise.all([entities.refresh(), liveLists.refresh()]);
    },
  };
  return api;
}
