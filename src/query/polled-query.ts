import type { Observable } from 'rxjs';
import type { QueryOptions } from '../core/checks.js';
import { disposedError, invalidInput } from '../core/errors.js';
import { Poller } from '../core/poller.js';
import type { Priority } from '../core/scheduler.js';
import { isUnder } from './composite-id.js';
import type { StoreContext } from './context.js';
import type { Cache } from '../core/cache.js';
import type { NewsOutcome } from '../core/cache-writer.js';
import type { Entry } from '../core/entry.js';

/** The data of an entry type. */
type DataOf<E> = E extends Entry<infer T> ? T : never;
import {
  type FirstReader,
  type Listen,
  type Peek,
  type QueryOwner,
  type SharedQuery,
  sharedQuery,
} from './shared-query.js';

/**
 * What every kind of query shares: one cache collection, one poller for what is watched in
 * it, one shared Observable per key while held, and a refresh of everything watched.
 */
export abstract class PolledQuery<E> implements QueryOwner {
  readonly collection: string;
  readonly poller: Poller;
  /** The shared Observables, by interval and stale time, then key. */
  private readonly queries = new Map<string, Map<string, SharedQuery<E>>>();
  protected disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  constructor(
    protected readonly ctx: StoreContext,
    collection: string,
    /** The operation whose quota stretches the polls. */
    operation: string,
  ) {
    this.collection = collection;
    this.poller = new Poller({
      kind: collection,
      active$: ctx.active$,
      metrics: ctx.metrics,
      graceMs: ctx.graceTime,
      quotaDelay: () => ctx.scheduler.delayFor(operation),
      refresh: (keys, _reason, signal) => this.load(this.pollable(keys), 'background', signal),
      readAt: (key) => ctx.cache.sentAt(collection, key),
    });
    ctx.pollers?.push([collection, this.poller]);
    ctx.onDispose(() => {
      this.disposed = true;
      this.poller.dispose();
    });
  }

  /** Reads keys now; resolves with the keys that failed (the poller backs off from them). */
  abstract load(keys: string[], priority: Priority, signal?: AbortSignal): Promise<ReadonlySet<string>>;

  /** Re-reads every watched key now (user priority). */
  async refresh(): Promise<void> {
    if (this.disposed) throw disposedError('refresh');
    const { cache } = this.ctx;
    const keys = cache.ids(this.collection).filter((k) => cache.watched(this.collection, k));
    if (keys.length) await this.load(keys, 'user');
  }

  /**
   * News of one entry from an event (see `Cache.news`), told as a read's change would be.
   * `change` gets the data reads brought and returns the new data, or undefined for none.
   */
  news(id: string, seq: number, change: (data: DataOf<E>) => DataOf<E> | undefined): NewsOutcome {
    const { cache } = this.ctx;
    const before = cache.get(this.collection, id).data;
    const outcome = cache.news(this.collection, id, seq, change as (d: unknown) => unknown);
    const after = cache.get(this.collection, id).data;
    if (after !== before) this.changed(id, before, after);
    return outcome;
  }

  /**
   * Entries to read again at the next opportunity from `at` on (an event said they changed by
   * then, not how: a read sent sooner may not show it); `unused` if none is polled.
   */
  confirm(ids: Iterable<string>, at?: number): NewsOutcome {
    return this.poller.confirm(ids, at) ? 'applied' : 'unused';
  }

  /**
   * Entries that no longer count as fresh: those of `ids` (all, without) are read at once by
   * the next query that starts, and those watched now are read again at the next tick, in one
   * batch. What they show stays until then.
   */
  invalidate(test?: (id: string, data: DataOf<E> | undefined) => boolean): void {
    const { cache } = this.ctx;
    const c = this.collection;
    const ids = cache.ids(c).filter((id) => !test || test(id, cache.get<DataOf<E>>(c, id).data));
    cache.transaction((tx) => {
      for (const id of ids) tx.stale(c, id);
    });
    this.poller.confirm(ids);
  }

