import { notFound, quotaExceeded } from '../../operations/errors.js';
import type { StreamKeyRecord } from '../../world/ivs-state.js';
import { paginate } from '../../world/paginate.js';
import type { World } from '../../world/world.js';
import { batchGet } from '../collection.js';
import type { HandlerTable } from '../types.js';

/** One stream key per channel: CreateChannel makes it, CreateStreamKey only replaces a deleted one. */
export function createStreamKey(
  world: World,
  channelArn: string,
  tags: Record<string, string> | undefined,
): StreamKeyRecord {
  if (!world.ivs.channels.has(channelArn)) throw notFound('Channel', channelArn);
  for (const key of world.ivs.streamKeys.values()) {
    if (key.channelArn === channelArn) {
      throw quotaExceeded(`Channel ${channelArn} already has a stream key (${key.arn}); the limit is 1 per channel`);
    }
  }
  const key: StreamKeyRecord = {
    arn: world.arn('stream-key'),
    seq: world.nextSeq(),
    channelArn,
    value: `sk_${world.region}_${world.rng.chars(36)}`,
  };
  world.ivs.streamKeys.set(key.arn, key);
  world.registerTags(key.arn, tags);
  return key;
}

export function keyView(world: World, key: StreamKeyRecord): Record<string, unknown> {
  return { arn: key.arn, value: key.value, channelArn: key.channelArn, tags: { ...world.tags.get(key.arn) } };
}

function findKey(world: World, arn: unknown): StreamKeyRecord {
  const key = world.ivs.streamKeys.get(arn as string);
  if (!key) throw notFound('Stream key', String(arn));
  return key;
}

export const streamKeyHandlers: HandlerTable = {
  CreateStreamKey: (input, { world }) => ({
    streamKey: keyView(
      world,
      createStreamKey(world, input.channelArn as string, input.tags as Record<string, string> | undefined),
    ),
  }),

  GetStreamKey: (input, { world }) => ({ streamKey: keyView(world, findKey(world, input.arn)) }),

  BatchGetStreamKey: (input, { world, failBatchKey }) => {
    const { items, errors } = batchGet(
      input.arns as string[],
      (a) => world.ivs.streamKeys.get(a),
      (k) => keyView(world, k),
      'Stream key',
      failBatchKey,
    );
    return { streamKeys: items, errors };
  },

  DeleteStreamKey: (input, { world }) => {
    const key = findKey(world, input.arn);
    world.ivs.streamKeys.delete(key.arn);
    world.forgetTags(key.arn);
    return {};
  },

  ListStreamKeys: (input, { world }) => {
    const channelArn = input.channelArn as string;
    if (!world.ivs.channels.has(channelArn)) throw notFound('Channel', channelArn);
    const keys = [...world.ivs.streamKeys.values()].filter((k) => k.channelArn === channelArn);
    const { page, nextToken } = paginate(keys, {
      nextToken: input.nextToken,
      maxResults: input.maxResults,
      scope: `ListStreamKeys:${channelArn}`,
      defaultMax: 50,
    });
    return {
      streamKeys: page.map((k) => ({ arn: k.arn, channelArn: k.channelArn, tags: { ...world.tags.get(k.arn) } })),
      nextToken,
    };
  },
};
