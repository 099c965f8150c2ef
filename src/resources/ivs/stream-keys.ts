import {
  BatchGetStreamKeyCommand,
  CreateStreamKeyCommand,
  DeleteStreamKeyCommand,
  GetStreamKeyCommand,
  ListStreamKeysCommand,
  type IvsClient,
  type StreamKeySummary,
} from '@aws-sdk/client-ivs';
import type { Observable } from 'rxjs';
import type { Entry } from '../../core/entry.js';
import { required } from '../../core/errors.js';
import type { StoreContext } from '../../query/context.js';
import { EntityQuery, type QueryOptions } from '../../query/entity-query.js';
import { ListQuery } from '../../query/list-query.js';
import { invalidateAll, type Invalidates, refreshAll } from '../../query/polled-query.js';
import { batchGet, readEach } from '../../query/reads.js';
import { dataSetter, type SetsData } from '../../query/set-data.js';
import { Writes } from '../../query/writes.js';
import type { Collection } from '../collections.js';
import { classify } from '../errors.js';
import { toStoreStreamKey, type StoreStreamKey } from './shapes.js';
import { arnProblem } from '../validate.js';
import { tagsProblem } from '../validate-input.js';

export type { StoreStreamKey } from './shapes.js';

/** `store.streamKeys`: stream keys, their values as `Secret`s. */
export interface StreamKeysApi extends Invalidates<StoreStreamKey>, SetsData<StoreStreamKey> {
  /**
   * One key; same-tick reads become one BatchGetStreamKey (≤ 50).
   * @example store.streamKeys.get$(keyArn).subscribe((e) => e.status === 'success' && ingest(e.data.value?.reveal()))
   */
  get$(arn: string, options?: QueryOptions): Observable<Entry<StoreStreamKey>>;
  /**
   * The keys of a channel (ListStreamKeys; summaries carry no value).
   * @example store.streamKeys.forChannel$(channelArn).subscribe(render)
   */
  forChannel$(channelArn: string, options?: QueryOptions): Observable<Entry<StreamKeySummary[]>>;
  /**
   * A new key for a channel whose key was deleted (one key per channel).
   * @example const key = await store.streamKeys.create(channelArn, { team: 'live' })
   */
  create(channelArn: string, tags?: Record<string, string>): Promise<StoreStreamKey>;
  /**
   * Deletes a stream key: its entry becomes `not-found`; the channel's key lists are re-read.
   * @example await store.streamKeys.delete(keyArn)
   */
  delete(arn: string): Promise<void>;
  /**
   * Re-reads every watched key and key list now.
   * @example await store.streamKeys.refresh()
   */
  refresh(): Promise<void>;
}

export function createStreamKeysApi(ctx: StoreContext, client: IvsClient): StreamKeysApi {
  const entities = new EntityQuery<StoreStreamKey>(ctx, {
    collection: 'streamKeys' satisfies Collection,
    service: 'ivs',
    checkId: (arn) => arnProblem('GetStreamKey', 'arn', arn, 'stream-key'),
    operation: 'BatchGetStreamKey',
    max: 50,
    read: batchGet({
      one: readEach('GetStreamKey', async (arn, signal) =>
        toStoreStreamKey(
          required(
            (await client.send(new GetStreamKeyCommand({ arn }), { abortSignal: signal })).streamKey,
            'GetStreamKey',
            'streamKey',
          ),
        ),
      ),
      many: {
        operation: 'BatchGetStreamKey',
        async send(arns, signal) {
          const out = await client.send(new BatchGetStreamKeyCommand({ arns }), { abortSignal: signal });
          return {
            items: (out.streamKeys ?? []).map(toStoreStreamKey),
            errors: (out.errors ?? []).map((e) => ({ id: e.arn, code: e.code, message: e.message })),
          };
        },
      },
      idOf: (k) => k.arn,
      classify,
    }),
  });
  const lists = new ListQuery<{ channelArn: string }, StreamKeySummary>(ctx, {
    collection: 'streamKeys:lists' satisfies Collection,
    service: 'ivs',
    operation: 'ListStreamKeys',
    checkFilter: (f) => arnProblem('ListStreamKeys', 'channelArn', f?.channelArn, 'channel'),
    async page(f, nextToken, signal) {
      const out = await client.send(
        new ListStreamKeysCommand({ channelArn: f?.channelArn, nextToken, maxResults: 50 }),
        { abortSignal: signal },
      );
      return { items: out.streamKeys ?? [], nextToken: out.nextToken };
    },
    idOf: (k) => k.arn ?? '',
    into: 'streamKeys' satisfies Collection,
  });
  const writes = new Writes<StoreStreamKey>(ctx, { service: 'ivs', entities, lists: [lists] });

  return {
    get$: (arn, options) => entities.get$(arn, options),
    forChannel$: (channelArn, options) => lists.list$({ channelArn }, options),
    async create(channelArn, tags) {
      const problem =
        arnProblem('CreateStreamKey', 'channelArn', channelArn, 'channel') ??
        tagsProblem('CreateStreamKey', 'tags', tags);
      if (problem) throw problem;
      const out = await writes.send('CreateStreamKey', channelArn, (signal) =>
        client.send(new CreateStreamKeyCommand({ channelArn, tags }), { abortSignal: signal }),
      );
      const key = toStoreStreamKey(required(out.streamKey, 'CreateStreamKey', 'streamKey'));
      writes.stored(key.arn, key);
      return key;
    },
    async delete(arn) {
      const problem = arnProblem('DeleteStreamKey', 'arn', arn, 'stream-key');
      if (problem) throw problem;
      await writes.send('DeleteStreamKey', arn, (signal) =>
        client.send(new DeleteStreamKeyCommand({ arn }), { abortSignal: signal }),
      );
      writes.deleted(arn);
    },
    setData: dataSetter(ctx, 'streamKeys' satisfies Collection, (arn) =>
      arnProblem('setData', 'arn', arn, 'stream-key'),
    ),
    refresh: refreshAll(entities, lists),
    invalidate: invalidateAll(entities, lists),
  };
}
