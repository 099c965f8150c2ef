import {
  GetStreamCommand,
  ListStreamsCommand,
  type IvsClient,
  type StreamFilters,
  type StreamHealth as SdkStreamHealth,
  type StreamSummary,
} from '@aws-sdk/client-ivs';
import { ignoreElements, merge, type Observable, Subject, throwError } from 'rxjs';
import type { Entry } from '../../core/entry.js';
import type { StoreContext } from '../../query/context.js';
import type { StreamActions } from './stream-actions.js';
import { EntityQuery, type QueryOptions } from '../../query/entity-query.js';
import { ListQuery } from '../../query/list-query.js';
import { derived$ } from '../../query/peeked.js';
import { invalidateAll, type Invalidates, refreshAll } from '../../query/polled-query.js';
import { readEach } from '../../query/reads.js';
import { dataSetter, type SetsData } from '../../query/set-data.js';
import { sweepOrGet } from '../../query/sweep.js';
import type { Collection } from '../collections.js';
import { arnProblem, oneOf, positive } from '../validate.js';
import { inputProblem, optionsProblem, QUERY_OPTIONS, type Checks } from '../../core/checks.js';
import {
  samples$,
  summary$,
  transitionOf,
  type HealthSample,
  type StreamHealthState,
  type StreamState,
  type StreamsSummary,
  type StreamTransition,
} from './stream-views.js';

const STREAMS = 'streams' satisfies Collection;

export type {
  HealthSample,
  StreamHealth,
  StreamHealthState,
  StreamState,
  StreamsSummary,
  StreamTransition,
} from './stream-views.js';

/** `store.streams`: live state and health of channels, read by whichever costs fewer calls. */
export interface StreamsApi extends StreamActions, Invalidates<StreamState>, SetsData<StreamState> {
  /**
   * The stream of a channel: `state: 'OFFLINE'` when it is not broadcasting.
   * @example store.streams.get$(channelArn).subscribe((e) => e.status === 'success' && show(e.data.state))
   */
  get$(channelArn: string, options?: QueryOptions): Observable<Entry<StreamState>>;
  /**
   * Every live stream (all pages of ListStreams), optionally of one health.
   * @example store.streams.live$({ health: 'STARVING' }).subscribe((e) => alertOn(e.data ?? []))
   */
  live$(filter?: { health?: StreamHealthState }, options?: QueryOptions): Observable<Entry<StreamSummary[]>>;
  /**
   * State, health, viewer count and stream id of a channel; emits only when one changes.
   * A bad ARN or bad options fail the Observable (its `error`, kind `validation`); nothing is sent.
   * @example store.streams.health$(channelArn).subscribe((s) => badge(s.state, s.health, s.viewerCount))
   */
  health$(channelArn: string, options?: QueryOptions): Observable<StreamState>;
  /**
   * The last `size` (default 60) samples, one per successful read, for sparklines. A bad
   * ARN, `size` or other option fails the Observable (its `error`, kind `validation`).
   * @example store.streams.healthHistory$(channelArn, { size: 30 }).subscribe((samples) => sparkline(samples))
   */
  healthHistory$(channelArn: string, options?: QueryOptions & { size?: number }): Observable<readonly HealthSample[]>;
  /**
   * One event per change across all watched channels (the first read of a channel is not a change).
   * @example store.streams.transitions$().subscribe((t) => log(`${t.channelArn} ${t.type}`))
   */
  transitions$(): Observable<StreamTransition>;
  /**
   * Counts by state and health over the watched channels, for dashboard headers.
   * @example store.streams.summary$().subscribe((s) => header(`${s.live} live`))
   */
  summary$(): Observable<StreamsSummary>;
  /**
   * Re-reads every watched stream and live list now.
   * @example await store.streams.refresh()
   */
  refresh(): Promise<void>;
}

/** Whether an error is the service's `name` (SDK errors carry it as `name`, the store's as `code`; some wrap it in `cause`). */
const isServiceError = (err: unknown, name: string): boolean => {
  const e = err as { name?: string; code?: string; cause?: { name?: string } } | undefined;
  return e?.code === name || e?.name === name || e?.cause?.name === name;
};

const offline = (channelArn: string): StreamState => ({
  channelArn,
  state: 'OFFLINE',
  health: undefined,
  viewerCount: undefined,
  streamId: undefined,
  startTime: undefined,
});

function live(s: {
  channelArn?: string | undefined;
  health?: string | undefined;
  viewerCount?: number | undefined;
  streamId?: string | undefined;
  startTime?: Date | undefined;
}): StreamState {
  return {
    channelArn: s.channelArn ?? '',
    state: 'LIVE',
    health: s.health as StreamHealthState | undefined,
    viewerCount: s.viewerCount,
    streamId: s.streamId,
    startTime: s.startTime,
  };
}

const PAGE = 100;

/** live$'s filter: ListStreams' `filterBy`. */
const FILTER = { health: oneOf<SdkStreamHealth>()('HEALTHY', 'STARVING', 'UNKNOWN') } satisfies Checks<StreamFilters>;
const HISTORY_OPTIONS = { ...QUERY_OPTIONS, size: positive };

