import { BatchGetChannelCommand, GetChannelCommand, ListChannelsCommand, type ChannelSummary, type CreateChannelCommandInput, type IvsClient, type ListChannelsCommandInput, type UpdateChannelCommandInput } from '@aws-sdk/client-ivs';
import type { Observable } from 'rxjs';
import type { Entry } from '../../core/cache.js';
import { classifyError, invalidInput } from '../../core/errors.js';
import type { StoreContext } from '../../store/context.js';
import { EntityResource, type QueryOptions } from '../../store/entity-resource.js';
import { arnOf, arnProblem, inputProblem, nameProblem, type Checks } from '../validate.js';
import { toStoreChannel, type StoreChannel, type StoreStreamKey } from './secrets.js';

export type { StoreChannel } from './secrets.js';

/** At most one filter (the service answers 409 to combinations; checked locally). */
export type ChannelFilter =
  | { filterByName: string }
  | { filterByRecordingConfigurationArn: string }
  | { filterByPlaybackRestrictionPolicyArn: string }
  | { filterByAdConfigurationArn: string };

export type CreateChannelInput = Omit<CreateChannelCommandInput, never>;
export type UpdateChannelInput = UpdateChannelCommandInput & { arn: string };

export interface ChannelsApi {
  /** One channel; same-tick reads of many channels become one BatchGetChannel. */
  get$(arn: string, options?: QueryOptions): Observable<Entry<StoreChannel>>;
  /** All pages of ListChannels (summaries), kept fresh while subscribed. */
  list$(filter?: ChannelFilter, options?: QueryOptions): Observable<Entry<ChannelSummary[]>>;
  /** Creates a channel (and its stream key); watched lists are refreshed. */
  create(input?: CreateChannelInput): Promise<{ channel: StoreChannel; streamKey: StoreStreamKey | undefined }>;
  /** Updates a channel, optimistically: the cache shows the change at once and rolls back on error. */
  update(input: UpdateChannelInput): Promise<StoreChannel>;
  /** Deletes a channel: its entry becomes `not-found` and stops being polled. */
  delete(arn: string): Promise<void>;
  /** Re-reads every watched channel and list now. */
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
  const resource = new EntityResource<StoreChannel, ChannelFilter, ChannelSummary>(
    ctx,
    {
      collection: 'channels',
      service: 'ivs',
      checkId: (arn) => arnProblem('GetChannel', 'arn', arn, 'channel'),
      readMany: {
        operation: 'BatchGetChannel',
        max: 50,
        async read(arns, call) {
          // A batch of one is a plain GetChannel: same cost, and the simpler call.
          if (arns.length === 1) {
            const arn = arns[0] as string;
            try {
              const r = await call('GetChannel', (signal) => client.send(new GetChannelCommand({ arn }), { abortSignal: signal }), { resourceId: arn });
              return new Map([[arn, r.channel ? toStoreChannel(r.channel) : classifyError({ name: 'ResourceNotFoundException' }, 'GetChannel', arn)]]);
            } catch (err) {
              return new Map([[arn, classifyError(err, 'GetChannel', arn)]]);
            }
          }
          const out = await call('BatchGetChannel', (signal) => client.send(new BatchGetChannelCommand({ arns }), { abortSignal: signal }), { resourceId: arns.length === 1 ? arns[0] : undefined });
          const results = new Map<string, StoreChannel | Error>();
          for (const c of out.channels ?? []) if (c.arn) results.set(c.arn, toStoreChannel(c));
          for (const e of out.errors ?? []) {
            if (e.arn) results.set(e.arn, classifyError(Object.assign(new Error(e.message ?? e.code ?? 'failed'), { name: e.code ?? 'UnknownError', exceptionMessage: e.message }), 'BatchGetChannel', e.arn));
          }
          return results;
        },
      },
    },
    {
      operation: 'ListChannels',
      checkFilter(filter) {
        const set = filter ? Object.keys(FILTER).filter((f) => (filter as Record<string, unknown>)[f] !== undefined) : [];
        if (set.length > 1) return invalidInput('ListChannels', set.join(' and '), 'cannot be combined: the service takes one filter at a time');
        return inputProblem('ListChannels', filter, FILTER, 'filter', true);
      },
      async page(filter, nextToken, signal) {
        const out = await client.send(new ListChannelsCommand({ ...filter, nextToken, maxResults: 100 }), { abortSignal: signal });
        return { items: out.channels ?? [], nextToken: out.nextToken };
      },
      idOf: (c) => c.arn ?? '',
    },
  );

  // Mutations are code a dashboard that only reads never needs: loaded on the first one.
  const writes = ctx.onDemand('channel mutations', () => import('./channel-mutations.js'), (m) => m.createChannelMutations(ctx, client, resource));

  return {
    get$: (arn, options) => resource.get$(arn, options),
    list$: (filter, options) => resource.list$(filter, options),

    create: async (input) => (await writes()).create(input),
    update: async (input) => (await writes()).update(input),
    delete: async (arn) => (await writes()).delete(arn),
    refresh: () => resource.refresh(),
  };
}
