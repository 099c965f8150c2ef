import type { StorageConfigurationRecord } from '../../world/realtime-state.js';
import { paginate } from '../../world/paginate.js';
import type { World } from '../../world/world.js';
import { collectionHandlers, stringOr } from '../collection.js';
import type { HandlerTable } from '../types.js';
import { referencedArns, runningCompositions } from './compositions.js';

/** Storage configurations: the S3 bucket compositions and participant recordings write to. */
function inUse(world: World, arn: string): string | undefined {
  const stage = [...world.realtime.stages.values()].find((s) => s.recording.storageConfigurationArn === arn);
  if (stage) return `stage ${stage.arn} records its participants to it`;
  const user = runningCompositions(world).find((c) => referencedArns(c).includes(arn));
  return user ? `it is used by composition ${user.arn}, which has not stopped` : undefined;
}

const crud = collectionHandlers<StorageConfigurationRecord>({
  label: 'Storage configuration',
  arnType: 'storage-configuration',
  singular: 'storageConfiguration',
  plural: 'storageConfigurations',
  ops: { create: 'CreateStorageConfiguration', get: 'GetStorageConfiguration', delete: 'DeleteStorageConfiguration' },
  store: (w) => w.realtime.storageConfigurations,
  create: (input, base) => ({
    ...base,
    name: stringOr(input.name),
    s3: { bucketName: (input.s3 as { bucketName: string }).bucketName },
  }),
  view: (r) => ({ arn: r.arn, name: r.name, s3: { ...r.s3 } }),
  blocksDelete: (r, world) => inUse(world, r.arn),
});

export const storageConfigurationHandlers: HandlerTable = {
  ...crud,
  /** Default page: 100. */
  ListStorageConfigurations: (input, { world }) => {
    const { page, nextToken } = paginate(world.realtime.storageConfigurations.values(), {
      nextToken: input.nextToken,
      maxResults: input.maxResults,
      defaultMax: 100,
      scope: 'ListStorageConfigurations',
    });
    return {
      storageConfigurations: page.map((r) => ({
        arn: r.arn,
        name: r.name,
        s3: { ...r.s3 },
        tags: { ...world.tags.get(r.arn) },
      })),
      nextToken,
    };
  },
};
