import { ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand, type IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import type { StoreContext } from '../../query/context.js';
import { C } from '../collections.js';
import { createTagsApi, type TagsApi } from '../tags.js';

/** Tags of RealTime resources (their own 10 TPS quotas, apart from IVS's). */
export function createRealtimeTagsApi(ctx: StoreContext, client: IVSRealTimeClient): TagsApi {
  return createTagsApi(ctx, {
    service: 'realtime',
    collection: C.realtimeTags,
    groupPrefix: 'realtime:',
    collectionOf: {
      stage: C.stages,
      composition: C.compositions,
      'encoder-configuration': C.encoderConfigurations,
      'storage-configuration': C.storageConfigurations,
      'public-key': C.publicKeys,
      'ingest-configuration': C.ingestConfigurations,
    },
    list: async (resourceArn, signal) => (await client.send(new ListTagsForResourceCommand({ resourceArn }), { abortSignal: signal })).tags,
    tag: (resourceArn, tags, signal) => client.send(new TagResourceCommand({ resourceArn, tags }), { abortSignal: signal }),
    untag: (resourceArn, tagKeys, signal) => client.send(new UntagResourceCommand({ resourceArn, tagKeys }), { abortSignal: signal }),
  });
}
