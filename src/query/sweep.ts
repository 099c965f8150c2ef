import type { StoreContext } from './context.js';
import type { ReadMany } from './read-many.js';
import type { Page } from './list-source.js';
import { listId, listKey, readList, type SharedList } from './list-source.js';

/**
 * The cheaper of one get per id and a sweep of every page of a list (which answers for
 * every id at once): the sweep costs one call per page of what the last sweep saw, and
 * nothing when a background read finds the list read by another query of the store (its
 * `list$()`, unfiltered) in flight or fresh: the sweep is that list's shared read
 * (list-source.ts), each answer dated by when that read was sent.
 */
export function sweepOrGet<T, S>(
  ctx: StoreContext,
  spec: {
    get: ReadMany<T>;
    sweep: {
      /** The client whose calls these are (its retry setting applies). */
      service: string;
      operation: string;
      pageSize: number;
      /** A page of the unfiltered list: the very call the list's own query makes. */
      page(nextToken: string | undefined, signal: AbortSignal): Promise<Page<S>>;
      idOf(item: S): string | undefined;
      /** The entity a swept item says, or what an id the sweep did not see is (absent). */
      found(item: S): T;
      absent(id: string): T | Error;
    };
  },
): ReadMany<T> {
  const { sweep } = spec;
  const list = { ...sweep, key: listKey() };
  // Claimed: the unfiltered list's reads are the sweep's, and the sweep's are the list's.
  const shared = (ctx.lists ??= new Map<string, SharedList>());
  const source = shared.get(listId(list)) ?? {};
  shared.set(listId(list), source);
  /** Items the last sweep saw: what the next one costs. */
  let lastSeen = 0;
  /** When the last list read the sweep took was sent. */
  let lastAt = 0;
  return async (ids, call, read) => {
    // Without a context (not an entity query's read): a user read, undated.
    const priority = read?.priority ?? 'user';
    // A background read costs nothing when a read of the list answers it: one in flight, or
    // a complete one newer than the sweep's own last and younger than the shortest poll
    // interval of the ids. A user read takes no completed read.
    const since =
      priority === 'background' && read
        ? Math.max(
            lastAt,
            Date.now() -
              ids.reduce((m, id) => Math.min(m, read.poller.intervalOf(id) ?? ctx.refetchInterval), Infinity),
          )
        : Infinity;
    const { reading, last } = source;
    const free = since < Infinity && (!!reading || (!!last && last.at > since));
    if (!free && ids.length <= Math.max(1, Math.ceil(lastSeen / sweep.pageSize))) return spec.get(ids, call, read);
    const { items, seq, at } = await readList(ctx, { ...list, priority, signal: read?.signal, since });
    read?.dated(seq);
    lastAt = at;
    const seen = new Map<string, S>();
    for (const item of items) {
      const id = sweep.idOf(item);
      if (id !== undefined) seen.set(id, item);
    }
    lastSeen = seen.size;
    const out = new Map<string, T | Error>();
    for (const id of ids) {
      const item = seen.get(id);
      out.set(id, item === undefined ? sweep.absent(id) : sweep.found(item));
    }
    return out;
  };
}
