import type { Priority } from '../core/scheduler.js';
import type { Cache } from '../core/cache.js';
import type { Pipeline } from '../core/pipeline.js';
import type { IvsStoreError } from '../core/errors.js';

/** One page of a list call. */
export interface Page<S> {
  items: S[];
  nextToken: string | undefined;
}

/** What a list read needs of the store (`StoreContext` has it; named here so the context can name `SharedList`). */
export interface ListContext {
  cache: Cache;
  pipeline: Pipeline;
  retriesFor(service: string): () => number | undefined;
  /** The lists several queries read (a list and a sweep), by `listId`. */
  lists?: Map<string, SharedList>;
}

/** A complete read of a list: every page, as old as its first. */
export interface ListRead<S> {
  items: S[];
  /** The cache sequence its first page was sent at: what its answers are dated by. */
  seq: number;
  /** When its first page was sent, ms since the epoch. */
  at: number;
}

/** A read of every page of one list (an operation and a filter), by one query of a store. */
export interface ListReadRequest<S> {
  /** The client whose calls these are (its retry setting applies). */
  service: string;
  /** Operation and quota group of a page. */
  operation: string;
  /** The filter's key (`listKey`). One operation and key name one call, whichever query sends it. */
  key: string;
  priority: Priority;
  /** Aborts this reader's wait; the calls stop when no reader waits any more. */
  signal?: AbortSignal | undefined;
  /**
   * A complete read sent after this time (ms since the epoch) is taken instead of calling:
   * for a background read, after its own last read landed and within its poll interval
   * (newer than what it has, and fresh); never for a user read (Infinity, or NaN).
   */
  since: number;
  /** One page, should this read be the one that calls. */
  page(nextToken: string | undefined, signal: AbortSignal): Promise<Page<S>>;
}

/** A read in flight: what it has so far, and the token of the page it waits for. */
interface Reading {
  items: unknown[];
  token?: string | undefined;
  seq?: number;
  at?: number;
}

/**
 * A list that several queries of a store read (a sweep claims it, in `ctx.lists`): its read
 * in flight, which a reader joins, and its last complete read, which a background reader
 * takes while fresh.
 */
export interface SharedList {
  reading?: Reading | undefined;
  last?: ListRead<unknown> | undefined;
}

/** The store's name of a list: one operation and filter key name one call, whichever query sends it. */
export const listId = (r: Pick<ListReadRequest<unknown>, 'service' | 'operation' | 'key'>) =>
  `${r.service}:${r.operation}:${r.key}`;

/**
 * Every page of a list, read once for every query of the store it answers (a list, a
 * sweep for entities). Reads of the same list at the same time share each page's call
 * (one pipeline call, aborted when none of its readers waits any more). For a shared list
 * (one a sweep claimed), a read also joins the read in flight, whoever started it: it
 * takes the pages that read has and waits for the rest with it; and a background read
 * takes the last complete read instead of calling when it was sent after `since` (newer
 * than the reader's own last read, and younger than its poll interval). Otherwise this
 * read calls, page by page through the pipeline (each page counted against the
 * operation's quota, at this read's priority). A user read (a first read, `refresh()`)
 * never takes a completed read: it joins one in flight, or calls.
 *
 * The answer is dated by the sequence its first page was sent at, whoever reads it, so it
 * never replaces newer data. A failed read fails its readers and leaves the last complete
 * read as it was.
 */
export async function readList<S>(ctx: ListContext, r: ListReadRequest<S>): Promise<ListRead<S>> {
  const id = listId(r);
  const s = ctx.lists?.get(id);
  const from = s?.reading;
  const last = s?.last;
  if (!from && last && last.at > r.since) return last as ListRead<S>;
  // Joining: the pages read so far, then the page in flight (the pipeline shares its call).
  const p: Reading = { ...from, items: [...(from?.items ?? [])] };
  if (s) s.reading = p;
  try {
    do {
      const token = p.token;
      const page = await ctx.pipeline.send({
        operation: r.operation,
        group: r.operation,
        priority: r.priority,
        retries: ctx.retriesFor(r.service),
        dedupeKey: `${id}:${token}`,
        signal: r.signal,
        send: (signal) => {
          const seq = ctx.cache.nextSeq();
          const at = Date.now();
          return r.page(token, signal).then((out) => ({ out, seq, at }));
        },
      });
      p.seq ??= page.seq;
      p.at ??= page.at;
      p.items.push(...page.out.items);
      p.token = page.out.nextToken || undefined;
    } while (p.token);
    // Readers of one read finish with the same answer; reads of one list never overlap otherwise.
    if (s) s.last = p as ListRead<unknown>;
  } finally {
    if (s?.reading === p) s.reading = undefined;
  }
  return p as ListRead<S>;
}

/** One key per filter, whatever the order of its members (undefined members do not count). */
export function listKey(filter?: unknown): string {
  if (filter === undefined) return '{}';
  const sorted = Object.fromEntries(
    Object.entries(filter as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return JSON.stringify(sorted);
}

/** How the lists of one kind are read. */
export interface ListDefinition<F, S> {
  /** Cache collection of the lists (one entry per filter). */
  collection: string;
  /** The client whose calls these are (its retry setting applies). */
  service: string;
  /** Operation and quota group of a page. */
  operation: string;
  /** A local check of a filter before any call; the error names the field and the rule. */
  checkFilter(filter: F | undefined): IvsStoreError | undefined;
  /**
   * The operation's largest `maxResults` (default 100, most IVS lists'): the bound of
   * `pages$`'s `pageSize`, and its default.
   */
  maxPageSize?: number;
  /** One page of at most `pageSize` items (send it as `maxResults`). */
  page(filter: F | undefined, nextToken: string | undefined, signal: AbortSignal, pageSize: number): Promise<Page<S>>;
  idOf(item: S): string;
  /**
   * The entity collection list items are merged into (a list then holds ids and shows the
   * entities' current data). Absent: items are kept as the list read them.
   */
  into?: string;
}
