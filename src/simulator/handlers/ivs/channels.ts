import { conflict, notFound, validation } from '../../operations/errors.js';
import type { ChannelRecord } from '../../world/ivs-state.js';
import { paginate } from '../../world/paginate.js';
import type { World } from '../../world/world.js';
import { batchGet, requireExisting } from '../collection.js';
import type { HandlerTable } from '../types.js';
import { createStreamKey, keyView } from './stream-keys.js';

const ADVANCED = ['ADVANCED_SD', 'ADVANCED_HD'];

export function findChannel(world: World, arn: unknown): ChannelRecord {
  const channel = world.ivs.channels.get(arn as string);
  if (!channel) throw notFound('Channel', String(arn));
  return channel;
}

/** Checks what the table cannot: references exist and options fit together. */
function checkChannelInput(
  world: World,
  c: Pick<
    ChannelRecord,
    | 'type'
    | 'preset'
    | 'containerFormat'
    | 'multitrackInputConfiguration'
    | 'recordingConfigurationArn'
    | 'playbackRestrictionPolicyArn'
    | 'adConfigurationArn'
  >,
): void {
  if (c.preset !== '' && !ADVANCED.includes(c.type)) {
    throw validation(
      `Value at 'preset' failed to satisfy constraint: preset is only allowed for ADVANCED_SD and ADVANCED_HD channels (type is ${c.type})`,
    );
  }
  if (c.multitrackInputConfiguration.enabled && c.containerFormat !== 'FRAGMENTED_MP4') {
    throw validation(
      "Value at 'multitrackInputConfiguration' failed to satisfy constraint: multitrack input requires containerFormat FRAGMENTED_MP4",
    );
  }
  requireExisting(world.ivs.recordingConfigurations, c.recordingConfigurationArn, 'Recording configuration');
  requireExisting(world.ivs.playbackRestrictionPolicies, c.playbackRestrictionPolicyArn, 'Playback restriction policy');
  requireExisting(world.ivs.adConfigurations, c.adConfigurationArn, 'Ad configuration');
}

/** CreateChannel's semantics, shared with the `createChannel` control move. */
export function createChannel(
  world: World,
  input: Record<string, unknown>,
): { channel: ChannelRecord; streamKeyArn: string } {
  const id = world.newId();
  const arn = world.arn('channel', id);
  const host = world.rng.chars(12, 'abcdef0123456789');
  const channel: ChannelRecord = {
    arn,
    seq: world.nextSeq(),
    name: (input.name as string | undefined) ?? '',
    latencyMode: (input.latencyMode as string | undefined) ?? 'LOW',
    type: (input.type as string | undefined) ?? 'STANDARD',
    authorized: (input.authorized as boolean | undefined) ?? false,
    insecureIngest: (input.insecureIngest as boolean | undefined) ?? false,
    preset: (input.preset as string | undefined) ?? '',
    recordingConfigurationArn: (input.recordingConfigurationArn as string | undefined) ?? '',
    playbackRestrictionPolicyArn: (input.playbackRestrictionPolicyArn as string | undefined) ?? '',
    adConfigurationArn: (input.adConfigurationArn as string | undefined) ?? '',
    containerFormat: (input.containerFormat as string | undefined) ?? 'TS',
    multitrackInputConfiguration: { enabled: false, ...(input.multitrackInputConfiguration as object | undefined) },
    ingestEndpoint: `${host}.global-contribute.live-video.net`,
    playbackUrl: `https://${host}.${world.region}.playback.live-video.net/api/video/v1/${world.region}.${world.accountId}.channel.${id}.m3u8`,
    srt: { endpoint: `${host}.srt.live-video.net`, passphrase: world.rng.chars(32) },
  };
  checkChannelInput(world, channel);
  world.ivs.channels.set(arn, channel);
  world.registerTags(arn, input.tags as Record<string, string> | undefined);
  const key = createStreamKey(world, arn, undefined);
  return { channel, streamKeyArn: key.arn };
}

export function channelView(world: World, c: ChannelRecord): Record<string, unknown> {
  const { seq: _seq, ...rest } = c;
  return {
    ...rest,
    srt: { ...c.srt },
    multitrackInputConfiguration: { ...c.multitrackInputConfiguration },
    tags: { ...world.tags.get(c.arn) },
  };
}

