import {
  BatchGetChannelCommand,
  CreateChannelCommand,
  DeleteChannelCommand,
  GetChannelCommand,
  ListChannelsCommand,
  UpdateChannelCommand,
  type Channel,
  type ChannelSummary,
  type CreateChannelCommandInput,
  type IvsClient,
  type StreamKey,
  type UpdateChannelCommandInput,
} from '@aws-sdk/client-ivs';
import type { Observable } from 'rxjs';
import type { Entry } from '../../core/cache.js';
import { classifyError, invalidInput, type IvsStoreError, required } from '../../core/errors.js';
import { Secret } from '../../core/secret.js';
import type { StoreContext } from '../../store/context.js';
import { EntityResource, type QueryOptions } from '../../store/entity-resource.js';
import { arnProblem, firstProblem, nameProblem } from '../validate.js';
import { boolProblem, enumProblem, tagsProblem } from '../validate-input.js';
import { toStoreStreamKey, type StoreStreamKey } from './stream-keys.js';

/** A channel as the store keeps it: the SDK's shape, with the SRT passphrase as a `Secret`. */
export type StoreChannel = Omit<Channel, 'srt'> & { srt?: { endpoint?: string | undefined; passphrase?: Secret | undefined } | undefined };

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

const LATENCY = ['NORMAL', 'LOW'] as const;
const TYPES = ['BASIC', 'STANDARD', 'ADVANCED_SD', 'ADVANCED_HD'] as const;
const FILTERS = ['filterByName', 'filterByRecordingConfigurationArn', 'filterByPlaybackRestrictionPolicyArn', 'filterByAdConfigurationArn'] as const;

export function toStoreChannel(c: Channel): StoreChannel {
  const { srt, ...rest } = c;
  return srt ? { ...rest, srt: { endpoint: srt.endpoint, passphrase: srt.passphrase === undefined ? undefined : new Secret(srt.passphrase) } } : rest;
}

function channelProblems(op: string, input: Partial<CreateChannelCommandInput>): IvsStoreError | undefined {
  return firstProblem(
    nameProblem(op, 'name', input.name),
    enumProblem(op, 'latencyMode', input.latencyMode, LATENCY),
    enumProblem(op, 'type', input.type, TYPES),
    boolProblem(op, 'authorized', input.authorized),
    boolProblem(op, 'insecureIngest', input.insecureIngest),
    input.recordingConfigurationArn === undefined ? undefined : arnProblem(op, 'recordingConfigurationArn', input.recordingConfigurationArn, 'recording-configuration', true),
    input.playbackRestrictionPolicyArn === undefined ? undefined : arnProblem(op, 'playbackRestrictionPolicyArn', input.playbackRestrictionPolicyArn, 'playback-restriction-policy', true),
    input.adConfigurationArn === undefined ? undefined : arnProblem(op, 'adConfigurationArn', input.adConfigurationArn, 'ad-configuration', true),
  );
}

/** What a channel's creation and deletion do to other resources' entries. */
export interface ChannelEffects {
  created(streamKey: StreamKey): void;
  deleted(channelArn: string): void;
}