/** The checks of health$ and healthHistory$, which fail their Observable instead of emitting an entry. */
const streamProblem = (channelArn: unknown, options: unknown, checks = QUERY_OPTIONS) =>
  arnProblem('GetStream', 'channelArn', channelArn, 'channel') ?? optionsProblem('GetStream', options, checks);

export function createStreamsApi(ctx: StoreContext, client: IvsClient): StreamsApi {
  const transitions = new Subject<StreamTransition>();
  ctx.onDispose(() => transitions.complete());
  /** One page of ListStreams: the health sweep and `live$()` send the very same call, so they share it. */
  const listStreams = async (
    f: { health?: StreamHealthState } | undefined,
    nextToken: string | undefined,
    signal: AbortSignal,
  ) => {
    const out = await client.send(
      new ListStreamsCommand({
        maxResults: PAGE,
        nextToken,
        ...(f?.health ? { filterBy: { health: f.health } } : {}),
      }),
      { abortSignal: signal },
    );
    return { items: out.streams ?? [], nextToken: out.nextToken };
  };

  const entities = new EntityQuery<StreamState>(ctx, {
    collection: STREAMS,
    service: 'ivs',
    checkId: (arn) => arnProblem('GetStream', 'channelArn', arn, 'channel'),
    operation: 'ListStreams',
    max: 100_000,
    /**
     * Health by cost: a ListStreams sweep costs one call per 100 live streams and answers
     * for every watched channel (absent = offline); GetStream costs one call per channel.
     * The sweep is `live$()`'s read too: whichever polls first, the other takes its answer.
     */
    read: sweepOrGet(ctx, {
      get: readEach(
        'GetStream',
        async (arn, signal) =>
          live({
            ...(await client.send(new GetStreamCommand({ channelArn: arn }), { abortSignal: signal })).stream,
            channelArn: arn,
          }),
        {
          recover: (err, arn) => (isServiceError(err, 'ChannelNotBroadcasting') ? offline(arn) : undefined),
        },
      ),
      sweep: {
        service: 'ivs',
        operation: 'ListStreams',
        pageSize: PAGE,
        page: (nextToken, signal) => listStreams(undefined, nextToken, signal),
        idOf: (s) => s.channelArn,
        found: live,
        absent: offline,
      },
    }),
    onChange(channelArn, before, after, byEvent) {
      const t = transitionOf(channelArn, before, after, byEvent);
      if (t) transitions.next(t);
    },
  });
  // live$ summaries are not merged into the per-channel entries: those take the same read at their own poll (the sweep).
  const liveLists = new ListQuery<{ health?: StreamHealthState }, StreamSummary>(ctx, {
    collection: 'streams:lists' satisfies Collection,
    service: 'ivs',
    operation: 'ListStreams',
    checkFilter: (f) => inputProblem('ListStreams', f, FILTER, 'filter', true),
    page: listStreams,
    idOf: (s) => s.channelArn ?? '',
  });
  // Event rules load with the event feed's code, on stores given one.
  ctx.push?.rules(async () => (await import('./stream-rules.js')).streamRules(entities, liveLists));
  // Actions are code a dashboard that only watches never needs: loaded with the first one.
  const actions = ctx.onDemand(
    'stream actions',
    () => import('./stream-actions.js'),
    (m) => m.createStreamActions(ctx, client, entities),
  );

  const get$ = (arn: string, options?: QueryOptions) => entities.get$(arn, options);
  const sameHealth = (a: StreamState, b: StreamState) =>
    a.state === b.state && a.health === b.health && a.viewerCount === b.viewerCount && a.streamId === b.streamId;

  const api: StreamsApi = {
    get$,
    live$: (f, options) => liveLists.list$(f, options),
    health$: (arn, options) => {
      const problem = streamProblem(arn, options);
      if (problem) return throwError(() => problem);
      // Peeked as get$ is: a first render shows the cached health.
      return derived$(get$(arn, options), (e) => e.data, sameHealth);
    },
    healthHistory$(arn, options = {}) {
      const problem = streamProblem(arn, options, HISTORY_OPTIONS);
      if (problem) return throwError(() => problem);
      const { size = 60, ...query } = options;
      // get$ keeps the stream watched and polled.
      return merge(get$(arn, query).pipe(ignoreElements()), samples$(ctx.cache, STREAMS, arn, size));
    },
    transitions$: () => transitions.asObservable(),
    summary$: () => summary$(ctx.cache, STREAMS),

    stop: async (channelArn) => (await actions()).stop(channelArn),
    putMetadata: async (channelArn, metadata) => (await actions()).putMetadata(channelArn, metadata),
    insertAdBreak: async (channelArn, durationSeconds) => (await actions()).insertAdBreak(channelArn, durationSeconds),

    // By channel ARN, as get$: the change shows in health$, healthHistory$'s next sample and summary$ too.
    setData: dataSetter(ctx, STREAMS, (arn) => arnProblem('setData', 'channelArn', arn, 'channel')),
    refresh: refreshAll(entities, liveLists),
    invalidate: invalidateAll(entities, liveLists),
  };
  return api;
}