function channelSummary(world: World, c: ChannelRecord): Record<string, unknown> {
  return {
    arn: c.arn,
    name: c.name,
    latencyMode: c.latencyMode,
    authorized: c.authorized,
    recordingConfigurationArn: c.recordingConfigurationArn,
    insecureIngest: c.insecureIngest,
    type: c.type,
    preset: c.preset,
    playbackRestrictionPolicyArn: c.playbackRestrictionPolicyArn,
    adConfigurationArn: c.adConfigurationArn,
    tags: { ...world.tags.get(c.arn) },
  };
}

const FILTERS = {
  filterByName: (c: ChannelRecord, v: string) => c.name.includes(v),
  filterByRecordingConfigurationArn: (c: ChannelRecord, v: string) => c.recordingConfigurationArn === v,
  filterByPlaybackRestrictionPolicyArn: (c: ChannelRecord, v: string) => c.playbackRestrictionPolicyArn === v,
  filterByAdConfigurationArn: (c: ChannelRecord, v: string) => c.adConfigurationArn === v,
} as const;

export const channelHandlers: HandlerTable = {
  CreateChannel: (input, { world }) => {
    const { channel, streamKeyArn } = createChannel(world, input);
    return { channel: channelView(world, channel), streamKey: keyView(world, world.ivs.streamKeys.get(streamKeyArn)!) };
  },

  GetChannel: (input, { world }) => ({ channel: channelView(world, findChannel(world, input.arn)) }),

  BatchGetChannel: (input, { world, failBatchKey }) => {
    const { items, errors } = batchGet(
      input.arns as string[],
      (a) => world.ivs.channels.get(a),
      (c) => channelView(world, c),
      'Channel',
      failBatchKey,
    );
    return { channels: items, errors };
  },

  UpdateChannel: (input, { world }) => {
    const current = findChannel(world, input.arn);
    if (world.ivs.live.has(current.arn))
      throw conflict(`Channel ${current.arn} is live; stop the stream before updating the channel`);
    const next: ChannelRecord = { ...current };
    for (const key of [
      'name',
      'latencyMode',
      'type',
      'authorized',
      'insecureIngest',
      'preset',
      'recordingConfigurationArn',
      'playbackRestrictionPolicyArn',
      'adConfigurationArn',
      'containerFormat',
    ] as const) {
      if (input[key] !== undefined) (next as unknown as Record<string, unknown>)[key] = input[key];
    }
    if (input.multitrackInputConfiguration !== undefined) {
      next.multitrackInputConfiguration = { enabled: false, ...(input.multitrackInputConfiguration as object) };
    }
    if (input.type !== undefined && !ADVANCED.includes(next.type) && input.preset === undefined) next.preset = '';
    checkChannelInput(world, next);
    world.ivs.channels.set(next.arn, next);
    return { channel: channelView(world, next) };
  },

  DeleteChannel: (input, { world }) => {
    const channel = findChannel(world, input.arn);
    if (world.ivs.live.has(channel.arn))
      throw conflict(`Channel ${channel.arn} is live and cannot be deleted; stop the stream first`);
    for (const key of [...world.ivs.streamKeys.values()]) {
      if (key.channelArn === channel.arn) {
        world.ivs.streamKeys.delete(key.arn);
        world.forgetTags(key.arn);
      }
    }
    world.ivs.channels.delete(channel.arn);
    world.forgetTags(channel.arn);
    return {};
  },

  ListChannels: (input, { world }) => {
    const active = (Object.keys(FILTERS) as Array<keyof typeof FILTERS>).filter((f) => typeof input[f] === 'string');
    const items = [...world.ivs.channels.values()].filter((c) =>
      active.every((f) => FILTERS[f](c, input[f] as string)),
    );
    const scope = `ListChannels:${active.map((f) => `${f}=${String(input[f])}`).join('&')}`;
    const { page, nextToken } = paginate(items, {
      nextToken: input.nextToken,
      maxResults: input.maxResults,
      scope,
      defaultMax: 100,
    });
    return { channels: page.map((c) => channelSummary(world, c)), nextToken };
  },
};
