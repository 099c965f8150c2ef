import { arn, list, map, str } from './rules.js';
import type { OperationSpec, Rule, Service } from './types.js';

/**
 * Tags differ between the two service models: both allow 50 per resource, keys of
 * 1–128 and values of 0–256 characters, but only IVS restricts the characters, to
 * Unicode letters, separators and numbers and `_.:/=+-@`. The model writes these as
 * Java patterns (`\p{L}` …); JavaScript needs the `u` flag for `\p{…}` and `\-`.
 */
const IVS_TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const IVS_TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export interface TagRules {
  key: Rule;
  tags: Rule;
}

function tagRules(key: Rule, value: Rule): TagRules {
  return { key, tags: map(0, 50, key, value) };
}

export const ivsTagRules = tagRules(
  str(1, 128, IVS_TAG_KEY, '([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)'),
  str(0, 256, IVS_TAG_VALUE, '([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)'),
);
export const realtimeTagRules = tagRules(str(1, 128), str(0, 256));

/**
 * The three tag operations have the same routes in both services
 * (`GET|POST|DELETE /tags/{resourceArn}`); the router tells them apart by the ARN's
 * resource type. The ARN types, tag rules and quota differ.
 */
export function tagSpecs(service: Service, arnTypes: string[], rules: TagRules, tps: number): OperationSpec[] {
  const resourceArn = arn(...arnTypes);
  return [
    {
      name: 'ListTagsForResource',
      service,
      method: 'GET',
      path: '/tags/{resourceArn}',
      status: 200,
      required: ['resourceArn'],
      fields: { resourceArn },
      tps,
    },
    {
      name: 'TagResource',
      service,
      method: 'POST',
      path: '/tags/{resourceArn}',
      status: 200,
      required: ['resourceArn', 'tags'],
      fields: { resourceArn, tags: rules.tags },
      tps,
    },
    // An empty list cannot be sent (it is a repeated query parameter), so 0 keys reads as a missing member.
    {
      name: 'UntagResource',
      service,
      method: 'DELETE',
      path: '/tags/{resourceArn}',
      status: 200,
      required: ['resourceArn', 'tagKeys'],
      fields: { resourceArn, tagKeys: list(0, 50, rules.key) },
      tps,
    },
  ];
}
