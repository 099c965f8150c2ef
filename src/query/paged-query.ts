import {
  BehaviorSubject,
  combineLatest,
  defer,
  distinctUntilChanged,
  finalize,
  map,
  type Observable,
  of,
  switchMap,
} from 'rxjs';
import { type Entry, sameEntry } from '../core/entry.js';
import { classifyError } from '../core/errors.js';
import type { Priority } from '../core/scheduler.js';
import type { StoreContext } from './context.js';
import { type ListDefinition, listId, listKey } from './list-source.js';
import { invalidPages$, pagedOptionsProblem } from './paged-checks.js';
import type { PagedData, PagedEntry, PagedOptions } from './paged-entry.js';
import { PolledQuery } from './polled-query.js';

/** A paged list as the cache keeps it: ids (or items, for lists of no entities) per page, and the next page's token. */
interface Stored {
  pages: unknown[][];
  next: string | undefined;
}

/** One paged list's own state, beside its cache entry. */
interface Pager {
  filter: unknown;
  size: number;
  /** Reads of this list run one after another (a poll never overwrites a page appended meanwhile). */
  queue: Promise<unknown>;
  /** The `fetchNextPage()` in flight, which further calls share. */
  next: Promise<void> | undefined;
  fetchingNext: BehaviorSubject<boolean>;
  /** Bound once per list: the same function on every entry. */
  fetchNextPage: () => Promise<void>;
}

const noop = () => undefined;

/**
 * `pages$` of one kind of list: page-by-page reading, as TanStack Query's infinite queries,
 * on the same entity entries as `list$` and `get$`. One cache entry per filter and page size
 * holds the pages' ids and the next token; items are merged into the entity collection (with
 * `into`), so a change read by any query shows in all.
 *
 * A poll (and `refresh()`, and the first read of a cached list) re-reads the pages loaded so
 * far from the first, as TanStack's refetch does: the same number of pages, each call at
 * background priority under the operation's quota, so pages stay consistent with one another
 * (a page appended to a list read earlier could repeat or skip items that moved). Reads of
 * one list are queued, never overlapping, so a poll cannot drop a page appended meanwhile.
 */
export class PagedQuery<F, S> extends PolledQuery<PagedEntry<S>> {
  /** Each list's filter, size and state, by key (kept, as `ListQuery` keeps its filters: a key's query may start again). */
  private readonly pagers = new Map<string, Pager>();

  constructor(
    ctx: StoreContext,
    private readonly def: ListDefinition<F, S>,
  ) {
    super(ctx, `${def.collection}:pages`, def.operation);
    // The store's end ends every paged Observable (their cache entries end with the cache).
    ctx.onDispose(() => {
      for (const p of this.pagers.values()) p.fetchingNext.complete();
    });
  }

  /** Pages of the list for `filter` (see `ListQuery.pages$`); bad arguments: one `error` entry, nothing sent. */
  pages$(filter: F | undefined, options: PagedOptions | undefined): Observable<PagedEntry<S>> {
    const max = this.def.maxPageSize ?? 100;
    const problem = pagedOptionsProblem(this.def.operation, options, max) ?? this.def.checkFilter(filter);
    if (problem) return invalidPages$(problem);
    const size = options?.pageSize ?? max;
    const key = `${size}:${listKey(filter)}`;
    const p = this.pager(key, filter, size);
    return this.watch(key, options, (observer) => {
      const sub = combineLatest([this.select(key), p.fetchingNext])
        .pipe(
          map(([e, fetchingNextPage]): PagedEntry<S> => {
            const stored = this.cache.get<Stored>(this.collection, key).data;
            return {
              ...e,
              hasNextPage: stored?.next !== undefined,
              fetchingNextPage,
              fetchNextPage: p.fetchNextPage,
            } as PagedEntry<S>;
          }),
          // An entity's flag that changes nothing shown emits nothing.
          distinctUntilChanged(
            (a, b) => sameEntry(a, b) && a.hasNextPage === b.hasNextPage && a.fetchingNextPage === b.fetchingNextPage,
          ),
        )
        .subscribe(observer);
      return () => sub.unsubscribe();
    });
  }

  /** Reads lists now, the pages loaded so far (at least the first); resolves with the keys that failed. */
  async load(keys: string[], priority: Priority, signal?: AbortSignal): Promise<ReadonlySet<string>> {
    const failed = new Set<string>();
    await Promise.all(
      keys.map(async (key) => {
        const p = this.pagers.get(key);
        if (p && !(await this.queued(p, () => this.reread(key, p, priority, signal)))) failed.add(key);
      }),
    );
    return failed;
  }

  private pager(key: string, filter: F | undefined, size: number): Pager {
    let p = this.pagers.get(key);
    if (!p) {
      const made: Pager = {
        filter,
        size,
        queue: Promise.resolve(),
        next: undefined,
        fetchingNext: new BehaviorSubject(false),
        fetchNextPage: () => this.fetchNext(key, made),
      };
      this.pagers.set(key, (p = made));
    }
    return p;
  }

  private queued<T>(p: Pager, task: () => Promise<T>): Promise<T> {
    const run = p.queue.then(task, task);
    p.queue = run.then(noop, noop);
    return run;
  }

  /** The next page, appended; calls meanwhile share it. */
  private fetchNext(key: string, p: Pager): Promise<void> {
    if (this.disposed) return Promise.resolve();
    p.next ??= (async () => {
      p.fetchingNext.next(true);
      try {
        await this.queued(p, async () => {
          const stored = this.cache.get<Stored>(this.collection, key).data;
          // Nothing read yet: the first page is the next one.
          if (!stored) return this.reread(key, p, 'user', undefined, 1);
          if (stored.next === undefined) return true;
          return this.append(key, p, stored.next);
        });
      } finally {
        p.next = undefined;
        p.fetchingNext.next(false);
      }
    })();
    return p.next;
  }

