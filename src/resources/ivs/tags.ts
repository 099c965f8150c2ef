import { ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand, type IvsClient } from '@aws-sdk/client-ivs';
import type { StoreContext } from '../../store/context.js';
import { createTagsApi, type TagsApi } from '../../store/tags-resource.js';

export type { TagsApi } from '../../store/tags-resource.js';

/** Tags of IVS resources: channels, stream keys, key pairs, recording configurations, policies, ad configurations. */
export function createIvsTagsApi(ctx: StoreContext, client: IvsClient): TagsApi {
  return createTagsApi(ctx, {
    service: 'ivs',
    groupPrefix: '',
    collectionOf: {
      channel: 'channels',
      'stream-key': 'streamKeys',
      'playback-key': 'playbackKeyPairs',
      'recording-configuration': 'recordingConfigurations',
      'playback-restriction-policy': 'playbackRestrictionPolicies',
      'ad-configuration': 'adConfigurations',
    },
    list: async (resourceArn, signal) => (await client.send(new ListTagsForResourceCommand({ resourceArn }), { abortSignal: signal })).tags,
    tag: (resourceArn, tags, signal) => client.send(new TagResourceCommand({ resourceArn, tags }), { abortSignal: signal }),
    untag: (resourceArn, tagKeys, signal) => client.send(new UntagResourceCommand({ resourceArn, tagKeys }), { abortSignal: signal }),
  });
}
