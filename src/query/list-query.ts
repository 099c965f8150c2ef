import {
  combineLatest,
  defer,
  distinctUntilChanged,
  finalize,
  map,
  Observable,
  of,
  type Subscription,
  switchMap,
} from 'rxjs';
import { withData, type Entry } from '../core/entry.js';
import { invalid$, optionsProblem, type QueryOptions } from '../core/checks.js';
import { classifyError, isIvsStoreError } from '../core/errors.js';
import type { Priority } from '../core/scheduler.js';
import type { StoreContext } from './context.js';
import { type ListDefinition, listKey, readList } from './list-source.js';

export type { ListDefinition };
import type { PagedEntry, PagedOptions } from './paged-entry.js';
import type { PagedQuery } from './paged-query.js';
import { PolledQuery } from './polled-query.js';

export type { Page } from './list-source.js';
export type { PagedData, PagedEntry, PagedMeta, PagedOptions } from './paged-entry.js';

/**
 * `list$` of one kind: all pages of a list per filter, kept fresh while subscribed, on the
 * shared cache, pipeline and scheduler. Usable alone (a list with no entities of its own)
 * or beside an `EntityQuery` whose entities its items update.
 */
export class ListQuery<F, S> extends PolledQuery<Entry<S[]>> {
  /** The filter of each list key (a list's key is its own: find lists by their filters). */
  readonly filters = new Map<string, F | undefined>();
  /** The paged reads of this kind, once their code has loaded. */
  private paged: PagedQuery<F, S> | undefined;
  private loadPaged: (() => Promise<PagedQuery<F, S>>) | undefined;

  constructor(
    ctx: StoreContext,
    private readonly def: ListDefinition<F, S>,
  ) {
    super(ctx, def.collection, def.operation);
  }

  /**
   * All pages of the list for `filter`, kept fresh while subscribed. A bad filter or bad
   * options: one `error` entry, nothing sent (never a synchronous throw).
   */
  list$(filter?: F, options?: QueryOptions): Observable<Entry<S[]>> {
    const problem = optionsProblem(this.def.operation, options) ?? this.def.checkFilter(filter);
    if (problem) return invalid$(problem);
    const key = listKey(filter);
    this.filters.set(key, filter);
    return this.watch(
      key,
      options,
      (observer) => {
        const sub = this.select(key).subscribe(observer);
        return () => sub.unsubscribe();
      },
      () => this.view(key),
    );
  }

  /**
   * What `list$(filter)` would give a new subscriber first, from the cache alone: nothing
   * subscribed, read or made (for a query that follows one list, then another: see PEEK).
   */
  peek(filter?: F): Entry<S[]> {
    return this.view(listKey(filter));
  }

  /** One view of each list entry with `into` resolved, kept while its items are the same objects. */
  private readonly views = new WeakMap<Entry<unknown>, Entry<S[]>>();

  /** `select(key)`'s current value from the cache alone, the same object while unchanged. */
  private view(key: string): Entry<S[]> {
    const { cache } = this.ctx;
    const into = this.def.into;
    const entry = cache.get<string[]>(this.collection, key);
    if (into === undefined || entry.data === undefined) return entry as Entry<unknown> as Entry<S[]>;
    const items = entry.data.map((id) => cache.get<S>(into, id).data).filter((i) => i !== undefined);
    const last = this.views.get(entry);
    const prev = last?.data;
    if (prev?.length === items.length && items.every((x, i) => x === prev[i])) return last as Entry<S[]>;
    const view = withData<S[]>(entry, items);
    this.views.set(entry, view);
    return view;
  }

  /**
   * The list for `filter` page by page (see `PagedQuery`): its code is a chunk of its own,
   * loaded on the first call, which checks the arguments then. Bad options or filter: one
   * `error` entry, nothing sent.
   */
  pages$(filter?: F, options?: PagedOptions): Observable<PagedEntry<S>> {
    const { def } = this;
    if (this.paged) return this.paged.pages$(filter, options);
    const load = (this.loadPaged ??= this.ctx.onDemand(
      `paged ${def.operation}`,
      () => import('./paged-query.js'),
      (m) => (this.paged = new m.PagedQuery(this.ctx, def)),
    ));
    return new Observable<PagedEntry<S>>((subscriber) => {
      let inner: Subscription | undefined;
      let closed = false;
      load().then(
        (paged) => {
          if (!closed) inner = paged.pages$(filter, options).subscribe(subscriber);
        },
        (err: unknown) =>
          isIvsStoreError(err) && err.kind === 'disposed' ? subscriber.complete() : subscriber.error(err),
      );
      return () => {
        closed = true;
        inner?.unsubscribe();
      };
    });
  }

