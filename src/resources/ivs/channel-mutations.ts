/**
 * Channel create, update and delete: loaded with the first mutation (a dashboard that
 * only reads never downloads them). Inputs are still checked before any network call.
 */
import {
  CreateChannelCommand,
  DeleteChannelCommand,
  UpdateChannelCommand,
  type ChannelLatencyMode,
  type ChannelType,
  type ContainerFormat,
  type CreateChannelCommandInput,
  type IvsClient,
  type TranscodePreset,
  type UpdateChannelCommandInput,
} from '@aws-sdk/client-ivs';
import { required } from '../../core/errors.js';
import type { StoreContext } from '../../query/context.js';
import type { EntityQuery } from '../../query/entity-query.js';
import { assign, Writes } from '../../query/writes.js';
import type { Collection } from '../collections.js';
import { arnOf, arnProblem, nameProblem } from '../validate.js';
import { inputProblem, type Checks } from '../../core/checks.js';
import { boolProblem, obj, oneOf, tagsProblem } from '../validate-input.js';
import { toStoreChannel, toStoreStreamKey, type StoreChannel, type StoreStreamKey } from './shapes.js';

const CHANNELS = 'channels' satisfies Collection;
const STREAMS = 'streams' satisfies Collection;
const STREAM_KEYS = 'streamKeys' satisfies Collection;

/** What `channels.create` takes: CreateChannel's input (every member optional). */
export type CreateChannelInput = Omit<CreateChannelCommandInput, never>;
/** What `channels.update` takes: UpdateChannel's input, `arn` required, the members to change. */
export type UpdateChannelInput = UpdateChannelCommandInput & {
  /** The channel to update. */
  arn: string;
};

/** Channel mutations, part of {@link ChannelsApi}. */
export interface ChannelMutations {
  /**
   * Creates a channel (and its stream key); watched lists are refreshed.
   * @example const { channel, streamKey } = await store.channels.create({ name: 'studio-1', latencyMode: 'LOW' })
   */
  create(input?: CreateChannelInput): Promise<{
    /** The new channel. */
    channel: StoreChannel;
    /** Its stream key (the value a `Secret`). */
    streamKey: StoreStreamKey | undefined;
  }>;
  /**
   * Updates a channel, optimistically: the cache shows the change at once and rolls back on error.
   * @example await store.channels.update({ arn, name: 'studio-2' })
   */
  update(input: UpdateChannelInput): Promise<StoreChannel>;
  /**
   * Deletes a channel: its entry becomes `not-found` and stops being polled.
   * @example await store.channels.delete(arn)
   */
  delete(arn: string): Promise<void>;
}

/** The members CreateChannel and UpdateChannel share; '' clears an optional ARN or the preset. */
const CHANNEL = {
  name: nameProblem,
  latencyMode: oneOf<ChannelLatencyMode>()('NORMAL', 'LOW'),
  type: oneOf<ChannelType>()('BASIC', 'STANDARD', 'ADVANCED_SD', 'ADVANCED_HD'),
  authorized: boolProblem,
  insecureIngest: boolProblem,
  preset: oneOf<TranscodePreset | ''>()('', 'HIGHER_BANDWIDTH_DELIVERY', 'CONSTRAINED_BANDWIDTH_DELIVERY'),
  recordingConfigurationArn: arnOf('recording-configuration', true, true),
  playbackRestrictionPolicyArn: arnOf('playback-restriction-policy', true, true),
  adConfigurationArn: arnOf('ad-configuration', true, true),
  containerFormat: oneOf<ContainerFormat>()('TS', 'FRAGMENTED_MP4'),
  multitrackInputConfiguration: obj,
} satisfies Checks<Omit<CreateChannelCommandInput, 'tags'>>;
const CREATE = { ...CHANNEL, tags: tagsProblem } satisfies Checks<CreateChannelCommandInput>;
const UPDATE = { arn: arnOf('channel'), ...CHANNEL } satisfies Checks<UpdateChannelCommandInput>;

export function createChannelMutations(
  ctx: StoreContext,
  client: IvsClient,
  target: { entities: EntityQuery<StoreChannel>; lists: { refresh(): Promise<void> } },
): ChannelMutations {
  const writes = new Writes<StoreChannel>(ctx, { service: 'ivs', entities: target.entities, lists: [target.lists] });
  return {
    async create(input = {}) {
      const problem = inputProblem('CreateChannel', input, CREATE);
      if (problem) throw problem;
      const out = await writes.send('CreateChannel', undefined, (signal) =>
        client.send(new CreateChannelCommand(input), { abortSignal: signal }),
      );
      const channel = toStoreChannel(required(out.channel, 'CreateChannel', 'channel'));
      const key = out.streamKey ? toStoreStreamKey(out.streamKey) : undefined;
      // The new key is cached too (whether or not the stream keys' code is loaded yet): reading it costs no call.
      ctx.cache.transaction((tx) => {
        const seq = ctx.cache.nextSeq();
        tx.succeed(CHANNELS, channel.arn as string, seq, channel);
        if (key?.arn) tx.succeed(STREAM_KEYS, key.arn, seq, key);
      });
      writes.changedLists();
      return {
        channel: ctx.cache.get<StoreChannel>(CHANNELS, channel.arn as string).data ?? channel,
        streamKey: key?.arn ? (ctx.cache.get<StoreStreamKey>(STREAM_KEYS, key.arn).data ?? key) : key,
      };
    },

    async update(input) {
      const problem = inputProblem('UpdateChannel', input, UPDATE);
      if (problem) throw problem;
      const { arn, ...fields } = input;
      const { out, data } = await writes.mutate({
        operation: 'UpdateChannel',
        id: arn,
        changes: [{ id: arn, recipe: assign(fields) }],
        send: (signal) => client.send(new UpdateChannelCommand(input), { abortSignal: signal }),
        answer: (out) => (out.channel ? toStoreChannel(out.channel) : undefined),
      });
      // The channel as this update wrote it, whatever else shows by now.
      return data ?? toStoreChannel(required(out.channel, 'UpdateChannel', 'channel'));
    },

    async delete(arn) {
      const problem = arnProblem('DeleteChannel', 'arn', arn, 'channel');
      if (problem) throw problem;
      await writes.send('DeleteChannel', arn, (signal) =>
        client.send(new DeleteChannelCommand({ arn }), { abortSignal: signal }),
      );
      // Its stream and stream keys went with it: their entries say so too (whether or not
      // their resources' code is loaded), and not-found entries are no longer polled.
      const { cache } = ctx;
      cache.transaction((tx) => {
        const seq = cache.nextSeq();
        tx.notFound(CHANNELS, arn, seq);
        if (cache.has(STREAMS, arn)) tx.notFound(STREAMS, arn, seq);
        for (const id of cache.ids(STREAM_KEYS))
          if (cache.get<StoreStreamKey>(STREAM_KEYS, id).data?.channelArn === arn) tx.notFound(STREAM_KEYS, id, seq);
      });
      writes.changedLists();
    },
  };
}
