import { GetStreamSessionCommand, ListStreamSessionsCommand, type IvsClient, type StreamSession, type StreamSessionSummary } from '@aws-sdk/client-ivs';
import type { Observable } from 'rxjs';
import type { Entry } from '../../core/cache.js';
import { required } from '../../core/errors.js';
import type { StoreContext } from '../../store/context.js';
import { EntityResource, type QueryOptions } from '../../store/entity-resource.js';
import { arnProblem, invalid$, rule } from '../validate.js';

export interface StreamSessionsApi {
  /** Sessions of a channel, newest first (all pages). */
  list$(channelArn: string, options?: QueryOptions): Observable<Entry<StreamSessionSummary[]>>;
  /** One session with its ingest configuration and recent events; the latest when `streamId` is omitted. */
  get$(channelArn: string, streamId?: string, options?: QueryOptions): Observable<Entry<StreamSession>>;
  refresh(): Promise<void>;
}

const LATEST = 'latest';
const STREAM_ID = /^st-[a-zA-Z0-9]{23}$/;

/** A stream id: absent means the latest session. */
const streamIdProblem = rule((v) => typeof v === 'string' && STREAM_ID.test(v), "'st-' followed by 23 letters or digits");

export function createStreamSessionsApi(ctx: StoreContext, client: IvsClient): StreamSessionsApi {
  const resource = new EntityResource<StreamSession, { channelArn: string }, StreamSessionSummary>(
    ctx,
    {
      collection: 'streamSessions',
      service: 'ivs',
      // get$ checks channel and stream id before it joins them into this key.
      checkId: () => undefined,
      readMany: {
        operation: 'GetStreamSession',
        max: 1_000,
        async read(ids, call) {
          const out = new Map<string, StreamSession | Error>();
          await Promise.all(
            ids.map(async (id) => {
              const [channelArn, streamId] = id.split('|') as [string, string];
              try {
                const r = await call('GetStreamSession', (signal) => client.send(new GetStreamSessionCommand({ channelArn, ...(streamId === LATEST ? {} : { streamId }) }), { abortSignal: signal }), { resourceId: channelArn });
                out.set(id, required(r.streamSession, 'GetStreamSession', 'streamSession'));
              } catch (err) {
                out.set(id, err as Error);
              }
            }),
          );
          return out;
        },
      },
    },
    {
      operation: 'ListStreamSessions',
      checkFilter: (f) => arnProblem('ListStreamSessions', 'channelArn', f?.channelArn, 'channel'),
      async page(f, nextToken, signal) {
        const out = await client.send(new ListStreamSessionsCommand({ channelArn: f?.channelArn, nextToken, maxResults: 100 }), { abortSignal: signal });
        return { items: out.streamSessions ?? [], nextToken: out.nextToken };
      },
      idOf: (s) => s.streamId ?? '',
      mergeIntoEntities: false,
    },
  );
  return {
    list$: (channelArn, options) => resource.list$({ channelArn }, options),
    get$(channelArn, streamId, options) {
      // Checked before the two make one key (a non-string could not even be joined).
      const problem = arnProblem('GetStreamSession', 'channelArn', channelArn, 'channel') ?? streamIdProblem('GetStreamSession', 'streamId', streamId);
      return problem ? invalid$(problem) : resource.get$(`${channelArn}|${streamId ?? LATEST}`, options);
    },
    refresh: () => resource.refresh(),
  };
}
