import type { Observable } from 'rxjs';
import { withData, type Entry } from '../core/entry.js';
import type { Recipe } from '../core/recipes.js';
import { got, invalid$, type QueryOptions } from '../core/checks.js';
import { invalidInput } from '../core/errors.js';
import type { StoreContext } from '../query/context.js';
import { EntityQuery } from '../query/entity-query.js';
import { derived$ } from '../query/peeked.js';
import { readEach } from '../query/reads.js';
import { Writes, type OptimisticChange } from '../query/writes.js';
import { list, mandatory, str, tagsProblem } from './validate-input.js';
import { arnTypeOf } from './validate.js';

/** `store.tags` (IVS) and `store.realtimeTags` (RealTime): tags of any taggable resource. */
export interface TagsApi {
  /**
   * The tags of a taggable resource.
   * @example store.tags.get$(channelArn).subscribe((e) => e.status === 'success' && show(e.data.team))
   */
  get$(resourceArn: string, options?: QueryOptions): Observable<Entry<Record<string, string>>>;
  /**
   * Adds or replaces tags; the cached resource's `tags` change too.
   * @example await store.tags.tag(channelArn, { team: 'live' })
   */
  tag(resourceArn: string, tags: Record<string, string>): Promise<void>;
  /**
   * Removes tags by key; the cached resource's `tags` change too.
   * @example await store.realtimeTags.untag(stageArn, ['team'])
   */
  untag(resourceArn: string, tagKeys: string[]): Promise<void>;
}

export interface TagsSpec {
  service: 'ivs' | 'realtime';
  /** The cache collection of the tags themselves. */
  collection: string;
  /** Quota groups are per service: the operations share names across services. */
  groupPrefix: string;
  /** The cache collection holding resources of each taggable ARN type. */
  collectionOf: Readonly<Record<string, string>>;
  list(resourceArn: string, signal: AbortSignal): Promise<Record<string, string> | undefined>;
  tag(resourceArn: string, tags: Record<string, string>, signal: AbortSignal): Promise<unknown>;
  untag(resourceArn: string, tagKeys: string[], signal: AbortSignal): Promise<unknown>;
}

const TAGS = mandatory(tagsProblem);
const KEYS = mandatory(list(1, 50, str(1, 128)));

type Tags = Record<string, string>;

/** Tags for one service's resources, kept per ARN and reflected into the tagged resource's entry. */
export function createTagsApi(ctx: StoreContext, spec: TagsSpec): TagsApi {
  const check = (operation: string, arn: unknown) =>
    typeof arn !== 'string' || !Object.hasOwn(spec.collectionOf, arnTypeOf(arn) ?? '')
      ? invalidInput(
          operation,
          'resourceArn',
          `must be the ARN of a taggable resource (${Object.keys(spec.collectionOf).join(', ')}), got ${got(arn)}`,
        )
      : undefined;
  const { collection } = spec;
  const entities = new EntityQuery<{ tags: Tags }>(ctx, {
    collection,
    service: spec.service,
    // get$ checks the ARN's type itself (any taggable resource) before it gets here.
    checkId: () => undefined,
    operation: 'ListTagsForResource',
    group: `${spec.groupPrefix}ListTagsForResource`,
    max: 1_000,
    read: readEach('ListTagsForResource', async (arn, signal) => ({ tags: (await spec.list(arn, signal)) ?? {} }), {
      group: `${spec.groupPrefix}ListTagsForResource`,
    }),
  });
  const writes = new Writes(ctx, {
    service: spec.service,
    entities,
    group: (operation) => `${spec.groupPrefix}${operation}`,
  });
  /** One change of tags, on the tags' own entry (`{ tags }`) and on the tagged resource's entry. */
  const changes = (arn: string, edit: (tags: Tags) => Tags): OptimisticChange[] => {
    // New data rather than draft edits: a tag key named `__proto__` stays an own key (see `assign`).
    const recipe: Recipe<unknown> = (d) =>
      d === undefined ? d : { ...(d as object), tags: edit({ ...(d as { tags?: Tags }).tags }) };
    return [
      { collection, id: arn, recipe },
      { collection: spec.collectionOf[arnTypeOf(arn) ?? ''] as string, id: arn, recipe },
    ];
  };
  return {
    get$(resourceArn, options) {
      const problem = check('ListTagsForResource', resourceArn);
      if (problem) return invalid$(problem);
      return derived$(entities.get$(resourceArn, options), (e) => withData(e, e.data?.tags));
    },
    async tag(resourceArn, next) {
      const problem = check('TagResource', resourceArn) ?? TAGS('TagResource', 'tags', next);
      if (problem) throw problem;
      await writes.mutate({
        operation: 'TagResource',
        send: (signal) => spec.tag(resourceArn, next, signal),
        changes: changes(resourceArn, (t) => ({ ...t, ...next })),
      });
    },
    async untag(resourceArn, tagKeys) {
      const problem = check('UntagResource', resourceArn) ?? KEYS('UntagResource', 'tagKeys', tagKeys);
      if (problem) throw problem;
      const untag = (t: Tags) => {
        const left = { ...t };
        for (const k of tagKeys) delete left[k];
        return left;
      };
      await writes.mutate({
        operation: 'UntagResource',
        send: (signal) => spec.untag(resourceArn, tagKeys, signal),
        changes: changes(resourceArn, untag),
      });
    },
  };
}
