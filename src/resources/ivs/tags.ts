import { ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand, type IvsClient } from '@aws-sdk/client-ivs';
import type { StoreContext } from '../../query/context.js';
import { C } from '../collections.js';
import { createTagsApi, type TagsApi } from '../tags.js';

export type { TagsApi } from '../tags.js';

/** Tags of IVS resources: channels, stream keys, key pairs, recording configurations, policies, ad configurations. */
export function createIvsTagsApi(ctx: StoreContext, client: IvsClient): TagsApi {
  return createTagsApi(ctx, {
    service: 'ivs',
    collection: C.ivsTags,
    groupPrefix: '',
    collectionOf: {
      channel: C.channels,
      'stream-key': C.streamKeys,
      'playback-key': C.playbackKeyPairs,
      'recording-configuration': C.recordingConfigurations,
      'playback-restriction-policy': C.playbackRestrictionPolicies,
      'ad-configuration': C.adConfigurations,
    },
    list: async (resourceArn, signal) => (await client.send(new ListTagsForResourceCommand({ resourceArn }), { abortSignal: signal })).tags,
    tag: (resourceArn, tags, signal) => client.send(new TagResourceCommand({ resourceArn, tags }), { abortSignal: signal }),
    untag: (resourceArn, tagKeys, signal) => client.send(new UntagResourceCommand({ resourceArn, tagKeys }), { abortSignal: signal }),
  });
}
