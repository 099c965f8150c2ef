import { validation } from '../operations/errors.js';
import type { HandlerTable } from './types.js';

/** Tag operations, the same for every taggable resource of both services. */
export const tagHandlers: HandlerTable = {
  ListTagsForResource: (input, { world }) => ({ tags: world.tagsOf(input.resourceArn as string) }),

  TagResource: (input, { world }) => {
    const arn = input.resourceArn as string;
    const merged = { ...world.tagsOf(arn), ...(input.tags as Record<string, string>) };
    if (Object.keys(merged).length > 50) {
      throw validation(
        `Value at 'tags' failed to satisfy constraint: a resource may have at most 50 tags (${arn} would have ${Object.keys(merged).length})`,
      );
    }
    world.tags.set(arn, merged);
    return {};
  },

  UntagResource: (input, { world }) => {
    const arn = input.resourceArn as string;
    const current = world.tagsOf(arn);
    for (const key of input.tagKeys as string[]) delete current[key];
    world.tags.set(arn, current);
    return {};
  },
};
