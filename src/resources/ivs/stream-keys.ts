import { BatchGetStreamKeyCommand, CreateStreamKeyCommand, DeleteStreamKeyCommand, GetStreamKeyCommand, ListStreamKeysCommand, type IvsClient, type StreamKeySummary } from '@aws-sdk/client-ivs';
import type { Observable } from 'rxjs';
import type { Entry } from '../../core/cache.js';
import { classifyError, required } from '../../core/errors.js';
import { toStoreStreamKey, type StoreStreamKey } from './secrets.js';
import type { StoreContext } from '../../store/context.js';
import { EntityResource, type QueryOptions } from '../../store/entity-resource.js';
import { arnProblem } from '../validate.js';
import { tagsProblem } from '../validate-input.js';

export type { StoreStreamKey } from './secrets.js';

export interface StreamKeysApi {
  /** One key; same-tick reads become one BatchGetStreamKey (≤ 50). */
  get$(arn: string, options?: QueryOptions): Observable<Entry<StoreStreamKey>>;
  /** The keys of a channel (ListStreamKeys; summaries carry no value). */
  forChannel$(channelArn: string, options?: QueryOptions): Observable<Entry<StreamKeySummary[]>>;
  /** A new key for a channel whose key was deleted (one key per channel). */
  create(channelArn: string, tags?: Record<string, string>): Promise<StoreStreamKey>;
  delete(arn: string): Promise<void>;
  refresh(): Promise<void>;
}

export function createStreamKeysApi(ctx: StoreContext, client: IvsClient): StreamKeysApi {
  const resource = new EntityResource<StoreStreamKey, { channelArn: string }, StreamKeySummary>(
    ctx,
    {
      collection: 'streamKeys',
      service: 'ivs',
      checkId: (arn) => arnProblem('GetStreamKey', 'arn', arn, 'stream-key'),
      readMany: {
        operation: 'BatchGetStreamKey',
        max: 50,
        async read(arns, call) {
          if (arns.length === 1) {
            const arn = arns[0] as string;
            try {
              const r = await call('GetStreamKey', (signal) => client.send(new GetStreamKeyCommand({ arn }), { abortSignal: signal }), { resourceId: arn });
              return new Map([[arn, toStoreStreamKey(required(r.streamKey, 'GetStreamKey', 'streamKey'))]]);
            } catch (err) {
              return new Map([[arn, classifyError(err, 'GetStreamKey', arn)]]);
            }
          }
          const out = await call('BatchGetStreamKey', (signal) => client.send(new BatchGetStreamKeyCommand({ arns }), { abortSignal: signal }));
          const results = new Map<string, StoreStreamKey | Error>();
          for (const k of out.streamKeys ?? []) if (k.arn) results.set(k.arn, toStoreStreamKey(k));
          for (const e of out.errors ?? []) {
            if (e.arn) results.set(e.arn, classifyError(Object.assign(new Error(e.message ?? 'failed'), { name: e.code ?? 'UnknownError', exceptionMessage: e.message }), 'BatchGetStreamKey', e.arn));
          }
          return results;
        },
      },
    },
    {
      operation: 'ListStreamKeys',
      checkFilter: (f) => arnProblem('ListStreamKeys', 'channelArn', f?.channelArn, 'channel'),
      async page(f, nextToken, signal) {
        const out = await client.send(new ListStreamKeysCommand({ channelArn: f?.channelArn, nextToken, maxResults: 50 }), { abortSignal: signal });
        return { items: out.streamKeys ?? [], nextToken: out.nextToken };
      },
      idOf: (k) => k.arn ?? '',
    },
  );

  return {
    get$: (arn, options) => resource.get$(arn, options),
    forChannel$: (channelArn, options) => resource.list$({ channelArn }, options),
    async create(channelArn, tags) {
      const problem = arnProblem('CreateStreamKey', 'channelArn', channelArn, 'channel') ?? tagsProblem('CreateStreamKey', 'tags', tags);
      if (problem) throw problem;
      const out = await resource.send('CreateStreamKey', channelArn, (signal) => client.send(new CreateStreamKeyCommand({ channelArn, tags }), { abortSignal: signal }));
      const key = toStoreStreamKey(required(out.streamKey, 'CreateStreamKey', 'streamKey'));
      resource.stored(key.arn, key);
      return key;
    },
    async delete(arn) {
      const problem = arnProblem('DeleteStreamKey', 'arn', arn, 'stream-key');
      if (problem) throw problem;
      await resource.send('DeleteStreamKey', arn, (signal) => client.send(new DeleteStreamKeyCommand({ arn }), { abortSignal: signal }));
      resource.deleted(arn);
    },
    refresh: () => resource.refresh(),
  };
}
