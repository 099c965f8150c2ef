import {
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type IvsClient,
} from '@aws-sdk/client-ivs';
import type { StoreContext } from '../../query/context.js';
import type { Collection } from '../collections.js';
import { createTagsApi, type TagsApi } from '../tags.js';

export type { TagsApi } from '../tags.js';

/** Tags of IVS resources: channels, stream keys, key pairs, recording configurations, policies, ad configurations. */
export function createIvsTagsApi(ctx: StoreContext, client: IvsClient): TagsApi {
  return createTagsApi(ctx, {
    service: 'ivs',
    collection: 'ivs:tags' satisfies Collection,
    groupPrefix: '',
    collectionOf: {
      channel: 'channels' satisfies Collection,
      'stream-key': 'streamKeys' satisfies Collection,
      'playback-key': 'playbackKeyPairs' satisfies Collection,
      'recording-configuration': 'recordingConfigurations' satisfies Collection,
      'playback-restriction-policy': 'playbackRestrictionPolicies' satisfies Collection,
      'ad-configuration': 'adConfigurations' satisfies Collection,
    },
    list: async (resourceArn, signal) =>
      (await client.send(new ListTagsForResourceCommand({ resourceArn }), { abortSignal: signal })).tags,
    tag: (resourceArn, tags, signal) =>
      client.send(new TagResourceCommand({ resourceArn, tags }), { abortSignal: signal }),
    untag: (resourceArn, tagKeys, signal) =>
      client.send(new UntagResourceCommand({ resourceArn, tagKeys }), { abortSignal: signal }),
  });
}