  /** Re-reads every watched list now, paged ones included. */
  override async refresh(): Promise<void> {
    await Promise.all([super.refresh(), this.paged?.refresh()]);
  }

  /** Marks lists stale (see `PolledQuery.invalidate`); every paged list of the kind too. */
  override invalidate(test?: (id: string, data: S[] | undefined) => boolean): void {
    super.invalidate(test);
    this.paged?.invalidate();
  }

  /** The keys of the lists whose filter passes `test` (the lists an event is about). */
  keysWhere(test: (filter: F | undefined) => boolean): string[] {
    return [...this.filters].filter(([, f]) => test(f)).map(([key]) => key);
  }

  /** Reads lists now, every page; resolves with the keys that failed. */
  async load(keys: string[], priority: Priority, signal?: AbortSignal): Promise<ReadonlySet<string>> {
    const failed = new Set<string>();
    await Promise.all(keys.map(async (key) => (await this.loadOne(key, priority, signal)) || failed.add(key)));
    return failed;
  }

  /**
   * One list, every page; false when it failed. Read through the store's shared read of
   * that list (list-source.ts): another query's read of it in flight, or a background
   * poll's fresh enough complete one, answers without a call.
   */
  private async loadOne(key: string, priority: Priority, signal: AbortSignal | undefined): Promise<boolean> {
    const { ctx, def } = this;
    const { cache } = ctx;
    const seq = cache.nextSeq();
    const shown = priority === 'user';
    if (shown) cache.fetching(this.collection, key, 1);
    try {
      const { items, seq: listSeq } = await readList<S>(ctx, {
        ...def,
        key,
        priority,
        signal,
        // A poll takes another query's complete read of the list if it was sent after this
        // list last landed and within its interval (never if it has not landed yet).
        since: shown
          ? Infinity
          : Math.max(
              Date.now() - (this.poller.intervalOf(key) ?? 0),
              cache.checkedAt(this.collection, key) ?? Number.POSITIVE_INFINITY,
            ),
        page: (token, s) => def.page(this.filters.get(key), token, s, def.maxPageSize ?? 100),
      });
      cache.transaction((tx) => {
        if (shown) tx.fetching(this.collection, key, -1);
        const into = def.into;
        if (into === undefined) {
          tx.succeed(this.collection, key, listSeq, items);
          return;
        }
        for (const item of items) tx.succeed(into, def.idOf(item), listSeq, item, true);
        tx.succeed(
          this.collection,
          key,
          listSeq,
          items.map((i) => def.idOf(i)),
        );
      });
      return true;
    } catch (err) {
      const error = classifyError(err, def.operation);
      if (this.disposed) return false;
      cache.transaction((tx) => {
        if (shown) tx.fetching(this.collection, key, -1);
        if (error.kind !== 'aborted') tx.fail(this.collection, key, seq, error);
      });
      return error.kind === 'aborted';
    }
  }

  /** A list entry; with `into`, its ids resolved to the entities' current data. */
  private select(key: string): Observable<Entry<S[]>> {
    const { cache } = this.ctx;
    const into = this.def.into;
    if (into === undefined) return cache.select$<S[]>(this.collection, key);
    return cache.select$<string[]>(this.collection, key).pipe(
      switchMap((entry) =>
        defer(() => {
          const ids = entry.data ?? [];
          // A watched list keeps its entities watched (so they are not collected under it).
          for (const id of ids) cache.retain(into, id);
          const items$ =
            ids.length === 0
              ? of([] as S[])
              : combineLatest(ids.map((id) => cache.select$<S>(into, id).pipe(map((e) => e.data as S))));
          return items$.pipe(
            distinctUntilChanged((a, b) => a.length === b.length && a.every((x, i) => x === b[i])),
            // An item deleted since the list was read (its entry not-found) leaves at once, before the re-read.
            map((items) =>
              withData<S[]>(entry, entry.data === undefined ? undefined : items.filter((item) => item !== undefined)),
            ),
            finalize(() => {
              for (const id of ids) cache.release(into, id);
            }),
          );
        }),
      ),
    );
  }
}
