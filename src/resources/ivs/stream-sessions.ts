import {
  GetStreamSessionCommand,
  ListStreamSessionsCommand,
  type IvsClient,
  type StreamSession,
  type StreamSessionSummary,
} from '@aws-sdk/client-ivs';
import type { Observable } from 'rxjs';
import type { Entry } from '../../core/entry.js';
import { required } from '../../core/errors.js';
import type { StoreContext } from '../../query/context.js';
import { EntityQuery, type QueryOptions } from '../../query/entity-query.js';
import { ListQuery, type PagedEntry, type PagedOptions } from '../../query/list-query.js';
import { invalidateAll, type Invalidates, refreshAll } from '../../query/polled-query.js';
import { compositeId, readEachByParts } from '../../query/composite-id.js';
import type { Collection } from '../collections.js';
import { arnProblem } from '../validate.js';
import { invalid$, rule } from '../../core/checks.js';

/** `store.streamSessions`: the broadcast sessions of channels, past and current. */
export interface StreamSessionsApi extends Invalidates<StreamSession> {
  /**
   * Sessions of a channel, newest first (all pages).
   * @example store.streamSessions.list$(channelArn).subscribe(render)
   */
  list$(channelArn: string, options?: QueryOptions): Observable<Entry<StreamSessionSummary[]>>;
  /**
   * Sessions of a channel page by page, newest first (`{ pageSize }` and the query options).
   *
   * @example
   * ```ts
   * store.streamSessions.pages$(channelArn, { pageSize: 10 }).subscribe((e) => render(e.data?.items ?? []));
   * ```
   */
  pages$(channelArn: string, options?: PagedOptions): Observable<PagedEntry<StreamSessionSummary>>;
  /**
   * One session with its ingest configuration and recent events; the latest when `streamId` is omitted.
   * @example store.streamSessions.get$(channelArn, streamId).subscribe(render)
   */
  get$(channelArn: string, streamId?: string, options?: QueryOptions): Observable<Entry<StreamSession>>;
  /**
   * Re-reads every watched session and session list now.
   * @example await store.streamSessions.refresh()
   */
  refresh(): Promise<void>;
}

const LATEST = 'latest';
const STREAM_ID = /^st-[a-zA-Z0-9]{23}$/;

/** A stream id: absent means the latest session. */
const streamIdProblem = rule(
  (v) => typeof v === 'string' && STREAM_ID.test(v),
  "'st-' followed by 23 letters or digits",
);

export function createStreamSessionsApi(ctx: StoreContext, client: IvsClient): StreamSessionsApi {
  const sessions = new EntityQuery<StreamSession>(ctx, {
    collection: 'streamSessions' satisfies Collection,
    service: 'ivs',
    // get$ checks channel and stream id before it joins them into this key.
    checkId: () => undefined,
    operation: 'GetStreamSession',
    max: 1_000,
    read: readEachByParts('GetStreamSession', async (parts, signal) => {
      const [channelArn, streamId] = parts as [string, string];
      const out = await client.send(
        new GetStreamSessionCommand({ channelArn, ...(streamId === LATEST ? {} : { streamId }) }),
        { abortSignal: signal },
      );
      return required(out.streamSession, 'GetStreamSession', 'streamSession');
    }),
  });
  const lists = new ListQuery<{ channelArn: string }, StreamSessionSummary>(ctx, {
    collection: 'streamSessions:lists' satisfies Collection,
    service: 'ivs',
    operation: 'ListStreamSessions',
    checkFilter: (f) => arnProblem('ListStreamSessions', 'channelArn', f?.channelArn, 'channel'),
    async page(f, nextToken, signal, size) {
      const out = await client.send(
        new ListStreamSessionsCommand({ channelArn: f?.channelArn, nextToken, maxResults: size }),
        { abortSignal: signal },
      );
      return { items: out.streamSessions ?? [], nextToken: out.nextToken };
    },
    idOf: (s) => s.streamId ?? '',
  });
  ctx.push?.rules(async () => (await import('./stream-rules.js')).streamSessionRules(lists));
  return {
    list$: (channelArn, options) => lists.list$({ channelArn }, options),
    pages$: (channelArn, options) => lists.pages$({ channelArn }, options),
    get$(channelArn, streamId, options) {
      // Checked before the two make one key (a non-string could not even be joined).
      const problem =
        arnProblem('GetStreamSession', 'channelArn', channelArn, 'channel') ??
        streamIdProblem('GetStreamSession', 'streamId', streamId);
      return problem ? invalid$(problem) : sessions.get$(compositeId(channelArn, streamId ?? LATEST), options);
    },
    refresh: refreshAll(sessions, lists),
    invalidate: invalidateAll(sessions, lists),
  };
}
