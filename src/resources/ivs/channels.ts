import {
  BatchGetChannelCommand,
  GetChannelCommand,
  ListChannelsCommand,
  type ChannelSummary,
  type IvsClient,
  type ListChannelsCommandInput,
} from '@aws-sdk/client-ivs';
import type { Observable } from 'rxjs';
import type { Entry } from '../../core/entry.js';
import { invalidInput } from '../../core/errors.js';
import type { StoreContext } from '../../query/context.js';
import { EntityQuery, type QueryOptions } from '../../query/entity-query.js';
import { ListQuery, type PagedEntry, type PagedOptions } from '../../query/list-query.js';
import { invalidateAll, type Invalidates, refreshAll } from '../../query/polled-query.js';
import { batchGet, readEach } from '../../query/reads.js';
import { dataSetter, type SetsData } from '../../query/set-data.js';
import type { Collection } from '../collections.js';
import { classify } from '../errors.js';
import { arnOf, arnProblem, nameProblem } from '../validate.js';
import { inputProblem, type Checks } from '../../core/checks.js';
import type { ChannelMutations } from './channel-mutations.js';
import { toStoreChannel, type StoreChannel } from './shapes.js';

export type { StoreChannel } from './shapes.js';

/** At most one filter (the service answers 409 to combinations; checked locally). */
export type ChannelFilter =
  | {
      /** Channels whose name contains this. */
      filterByName: string;
    }
  | {
      /** Channels recording with this configuration. */
      filterByRecordingConfigurationArn: string;
    }
  | {
      /** Channels restricted by this policy. */
      filterByPlaybackRestrictionPolicyArn: string;
    }
  | {
      /** Channels with this ad configuration. */
      filterByAdConfigurationArn: string;
    };

export type { CreateChannelInput, UpdateChannelInput } from './channel-mutations.js';

/** `store.channels`: channels, read in batches and kept fresh while watched, and their mutations. */
export interface ChannelsApi extends ChannelMutations, Invalidates<StoreChannel>, SetsData<StoreChannel> {
  /**
   * One channel; same-tick reads of many channels become one BatchGetChannel.
   * @example store.channels.get$(arn).subscribe((e) => e.status === 'success' && console.log(e.data.name))
   */
  get$(arn: string, options?: QueryOptions): Observable<Entry<StoreChannel>>;
  /**
   * All pages of ListChannels (summaries), kept fresh while subscribed.
   * @example store.channels.list$({ filterByName: 'studio' }, { refetchInterval: 10_000 }).subscribe(render)
   */
  list$(filter?: ChannelFilter, options?: QueryOptions): Observable<Entry<ChannelSummary[]>>;
  /**
   * ListChannels page by page, as TanStack Query's infinite queries: `data.pages`,
   * `hasNextPage`, `fetchNextPage()`. Items are the channel entries `get$` and `list$` show.
   *
   * @example
   * ```ts
   * store.channels.pages$(undefined, { pageSize: 20 }).subscribe((e) => {
   *   render(e.data?.items ?? []);
   *   if (e.hasNextPage) onScrollEnd(() => e.fetchNextPage());
   * });
   * ```
   */
  pages$(filter?: ChannelFilter, options?: PagedOptions): Observable<PagedEntry<ChannelSummary>>;
  /**
   * Re-reads every watched channel and list now.
   * @example await store.channels.refresh()
   */
  refresh(): Promise<void>;
}

/** ListChannels' members but the paging ones, which the store drives. */
const FILTER = {
  filterByName: nameProblem,
  filterByRecordingConfigurationArn: arnOf('recording-configuration', true),
  filterByPlaybackRestrictionPolicyArn: arnOf('playback-restriction-policy', true),
  filterByAdConfigurationArn: arnOf('ad-configuration', true),
} satisfies Checks<Omit<ListChannelsCommandInput, 'nextToken' | 'maxResults'>>;

export function createChannelsApi(ctx: StoreContext, client: IvsClient): ChannelsApi {
  const entities = new EntityQuery<StoreChannel>(ctx, {
    collection: 'channels' satisfies Collection,
    service: 'ivs',
    checkId: (arn) => arnProblem('GetChannel', 'arn', arn, 'channel'),
    operation: 'BatchGetChannel',
    max: 50,
    read: batchGet({
      one: readEach('GetChannel', async (arn, signal) => {
        const { channel } = await client.send(new GetChannelCommand({ arn }), { abortSignal: signal });
        return channel && toStoreChannel(channel);
      }),
      many: {
        operation: 'BatchGetChannel',
        async send(arns, signal) {
          const out = await client.send(new BatchGetChannelCommand({ arns }), { abortSignal: signal });
          return {
            items: (out.channels ?? []).map(toStoreChannel),
            errors: (out.errors ?? []).map((e) => ({ id: e.arn, code: e.code, message: e.message })),
          };
        },
      },
      idOf: (c) => c.arn,
      classify,
    }),
  });
  const lists = new ListQuery<ChannelFilter, ChannelSummary>(ctx, {
    collection: 'channels:lists' satisfies Collection,
    service: 'ivs',
    operation: 'ListChannels',
    checkFilter(filter) {
      const set = filter ? Object.keys(FILTER).filter((f) => (filter as Record<string, unknown>)[f] !== undefined) : [];
      if (set.length > 1)
        return invalidInput(
          'ListChannels',
          set.join(' and '),
          'cannot be combined: the service takes one filter at a time',
        );
      return inputProblem('ListChannels', filter, FILTER, 'filter', true);
    },
    async page(filter, nextToken, signal, size) {
      const out = await client.send(new ListChannelsCommand({ ...filter, nextToken, maxResults: size }), {
        abortSignal: signal,
      });
      return { items: out.channels ?? [], nextToken: out.nextToken };
    },
    idOf: (c) => c.arn ?? '',
    into: 'channels' satisfies Collection,
  });

  ctx.push?.rules(async () => (await import('./channel-rules.js')).channelRules(entities, lists));
  // Mutations are code a dashboard that only reads never needs: loaded on the first one.
  const writes = ctx.onDemand(
    'channel mutations',
    () => import('./channel-mutations.js'),
    (m) => m.createChannelMutations(ctx, client, { entities, lists }),
  );

  return {
    get$: (arn, options) => entities.get$(arn, options),
    list$: (filter, options) => lists.list$(filter, options),
    pages$: (filter, options) => lists.pages$(filter, options),
    create: async (input) => (await writes()).create(input),
    update: async (input) => (await writes()).update(input),
    delete: async (arn) => (await writes()).delete(arn),
    setData: dataSetter(ctx, 'channels' satisfies Collection, (arn) => arnProblem('setData', 'arn', arn, 'channel')),
    refresh: refreshAll(entities, lists),
    invalidate: invalidateAll(entities, lists),
  };
}