  /** An entry's data changed by news (kinds that derive events from changes hear of it here). */
  protected changed(_id: string, _before: unknown, _after: unknown): void {}

  /** What of the keys due a poll should be read (all, unless a kind says otherwise). */
  protected pollable(keys: string[]): string[] {
    return keys;
  }

  reads(): boolean {
    return this.ctx.reads?.() ?? true;
  }

  get cache(): Cache {
    return this.ctx.cache;
  }

  /** The read of a key someone just started to watch: a user read of that key, aborted by `cancelFirst`. */
  readFirst(reader: FirstReader): void {
    const controller = new AbortController();
    reader.firstRead = controller;
    void this.load([reader.key], 'user', controller.signal).finally(() => {
      if (reader.firstRead === controller) reader.firstRead = undefined;
    });
  }

  cancelFirst(reader: FirstReader): void {
    const controller = reader.firstRead as AbortController | undefined;
    reader.firstRead = undefined;
    controller?.abort();
  }

  /**
   * The shared Observable of one key (its first read: a user read of that key). Without
   * `listen`, its values are the key's cache entry; with it, `peek` tells them unsubscribed.
   */
  protected watch(key: string, options: QueryOptions | undefined, listen?: Listen<E>, peek?: Peek<E>): Observable<E> {
    const interval = options?.refetchInterval ?? this.ctx.refetchInterval;
    return sharedQuery(this.queries, this, key, interval, listen, options?.staleTime, peek);
  }
}

/** A query whose entries can be invalidated, whatever their type. */
interface Invalidatable {
  readonly collection: string;
  invalidate(test?: (id: string) => boolean): void;
}

/** What a resource's `invalidate` does, for its API to extend (the doc users read). */
export interface Invalidates<T> {
  /**
   * Marks entries as no longer fresh, as after a change made elsewhere.
   *
   * The next query to start reads them at once, and those watched now are read again at the next tick (one
   * batch); what they show stays until then. Without `target`, every entry of the resource;
   * an id, that one and what is read under it; a predicate, the items whose data pass it.
   * Every list of the resource each time. Resolves once marked (not once read).
   *
   * @example
   * ```ts
   * await store.channels.invalidate(arn); // one channel
   * await store.channels.invalidate((c) => c.name?.startsWith('test-') ?? false); // those that pass
   * await store.channels.invalidate(); // every channel
   * ```
   */
  invalidate(target?: string | ((item: T) => boolean)): Promise<void>;
}

/**
 * A resource's `invalidate(target?)`: without a target, every entry of its queries; with an
 * id, that entry of `main` and the entries of the others named under it (a composite id
 * whose first part it is, such as a stage's sessions); with a predicate, the entries of
 * `main` whose data pass it. Every list of the resource in each case: any may hold it.
 */
export const invalidateAll =
  <T>(main: PolledQuery<Entry<T>>, ...others: ReadonlyArray<Invalidatable>) =>
  async (target?: string | ((item: T) => boolean)): Promise<void> => {
    if (target !== undefined && typeof target !== 'string' && typeof target !== 'function')
      throw invalidInput(
        'invalidate',
        'target',
        `must be an id, a predicate of an item, or absent; got ${typeof target}`,
      );
    if (main.isDisposed) throw disposedError('invalidate');
    if (target === undefined) main.invalidate();
    else if (typeof target === 'string') main.invalidate((id) => isUnder(id, target));
    else main.invalidate((_id, data) => data !== undefined && target(data));
    for (const q of others)
      q.invalidate(
        typeof target === 'string' && !q.collection.endsWith(':lists') ? (id) => isUnder(id, target) : undefined,
      );
  };

/** A resource's `refresh()`: every one of its queries re-reads what is watched, together. */
export const refreshAll =
  (...queries: ReadonlyArray<{ refresh(): Promise<void> }>) =>
  async (): Promise<void> => {
    await Promise.all(queries.map((q) => q.refresh()));
  };
