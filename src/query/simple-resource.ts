import type { Observable } from 'rxjs';
import type { Entry } from '../core/entry.js';
import type { QueryOptions } from '../core/checks.js';
import { required, type IvsStoreError } from '../core/errors.js';
import type { StoreContext } from './context.js';
import { EntityQuery } from './entity-query.js';
import { invalidateAll, type Invalidates, refreshAll } from './polled-query.js';
import { ListQuery, type Page, type PagedEntry, type PagedOptions } from './list-query.js';
import { readEach } from './reads.js';
import { dataSetter, type SetsData } from './set-data.js';
import { assign, Writes, type OptimisticChange } from './writes.js';

/**
 * The common shape of resources read one by one: a get per id, a paged list of summaries,
 * and mutations. A spec says the calls; this gives cached, polled reads and the cache
 * effects of mutations, so a resource file states only its API.
 */
export interface SimpleResourceSpec<T, S, F = undefined> {
  collection: string;
  service: string;
  /** A local check of an id, naming the operation it is for (e.g. an ARN of the right type). */
  checkId: (operation: string, id: unknown) => IvsStoreError | undefined;
  get: { operation: string; send(id: string, signal: AbortSignal): Promise<T | undefined> };
  list: {
    operation: string;
    /** One page of at most `pageSize` items (send it as `maxResults`). */
    send(nextToken: string | undefined, signal: AbortSignal, filter: F | undefined, pageSize: number): Promise<Page<S>>;
    /** The operation's largest `maxResults`, when not 100. */
    maxPageSize?: number;
    idOf(item: S): string;
    checkFilter?: (filter: F | undefined) => IvsStoreError | undefined;
  };
}

export interface SimpleResource<T, S, F = undefined> extends Invalidates<T>, SetsData<T> {
  get$(id: string, options?: QueryOptions): Observable<Entry<T>>;
  list$(filter?: F, options?: QueryOptions): Observable<Entry<S[]>>;
  /**
   * The list page by page, on the same cache entries as `list$` and `get$`.
   *
   * @example
   * ```ts
   * store.recordingConfigurations.pages$({ pageSize: 10 }).subscribe((e) => e.hasNextPage && e.fetchNextPage());
   * ```
   */
  pages$(filter?: F, options?: PagedOptions): Observable<PagedEntry<S>>;
  refresh(): Promise<void>;
  /**
   * Sends a mutation call (user priority; the id checked first when given); `changes` show
   * at once by the store's one optimistic rule (`Writes.mutate`).
   */
  send<O>(
    operation: string,
    id: string | undefined,
    send: (signal: AbortSignal) => Promise<O>,
    changes?: readonly OptimisticChange[],
  ): Promise<O>;
  /**
   * An update by the store's one optimistic rule: `fields` show on the cached resource at
   * once, the answer replaces them, a failure takes them off. Resolves with the resource as
   * the call returned it.
   */
  update<O>(
    operation: string,
    id: unknown,
    fields: object,
    send: (signal: AbortSignal) => Promise<O>,
    answer: (out: O) => T | undefined,
  ): Promise<T>;
  /** A call returned the resource: cache it and re-read watched lists. */
  stored(id: string | undefined, item: T | undefined): void;
  /** A call deleted it. */
  deleted(id: string): void;
  /** Its queries, for event rules to write news into. */
  entities: EntityQuery<T>;
  lists: ListQuery<F, S>;
}

export function simpleResource<T, S, F = undefined>(
  ctx: StoreContext,
  spec: SimpleResourceSpec<T, S, F>,
): SimpleResource<T, S, F> {
  const entities = new EntityQuery<T>(ctx, {
    collection: spec.collection,
    service: spec.service,
    checkId: (id) => spec.checkId(spec.get.operation, id),
    operation: spec.get.operation,
    max: 1_000,
    read: readEach(spec.get.operation, (id, signal) => spec.get.send(id, signal)),
  });
  const lists = new ListQuery<F, S>(ctx, {
    collection: `${spec.collection}:lists`,
    service: spec.service,
    operation: spec.list.operation,
    checkFilter: spec.list.checkFilter ?? (() => undefined),
    page: (f, nextToken, signal, size) => spec.list.send(nextToken, signal, f, size),
    maxPageSize: spec.list.maxPageSize,
    idOf: spec.list.idOf,
    into: spec.collection,
  });
  const writes = new Writes<T>(ctx, { service: spec.service, entities, lists: [lists] });
  return {
    get$: (id, options) => entities.get$(id, options),
    list$: (filter, options) => lists.list$(filter, options),
    pages$: (filter, options) => lists.pages$(filter, options),
    refresh: refreshAll(entities, lists),
    invalidate: invalidateAll(entities, lists),
    async send(operation, id, send, changes) {
      const problem = id === undefined ? undefined : spec.checkId(operation, id);
      if (problem) throw problem;
      if (changes) return (await writes.mutate({ operation, id, changes, send })).out;
      return writes.send(operation, id, send);
    },
    async update(operation, id, fields, send, answer) {
      const problem = spec.checkId(operation, id);
      if (problem) throw problem;
      const arn = id as string;
      const { data } = await writes.mutate({
        operation,
        id: arn,
        changes: [{ id: arn, recipe: assign(fields) }],
        send,
        answer,
      });
      return required(data, operation, spec.collection);
    },
    setData: dataSetter(ctx, spec.collection, (id) => spec.checkId('setData', id)),
    stored: (id, item) => writes.stored(id, item),
    deleted: (id) => writes.deleted(id),
    entities,
    lists,
  };
}

/** The reads of a kind whose list takes no filter (most configurations). */
export interface ConfigurationReads<T, S> extends Invalidates<T>, SetsData<T> {
  /**
   * One resource by ARN, read on first subscribe and kept fresh while watched.
   * @example store.recordingConfigurations.get$(arn).subscribe((e) => e.status === 'success' && show(e.data))
   */
  get$(arn: string, options?: QueryOptions): Observable<Entry<T>>;
  /**
   * Every page of the resource's list (summaries), kept fresh while subscribed.
   * @example store.encoderConfigurations.list$({ refetchInterval: 30_000 }).subscribe(render)
   */
  list$(options?: QueryOptions): Observable<Entry<S[]>>;
  /**
   * The list page by page (`{ pageSize }` and the query options), on the same cache
   * entries as `list$` and `get$`.
   *
   * @example
   * ```ts
   * store.recordingConfigurations.pages$({ pageSize: 10 }).subscribe((e) => e.hasNextPage && e.fetchNextPage());
   * ```
   */
  pages$(options?: PagedOptions): Observable<PagedEntry<S>>;
  /**
   * Re-reads every watched entry and list of the resource now.
   * @example await store.publicKeys.refresh()
   */
  refresh(): Promise<void>;
}

export const configurationReads = <T, S>(
  r: Pick<SimpleResource<T, S>, 'get$' | 'list$' | 'pages$' | 'refresh' | 'invalidate' | 'setData'>,
): ConfigurationReads<T, S> => ({
  get$: r.get$,
  list$: (options) => r.list$(undefined, options),
  pages$: (options) => r.pages$(undefined, options),
  refresh: r.refresh,
  invalidate: r.invalidate,
  setData: r.setData,
});
