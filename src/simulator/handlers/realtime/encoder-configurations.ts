import type { EncoderConfigurationRecord } from '../../world/realtime-state.js';
import { paginate } from '../../world/paginate.js';
import { collectionHandlers, stringOr } from '../collection.js';
import type { HandlerTable } from '../types.js';
import { referencedArns, runningCompositions } from './compositions.js';
import { checkVideo } from './limits.js';

/** Encoder configurations: the transcoding settings compositions refer to. */
const DEFAULT_VIDEO = { width: 1280, height: 720, framerate: 30, bitrate: 2_500_000 };

const crud = collectionHandlers<EncoderConfigurationRecord>({
  label: 'Encoder configuration',
  arnType: 'encoder-configuration',
  singular: 'encoderConfiguration',
  plural: 'encoderConfigurations',
  ops: { create: 'CreateEncoderConfiguration', get: 'GetEncoderConfiguration', delete: 'DeleteEncoderConfiguration' },
  store: (w) => w.realtime.encoderConfigurations,
  create: (input, base) => {
    const video = input.video as Partial<typeof DEFAULT_VIDEO> | undefined;
    checkVideo(video);
    return { ...base, name: stringOr(input.name), video: { ...DEFAULT_VIDEO, ...video } };
  },
  view: (r) => ({ arn: r.arn, name: r.name, video: { ...r.video } }),
  blocksDelete: (r, world) => {
    const user = runningCompositions(world).find((c) => referencedArns(c).includes(r.arn));
    return user ? `it is used by composition ${user.arn}, which has not stopped` : undefined;
  },
});

export const encoderConfigurationHandlers: HandlerTable = {
  ...crud,
  /** Default page: 100. */
  ListEncoderConfigurations: (input, { world }) => {
    const { page, nextToken } = paginate(world.realtime.encoderConfigurations.values(), {
      nextToken: input.nextToken,
      maxResults: input.maxResults,
      defaultMax: 100,
      scope: 'ListEncoderConfigurations',
    });
    return {
      encoderConfigurations: page.map((r) => ({ arn: r.arn, name: r.name, tags: { ...world.tags.get(r.arn) } })),
      nextToken,
    };
  },
};
