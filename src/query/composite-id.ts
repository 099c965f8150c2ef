import type { ReadMany } from './read-many.js';
import { readEach } from './reads.js';

/**
 * The id of something named by several parts (a stage session: stage ARN and session id),
 * and its parts again. JSON, so a part may hold any character (a viewer id is free text).
 */
export const compositeId = (...parts: string[]): string => JSON.stringify(parts);
export const idParts = (id: string): string[] => JSON.parse(id) as string[];
/** Whether `id` is `first` itself or a composite id whose first part it is (without parsing every id). */
export const isUnder = (id: string, first: string): boolean =>
  id === first || id.startsWith(`[${JSON.stringify(first)},`);

/**
 * One get per composite id: `send` gets the id's parts; the call is about the first part (the
 * channel or stage), which metrics and errors name.
 */
export const readEachByParts = <T>(
  operation: string,
  send: (parts: string[], signal: AbortSignal) => Promise<T | undefined>,
): ReadMany<T> =>
  readEach(operation, (id, signal) => send(idParts(id), signal), { resourceOf: (id) => idParts(id)[0] as string });
