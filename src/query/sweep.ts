import type { Caller, ReadMany } from './entity-query.js';
import type { Page } from './list-query.js';

/**
 * The cheaper of one get per id and a sweep of every page of a list (which answers for
 * every id at once): the sweep costs one call per page of what the last sweep saw.
 */
export function sweepOrGet<T, S>(spec: {
  get: ReadMany<T>;
  sweep: {
    operation: string;
    pageSize: number;
    page(nextToken: string | undefined, signal: AbortSignal): Promise<Page<S>>;
    idOf(item: S): string | undefined;
    /** The entity a swept item says, or what an id the sweep did not see is (absent). */
    found(item: S): T;
    absent(id: string): T | Error;
  };
}): ReadMany<T> {
  const { sweep } = spec;
  /** Items the last sweep saw: what the next one costs. */
  let lastSeen = 0;
  return async (ids, call: Caller) => {
    if (ids.length <= Math.max(1, Math.ceil(lastSeen / sweep.pageSize))) return spec.get(ids, call);
    const seen = new Map<string, S>();
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const page = await call(sweep.operation, (signal) => sweep.page(token, signal), {
        dedupeKey: `${sweep.operation}:sweep:${token ?? ''}`,
      });
      for (const item of page.items) {
        const id = sweep.idOf(item);
        if (id !== undefined) seen.set(id, item);
      }
      nextToken = page.nextToken || undefined;
    } while (nextToken);
    lastSeen = seen.size;
    const out = new Map<string, T | Error>();
    for (const id of ids) {
      const item = seen.get(id);
      out.set(id, item === undefined ? sweep.absent(id) : sweep.found(item));
    }
    return out;
  };
}
