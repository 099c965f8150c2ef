import { arn, list, str, tags } from './rules.js';
import type { OperationSpec, Service } from './types.js';

/**
 * The three tag operations have the same routes in both services
 * (`GET|POST|DELETE /tags/{resourceArn}`); the router tells them apart by the ARN's
 * resource type. Only the ARN types and the quota differ.
 */
export function tagSpecs(service: Service, arnTypes: string[], tps: number): OperationSpec[] {
  const resourceArn = arn(...arnTypes);
  return [
    { name: 'ListTagsForResource', service, method: 'GET', path: '/tags/{resourceArn}', status: 200, required: ['resourceArn'], fields: { resourceArn }, tps },
    { name: 'TagResource', service, method: 'POST', path: '/tags/{resourceArn}', status: 200, required: ['resourceArn', 'tags'], fields: { resourceArn, tags: tags() }, tps },
    { name: 'UntagResource', service, method: 'DELETE', path: '/tags/{resourceArn}', status: 200, required: ['resourceArn', 'tagKeys'], fields: { resourceArn, tagKeys: list(1, 50, str(1, 128)) }, tps },
  ];
}
