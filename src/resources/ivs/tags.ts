import { ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand, type IvsClient } from '@aws-sdk/client-ivs';
import { map, type Observable } from 'rxjs';
import type { Entry } from '../../core/cache.js';
import { invalidInput } from '../../core/errors.js';
import type { StoreContext } from '../../store/context.js';
import type { QueryOptions } from '../../store/entity-resource.js';
import { simpleResource } from '../../store/simple-resource.js';
import { tagsProblem } from '../validate.js';

export interface TagsApi {
  /** The tags of any taggable IVS resource. */
  get$(resourceArn: string, options?: QueryOptions): Observable<Entry<Record<string, string>>>;
  /** Adds or replaces tags; the cached resource's `tags` change too. */
  tag(resourceArn: string, tags: Record<string, string>): Promise<void>;
  /** Removes tags by key; the cached resource's `tags` change too. */
  untag(resourceArn: string, tagKeys: string[]): Promise<void>;
}

/** Which cache collection holds a resource of each ARN type (to reflect tag changes into it). */
const COLLECTION_OF: Record<string, string> = {
  channel: 'channels',
  'stream-key': 'streamKeys',
  'playback-key': 'playbackKeyPairs',
  'recording-configuration': 'recordingConfigurations',
  'playback-restriction-policy': 'playbackRestrictionPolicies',
  'ad-configuration': 'adConfigurations',
};
const ARN = /^arn:aws:ivs:[a-z0-9-]+:\d{12}:([a-z-]+)\/[a-zA-Z0-9-]+$/;

export function createTagsApi(ctx: StoreContext, client: IvsClient): TagsApi {
  const typeOf = (arn: string) => ARN.exec(arn)?.[1];
  const check = (operation: string, arn: unknown) => {
    if (typeof arn !== 'string' || !COLLECTION_OF[typeOf(arn) ?? '']) {
      throw invalidInput(operation, 'resourceArn', `must be the ARN of a taggable IVS resource (${Object.keys(COLLECTION_OF).join(', ')}), got '${String(arn)}'`);
    }
  };
  // Tags are kept per ARN in a collection of their own, read by ListTagsForResource.
  const tags = simpleResource<{ tags: Record<string, string> }, never>(ctx, {
    collection: 'tags',
    service: 'ivs',
    arnType: 'taggable resource',
    // get$ checks the ARN's type itself (any taggable IVS resource) before it gets here.
    checkId: () => undefined,
    get: { operation: 'ListTagsForResource', send: async (arn, signal) => ({ tags: (await client.send(new ListTagsForResourceCommand({ resourceArn: arn }), { abortSignal: signal })).tags ?? {} }) },
    list: { operation: 'ListTagsForResource', send: async () => ({ items: [], nextToken: undefined }), idOf: () => '' },
  });
  const reflect = (arn: string, next: Record<string, string>) => {
    const collection = COLLECTION_OF[typeOf(arn) ?? ''] as string;
    ctx.cache.transaction((tx) => {
      tx.succeed('tags', arn, ctx.cache.nextSeq(), { tags: next });
      if (ctx.cache.get(collection, arn).data !== undefined) tx.succeed(collection, arn, ctx.cache.nextSeq(), { tags: next }, true);
    });
  };
  const current = async (arn: string) =>
    ctx.cache.get<{ tags: Record<string, string> }>('tags', arn).data?.tags ??
    (await tags.run('ListTagsForResource', undefined, (signal) => client.send(new ListTagsForResourceCommand({ resourceArn: arn }), { abortSignal: signal }))).tags ??
    {};
  return {
    get$(resourceArn, options) {
      check('ListTagsForResource', resourceArn);
      return tags.get$(resourceArn, options).pipe(map((e) => ({ ...e, data: e.data?.tags })));
    },
    async tag(resourceArn, next) {
      check('TagResource', resourceArn);
      const problem = tagsProblem('TagResource', 'tags', next);
      if (problem) throw problem;
      await tags.run('TagResource', undefined, (signal) => client.send(new TagResourceCommand({ resourceArn, tags: next }), { abortSignal: signal }));
      reflect(resourceArn, { ...(await current(resourceArn)), ...next });
    },
    async untag(resourceArn, tagKeys) {
      check('UntagResource', resourceArn);
      if (!Array.isArray(tagKeys) || tagKeys.length === 0 || tagKeys.length > 50) throw invalidInput('UntagResource', 'tagKeys', 'must be 1–50 tag keys');
      await tags.run('UntagResource', undefined, (signal) => client.send(new UntagResourceCommand({ resourceArn, tagKeys }), { abortSignal: signal }));
      const left = { ...(await current(resourceArn)) };
      for (const k of tagKeys) delete left[k];
      reflect(resourceArn, left);
    },
  };
}
