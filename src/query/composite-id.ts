/**
 * The id of something named by several parts (a stage session: stage ARN and session id),
 * and its parts again. JSON, so a part may hold any character (a viewer id is free text).
 */
export const compositeId = (...parts: string[]): string => JSON.stringify(parts);
export const idParts = (id: string): string[] => JSON.parse(id) as string[];
