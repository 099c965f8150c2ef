import {
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type IVSRealTimeClient,
} from '@aws-sdk/client-ivs-realtime';
import type { StoreContext } from '../../query/context.js';
import type { Collection } from '../collections.js';
import { createTagsApi, type TagsApi } from '../tags.js';

/** Tags of RealTime resources (their own 10 TPS quotas, apart from IVS's). */
export function createRealtimeTagsApi(ctx: StoreContext, client: IVSRealTimeClient): TagsApi {
  return createTagsApi(ctx, {
    service: 'realtime',
    collection: 'realtime:tags' satisfies Collection,
    groupPrefix: 'realtime:',
    collectionOf: {
      stage: 'stages' satisfies Collection,
      composition: 'compositions' satisfies Collection,
      'encoder-configuration': 'encoderConfigurations' satisfies Collection,
      'storage-configuration': 'storageConfigurations' satisfies Collection,
      'public-key': 'publicKeys' satisfies Collection,
      'ingest-configuration': 'ingestConfigurations' satisfies Collection,
    },
    list: async (resourceArn, signal) =>
      (await client.send(new ListTagsForResourceCommand({ resourceArn }), { abortSignal: signal })).tags,
    tag: (resourceArn, tags, signal) =>
      client.send(new TagResourceCommand({ resourceArn, tags }), { abortSignal: signal }),
    untag: (resourceArn, tagKeys, signal) =>
      client.send(new UntagResourceCommand({ resourceArn, tagKeys }), { abortSignal: signal }),
  });
}
