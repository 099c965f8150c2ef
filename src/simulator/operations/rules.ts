import type { Rule } from './types.js';

/** The service models: resource names are 0–128 of `[a-zA-Z0-9-_]`. */
export const name = (): Rule => ({
  kind: 'string',
  min: 0,
  max: 128,
  pattern: /^[a-zA-Z0-9-_]*$/,
  patternText: '[a-zA-Z0-9-_]*',
});
export const str = (min = 0, max?: number, pattern?: RegExp, patternText?: string): Rule => ({
  kind: 'string',
  min,
  ...(max === undefined ? {} : { max }),
  ...(pattern ? { pattern, patternText: patternText ?? pattern.source } : {}),
});
export const oneOf = (...values: string[]): Rule => ({ kind: 'enum', values });
export const int = (min?: number, max?: number): Rule => ({
  kind: 'int',
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
});
export const num = (min?: number, max?: number): Rule => ({
  kind: 'number',
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
});
export const bool = (): Rule => ({ kind: 'bool' });
export const arn = (...types: string[]): Rule => ({ kind: 'arn', types });
/** Empty string allowed: IVS uses "" to mean "none" for optional ARNs on update. */
export const optionalArn = (...types: string[]): Rule => ({ kind: 'arn', types: [...types, ''] });
/** A map of strings; `key`/`value` default to any string. */
export const map = (min?: number, max?: number, key?: Rule, value?: Rule): Rule => ({
  kind: 'map',
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
  ...(key ? { key } : {}),
  ...(value ? { value } : {}),
});
export const list = (min?: number, max?: number, item?: Rule): Rule => ({
  kind: 'list',
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
  ...(item ? { item } : {}),
});
export const object = (fields?: Record<string, Rule>, required?: string[]): Rule => ({
  kind: 'object',
  ...(fields ? { fields } : {}),
  ...(required ? { required } : {}),
});
/** `maxResults` of list operations. */
export const maxResults = (max: number, min = 1): Rule => int(min, max);
/** The service models: `nextToken`, 0–1024 of `[a-zA-Z0-9+/=_-]`. */
export const nextToken = (): Rule => str(0, 1024, /^[a-zA-Z0-9+/=_-]*$/, '[a-zA-Z0-9+/=_-]*');
/** The `nextToken` and `maxResults` pair every list operation takes. */
export const paging = (max = 100) => ({ nextToken: nextToken(), maxResults: maxResults(max) });