  /** Re-reads the list from its first page: as many pages as are loaded (`count`, or at least one). */
  private async reread(key: string, p: Pager, priority: Priority, signal?: AbortSignal, count?: number) {
    const { cache } = this.ctx;
    const want = count ?? Math.max(1, cache.get<Stored>(this.collection, key).data?.pages.length ?? 0);
    const shown = priority === 'user';
    const seq0 = cache.nextSeq();
    if (shown) cache.fetching(this.collection, key, 1);
    try {
      const pages: S[][] = [];
      let token: string | undefined;
      let seq: number | undefined;
      do {
        const page = await this.page(p, token, priority, signal);
        seq ??= page.seq;
        pages.push(page.items);
        token = page.next;
      } while (token && pages.length < want);
      this.write(key, seq as number, pages, token, shown);
      return true;
    } catch (err) {
      return this.failed(key, seq0, err, shown);
    }
  }

  private async append(key: string, p: Pager, token: string): Promise<boolean> {
    const seq0 = this.ctx.cache.nextSeq();
    try {
      const page = await this.page(p, token, 'user', undefined);
      const stored = this.cache.get<Stored>(this.collection, key).data;
      // The list was read again from elsewhere meanwhile (another tab): that read stands.
      if (stored?.next !== token) return true;
      this.write(key, page.seq, [...(stored.pages as S[][]), page.items], page.next, false, stored.pages.length);
      return true;
    } catch (err) {
      return this.failed(key, seq0, err, false);
    }
  }

  /** One page through the pipeline: counted, queued for quota, retried; one call for readers of the same page. */
  private async page(p: Pager, token: string | undefined, priority: Priority, signal: AbortSignal | undefined) {
    const { ctx, def } = this;
    const out = await ctx.pipeline.send({
      operation: def.operation,
      group: def.operation,
      priority,
      retries: ctx.retriesFor(def.service),
      dedupeKey: `${listId({ ...def, key: listKey(p.filter) })}:${p.size}:${token}`,
      signal,
      send: (s) => {
        const seq = ctx.cache.nextSeq();
        return def.page(p.filter as F | undefined, token, s, p.size).then((page) => ({ page, seq }));
      },
    });
    return { items: out.page.items, next: out.page.nextToken || undefined, seq: out.seq };
  }

  /** Stores pages (the `fresh` ones from index `from` on are merged into the entities). */
  private write(key: string, seq: number, pages: S[][], next: string | undefined, shown: boolean, from = 0): void {
    const { def } = this;
    const into = def.into;
    this.ctx.cache.transaction((tx) => {
      if (shown) tx.fetching(this.collection, key, -1);
      if (into !== undefined)
        for (const page of pages.slice(from))
          for (const item of page) tx.succeed(into, def.idOf(item), seq, item, true);
      const stored: Stored = {
        pages: into === undefined ? pages : pages.map((page, i) => (i < from ? page : page.map((x) => def.idOf(x)))),
        next,
      };
      tx.succeed(this.collection, key, seq, stored);
    });
  }

  private failed(key: string, seq: number, err: unknown, shown: boolean): boolean {
    const error = classifyError(err, this.def.operation);
    if (this.disposed) return false;
    this.ctx.cache.transaction((tx) => {
      if (shown) tx.fetching(this.collection, key, -1);
      if (error.kind !== 'aborted') tx.fail(this.collection, key, seq, error);
    });
    return error.kind === 'aborted';
  }

  /** The entry with its pages' ids resolved to the entities' current data (items deleted since leave at once). */
  private select(key: string): Observable<Entry<PagedData<S>>> {
    const { cache } = this.ctx;
    const into = this.def.into;
    let last: PagedData<S> | undefined;
    const shape = (entry: Entry<Stored>, pages: S[][]): Entry<PagedData<S>> => {
      if (entry.data === undefined) return { ...entry, data: undefined } as Entry<PagedData<S>>;
      // Pages whose items are the very same objects keep their arrays: nothing re-renders for them.
      const kept = pages.map((page, i) => {
        const before = last?.pages[i];
        return before && before.length === page.length && before.every((x, j) => x === page[j]) ? before : page;
      });
      const same = last && last.pages.length === kept.length && kept.every((pg, i) => pg === last?.pages[i]);
      if (!same) last = { pages: kept, items: kept.flat() };
      return { ...entry, data: last } as Entry<PagedData<S>>;
    };
    const entries$ = cache.select$<Stored>(this.collection, key);
    if (into === undefined) return entries$.pipe(map((e) => shape(e, (e.data?.pages ?? []) as S[][])));
    return entries$.pipe(
      switchMap((entry) =>
        defer(() => {
          const idPages = (entry.data?.pages ?? []) as string[][];
          const ids = idPages.flat();
          // Watched pages keep their entities watched (so they are not collected under them).
          for (const id of ids) cache.retain(into, id);
          const items$ =
            ids.length === 0
              ? of([] as Array<S | undefined>)
              : combineLatest(ids.map((id) => cache.select$<S>(into, id).pipe(map((e) => e.data))));
          return items$.pipe(
            map((items) => {
              let at = 0;
              const pages = idPages.map((page) =>
                items.slice(at, (at += page.length)).filter((item): item is S => item !== undefined),
              );
              return shape(entry, pages);
            }),
            finalize(() => {
              for (const id of ids) cache.release(into, id);
            }),
          );
        }),
      ),
    );
  }
}