export function createChannelsApi(ctx: StoreContext, client: IvsClient, effects?: ChannelEffects): ChannelsApi {
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
        if (filter === undefined) return undefined;
        const set = FILTERS.filter((f) => (filter as Record<string, unknown>)[f] !== undefined);
        if (set.length > 1) return invalidInput('ListChannels', set.join(' and '), 'cannot be combined: the service takes one filter at a time');
        const f = filter as Record<string, unknown>;
        return firstProblem(
          nameProblem('ListChannels', 'filterByName', f.filterByName),
          f.filterByRecordingConfigurationArn === undefined ? undefined : arnProblem('ListChannels', 'filterByRecordingConfigurationArn', f.filterByRecordingConfigurationArn, 'recording-configuration'),
          f.filterByPlaybackRestrictionPolicyArn === undefined ? undefined : arnProblem('ListChannels', 'filterByPlaybackRestrictionPolicyArn', f.filterByPlaybackRestrictionPolicyArn, 'playback-restriction-policy'),
          f.filterByAdConfigurationArn === undefined ? undefined : arnProblem('ListChannels', 'filterByAdConfigurationArn', f.filterByAdConfigurationArn, 'ad-configuration'),
        );
      },
      async page(filter, nextToken, signal) {
        const out = await client.send(new ListChannelsCommand({ ...filter, nextToken, maxResults: 100 }), { abortSignal: signal });
        return { items: out.channels ?? [], nextToken: out.nextToken };
      },
      idOf: (c) => c.arn ?? '',
    },
  );

  const send = <O>(operation: string, resourceId: string | undefined, call: (signal: AbortSignal) => Promise<O>) =>
    ctx.pipeline.send({ operation, group: operation, priority: 'user', resourceId, retries: ctx.retriesFor('ivs'), send: call });

  return {
    get$: (arn, options) => resource.get$(arn, options),
    list$: (filter, options) => resource.list$(filter, options),

    async create(input = {}) {
      const problem = firstProblem(channelProblems('CreateChannel', input), tagsProblem('CreateChannel', 'tags', input.tags));
      if (problem) throw problem;
      const out = await send('CreateChannel', undefined, (signal) => client.send(new CreateChannelCommand(input), { abortSignal: signal }));
      const channel = toStoreChannel(required(out.channel, 'CreateChannel', 'channel'));
      ctx.cache.transaction((tx) => tx.succeed('channels', channel.arn as string, ctx.cache.nextSeq(), channel));
      void resource.refreshLists();
      const key = out.streamKey;
      if (key) effects?.created(key);
      return { channel: ctx.cache.get<StoreChannel>('channels', channel.arn as string).data ?? channel, streamKey: key ? toStoreStreamKey(key) : undefined };
    },

    async update(input) {
      const problem = firstProblem(arnProblem('UpdateChannel', 'arn', input?.arn, 'channel'), channelProblems('UpdateChannel', input ?? {}));
      if (problem) throw problem;
      const { cache } = ctx;
      const before = cache.get<StoreChannel>('channels', input.arn).data;
      const { arn, ...fields } = input;
      let optimistic: StoreChannel | undefined;
      if (before) {
        cache.transaction((tx) => tx.succeed('channels', arn, cache.nextSeq(), fields, true));
        optimistic = cache.get<StoreChannel>('channels', arn).data;
      }
      const seq = cache.nextSeq();
      try {
        const out = await send('UpdateChannel', arn, (signal) => client.send(new UpdateChannelCommand(input), { abortSignal: signal }));
        if (out.channel) cache.transaction((tx) => tx.succeed('channels', arn, seq, toStoreChannel(out.channel as Channel)));
        void resource.refreshLists();
        return cache.get<StoreChannel>('channels', arn).data ?? toStoreChannel(out.channel ?? { arn });
      } catch (err) {
        // Roll back only our own optimistic write: a newer read may have landed since.
        if (before && cache.get<StoreChannel>('channels', arn).data === optimistic) {
          cache.transaction((tx) => tx.succeed('channels', arn, cache.nextSeq(), before));
        }
        throw classifyError(err, 'UpdateChannel', arn);
      }
    },

    async delete(arn) {
      const problem = arnProblem('DeleteChannel', 'arn', arn, 'channel');
      if (problem) throw problem;
      await send('DeleteChannel', arn, (signal) => client.send(new DeleteChannelCommand({ arn }), { abortSignal: signal }));
      ctx.cache.transaction((tx) => tx.notFound('channels', arn, ctx.cache.nextSeq()));
      resource.forget(arn);
      effects?.deleted(arn);
      void resource.refreshLists();
    },

    refresh: () => resource.refresh(),
  };
}
