import { combineLatest, defer, distinctUntilChanged, finalize, map, Observable, of, type Subscriber, switchMap } from 'rxjs';
import { Batcher } from '../core/batcher.js';
import { withData, type Entry } from '../core/cache.js';
import { classifyError, disposedError, IvsStoreError } from '../core/errors.js';
import { Poller } from '../core/poller.js';
import type { Priority } from '../core/scheduler.js';
import type { StoreContext } from './context.js';
import { invalid$, optionsProblem, type QueryOptions } from '../core/checks.js';

/** How a resource is read: one definition, the machinery is shared by every resource. */
export interface EntityDefinition<T> {
  /** Cache collection, e.g. `channels`. */
  collection: string;
  service: 'ivs' | 'realtime';
  /** A local check of an id (ARN shape) before any call; the error names the rule. */
  checkId(id: string): IvsStoreError | undefined;
  /**
   * Reads up to `max` ids gathered in one tick, mapping results back by id. It may make
   * one call or several (e.g. a ListStreams sweep or a few GetStream), always through
   * `call`, so each counts against its own quota. `operation` names the main one.
   */
  readMany: {
    operation: string;
    max: number;
    read(ids: string[], call: Caller): Promise<Map<string, T | Error>>;
  };
  /**
   * Merge what reads return over the stored entity (for reads that return a subset, like
   * a ListStages sweep). Such reads must carry cleared fields explicitly as undefined.
   */
  mergeReads?: boolean;
  /** Told about every entity whose data changed (for derived event streams). */
  onChange?(id: string, before: T | undefined, after: T | undefined): void;
}

/** Sends one call through the pipeline, with the priority and signal of the read it serves. */
export type Caller = <O>(operation: string, send: (signal: AbortSignal) => Promise<O>, options?: { resourceId?: string; dedupeKey?: string }) => Promise<O>;

export interface ListDefinition<F, S> {
  /** Operation and quota group of a page. */
  operation: string;
  checkFilter(filter: F | undefined): IvsStoreError | undefined;
  page(filter: F | undefined, nextToken: string | undefined, signal: AbortSignal): Promise<{ items: S[]; nextToken: string | undefined }>;
  idOf(item: S): string;
  /** Merge list items into the entities' entries (default true). */
  mergeIntoEntities?: boolean;
}

export type { QueryOptions };

/**
 * A read's answer with the sequence taken when its call was sent. Why at send time: only a
 * read sent after a mutation completed may replace the mutation's answer, and a key that
 * joins a call already in flight gets that call's (earlier) sequence, not a later one.
 */
interface Read<T> {
  data: T;
  seq: number;
}

/** `send` that also says when it was sent, as a cache sequence (shared with whoever joins the call). */
const stamped =
  <O>(nextSeq: () => number, send: (signal: AbortSignal) => Promise<O>) =>
  (signal: AbortSignal): Promise<{ out: O; seq: number }> => {
    const seq = nextSeq();
    return send(signal).then((out) => ({ out, seq }));
  };

const notFound = (collection: string) => (id: string) =>
  new IvsStoreError({ kind: 'not-found', message: `${id} was not found`, resourceId: id, operation: collection });

/**
 * get$ / list$ / refresh for one resource, on the shared cache, pipeline and scheduler:
 * same-tick reads of different ids become one batch call, one poller per resource polls
 * what is watched, and each Observable is shared per id while anyone holds it.
 */
export class EntityResource<T, F = undefined, S = unknown> {
  private readonly batchers: Record<Priority, Batcher<string, Read<T>>>;
  private readonly poller: Poller;
  private readonly listPoller: Poller | undefined;
  /** By interval, then key (no composite key string per watched id). */
  private readonly observables = new Map<number, Map<string, Observable<Entry<T>>>>();
  private readonly listObservables = new Map<number, Map<string, Observable<Entry<S[]>>>>();
  private readonly listFilters = new Map<string, F | undefined>();
  readonly listCollection: string;
  private disposed = false;

  constructor(
    private readonly ctx: StoreContext,
    readonly def: EntityDefinition<T>,
    private readonly list?: ListDefinition<F, S>,
  ) {
    this.listCollection = `${def.collection}:lists`;
    const nextSeq = () => ctx.cache.nextSeq();
    const batcher = (priority: Priority) =>
      new Batcher<string, Read<T>>({
        maxBatchSize: def.readMany.max,
        windowMs: ctx.batchWindowMs,
        missing: notFound(def.collection),
        onBatch: ({ requested, sent }) => ctx.metrics.batch(requested, sent),
        fetch: async (ids, signal) => {
          // A call for one id dates that id, the earliest call for no id in particular dates
          // all: a read made of several calls is as old as its first. One whose call failed into
          // data (an offline stream) is dated by the batch's start.
          const dates = new Map<string | undefined, number>();
          const start = nextSeq();
          const results = await def.readMany.read(ids, async (operation, send, options) => {
            const r = await ctx.pipeline.send({
              operation,
              group: operation,
              priority,
              resourceId: options?.resourceId,
              dedupeKey: options?.dedupeKey,
              retries: ctx.retriesFor(def.service),
              signal,
              send: stamped(nextSeq, send),
            });
            const k = options?.resourceId;
            dates.set(k, Math.min(dates.get(k) ?? r.seq, r.seq));
            return r.out;
          });
          const all = dates.get(undefined);
          const reads = new Map<string, Read<T> | Error>();
          for (const [id, value] of results) reads.set(id, value instanceof Error ? value : { data: value, seq: Math.min(dates.get(id) ?? all ?? start, all ?? Infinity) });
          return reads;
        },
      });
    this.batchers = { user: batcher('user'), background: batcher('background') };
    const quotaDelay = () => ctx.scheduler.delayFor(def.readMany.operation);
    this.poller = new Poller({
      kind: def.collection,
      active$: ctx.active$,
      metrics: ctx.metrics,
      graceMs: ctx.graceMs,
      quotaDelay,
      refresh: (ids, _reason, signal) => this.load(this.pollable(ids), 'background', signal),
    });
    this.listPoller = list
      ? new Poller({
          kind: this.listCollection,
          active$: ctx.active$,
          metrics: ctx.metrics,
          graceMs: ctx.graceMs,
          quotaDelay: () => ctx.scheduler.delayFor(list.operation),
          refresh: (keys, _reason, signal) => this.loadLists(keys, 'background', signal),
        })
      : undefined;
    ctx.onDispose(() => {
      this.disposed = true;
      this.poller.dispose();
      this.listPoller?.dispose();
      this.batchers.user.dispose();
      this.batchers.background.dispose();
    });
  }

  /**
   * The entry of one id, loaded at once if not fresh, then polled while subscribed. A bad
   * id or bad options: one `error` entry, nothing sent (never a synchronous throw).
   */
  get$(id: string, options?: QueryOptions): Observable<Entry<T>> {
    const problem = optionsProblem(this.def.readMany.operation, options) ?? this.def.checkId(id);
    if (problem) return invalid$(problem);
    const interval = options?.refetchInterval ?? this.ctx.refetchInterval;
    return this.query({
      registry: this.observables,
      collection: this.def.collection,
      key: id,
      interval,
      poller: this.poller,
      firstRead: (signal) => this.readFirst(id, signal),
      listen: (observer) => this.ctx.cache.listen<T>(this.def.collection, id, observer),
    });
  }

  /**
   * What of `ids` a poll should read: not-found entries are not polled, whoever found them
   * gone (a read, or a mutation such as deleting the channel a stream belongs to); a new
   * subscription after a while reads them again.
   */
  private pollable(ids: string[]): string[] {
    const { cache } = this.ctx;
    return ids.filter((id) => {
      if (cache.get(this.def.collection, id).status !== 'not-found') return true;
      this.poller.stop(id);
      return false;
    });
  }

  /**
   * Reads ids now; resolves with the ids that failed (not-found counts as an answer).
   * Answers are written as they arrive, one transaction per batch that lands (the keys of
   * one call settle together), so the first 50 of 5 000 channels show before the last.
   * `signal` may be one for all ids, or one per id.
   */
  async load(ids: string[], priority: Priority, signal?: AbortSignal | ReadonlyMap<string, AbortSignal>, alreadyShown = false): Promise<ReadonlySet<string>> {
    const { cache } = this.ctx;
    const c = this.def.collection;
    const seq = cache.nextSeq();
    // Only reads someone waits for show as `fetching`; a background poll is silent.
    const shown = priority === 'user';
    if (shown && !alreadyShown) cache.transaction((tx) => ids.forEach((id) => tx.fetching(c, id, 1)));
    const failed = new Set<string>();
    let landed: Array<readonly [string, PromiseSettledResult<Read<T>>]> = [];
    let commit: Promise<void> | undefined;
    const write = () => {
      const batch = landed;
      landed = [];
      commit = undefined;
      this.commitReads(batch, seq, shown, failed);
    };
    const signalOf = (id: string) => (signal instanceof Map ? signal.get(id) : (signal as AbortSignal | undefined));
    // Keys of one call settle together: the first of them schedules one write for all.
    const land = (id: string, result: PromiseSettledResult<Read<T>>) => {
      landed.push([id, result]);
      return (commit ??= Promise.resolve().then(write));
    };
    await Promise.all(
      ids.map((id) =>
        this.batchers[priority].load(id, signalOf(id)).then(
          (value) => land(id, { status: 'fulfilled', value }),
          (reason: unknown) => land(id, { status: 'rejected', reason }),
        ),
      ),
    );
    return failed;
  }

  /** One transaction for the answers that landed together; then tells `onChange`. */
  /** `seq` dates failures (a success carries the sequence of its own call). */
  private commitReads(results: ReadonlyArray<readonly [string, PromiseSettledResult<Read<T>>]>, seq: number, shown: boolean, failed: Set<string>): void {
    const { cache } = this.ctx;
    const c = this.def.collection;
    const before = this.def.onChange ? results.map(([id]) => cache.get<T>(c, id).data) : [];
    cache.transaction((tx) => {
      for (const [id, r] of results) {
        if (shown) tx.fetching(c, id, -1);
        if (r.status === 'fulfilled') {
          tx.succeed(c, id, r.value.seq, r.value.data, this.def.mergeReads === true);
          continue;
        }
        const error = classifyError(r.reason, this.def.readMany.operation, id);
        if (error.kind === 'not-found') {
          tx.notFound(c, id, seq);
        } else if (error.kind !== 'aborted') {
          tx.fail(c, id, seq, error);
          failed.add(id);
        }
      }
    });
    if (this.def.onChange) {
      results.forEach(([id], i) => {
        const after = cache.get<T>(c, id).data;
        if (after !== before[i]) this.def.onChange?.(id, before[i], after);
      });
    }
  }

  /**
   * First reads of one tick go out as one load: widgets mounting together share one
   * load and one write per batch that lands. Each keeps its own signal (an unmount aborts
   * only its key).
   */
  private firstReads = new Map<string, AbortSignal>();
  private firstReadsDone: Promise<unknown> | undefined;

  private readFirst(id: string, signal: AbortSignal): Promise<unknown> {
    // Shown as fetching at once, so the subscriber's first entry already says so.
    const c = this.def.collection;
    // Asked again before the batch went out (a StrictMode re-mount): one read, counted once.
    if (!this.firstReads.has(id)) this.ctx.cache.transaction((tx) => tx.fetching(c, id, 1));
    this.firstReads.set(id, signal);
    return (this.firstReadsDone ??= Promise.resolve().then(() => {
      const batch = this.firstReads;
      this.firstReads = new Map();
      this.firstReadsDone = undefined;
      return this.load([...batch.keys()], 'user', batch, true);
    }));
  }

  /**
   * All pages of a list, kept fresh while subscribed; summaries merge into entities. A bad
   * filter or bad options: one `error` entry, nothing sent (never a synchronous throw).
   */
  list$(filter?: F, options?: QueryOptions): Observable<Entry<S[]>> {
    const list = this.list;
    const poller = this.listPoller;
    if (!list || !poller) throw new TypeError(`${this.def.collection} has no list`);
    const problem = optionsProblem(list.operation, options) ?? list.checkFilter(filter);
    if (problem) return invalid$(problem);
    const key = listKey(filter);
    this.listFilters.set(key, filter);
    return this.query({
      registry: this.listObservables,
      collection: this.listCollection,
      key,
      interval: options?.refetchInterval ?? this.ctx.refetchInterval,
      poller,
      firstRead: (signal) => this.loadLists([key], 'user', signal),
      listen: (observer) => {
        const sub = this.selectList(key).subscribe(observer);
        return () => sub.unsubscribe();
      },
    });
  }

  /**
   * The one mechanism behind get$ and list$ (which have checked their input): an
   * Observable shared per key and interval while anyone holds it, which on first
   * subscription marks the entry watched, starts polling it, reads it at once unless fresh
   * (cancelled if everyone leaves first), and on last unsubscription undoes all of that.
   */
  private query<E>(q: {
    registry: Map<number, Map<string, Observable<E>>>;
    collection: string;
    key: string;
    interval: number;
    poller: Poller;
    firstRead: (signal: AbortSignal) => Promise<unknown>;
    /** Delivers the key's values to `observer` (entities straight from the cache); returns how to stop. */
    listen: (observer: { next(value: E): void; error(err: unknown): void; complete(): void }) => () => void;
  }): Observable<E> {
    let registry = q.registry.get(q.interval);
    if (!registry) q.registry.set(q.interval, (registry = new Map()));
    const shared = registry;
    const existing = shared.get(q.key);
    if (existing) return existing;
    const { cache } = this.ctx;
    // Shared by hand rather than with defer/finalize/share(ReplaySubject): the same
    // semantics (one upstream per key, the latest value replayed to late subscribers, all
    // undone when the last one leaves) at a fraction of the objects per watched id, which
    // is what a wall of 10 000 widgets pays.
    let subscribers: Array<Subscriber<E>> = [];
    let latest: { value: E } | undefined;
    let stopListening: (() => void) | undefined;
    let stopWatching: (() => void) | undefined;
    const reset = () => {
      const unlisten = stopListening;
      const stop = stopWatching;
      stopListening = undefined;
      stopWatching = undefined;
      latest = undefined;
      if (shared.get(q.key) === created) shared.delete(q.key);
      unlisten?.();
      stop?.();
    };
    const start = () => {
      const release = cache.watch(q.collection, q.key);
      const stop = q.poller.watch(q.key, q.interval);
      const entry = cache.get(q.collection, q.key);
      const checkedAt = cache.checkedAt(q.collection, q.key);
      const stale = checkedAt === undefined || Date.now() - checkedAt >= q.interval;
      // The controller lives only while the first read is in flight: an AbortController is
      // heavy to keep for every watched id, and an abort after the read is pointless.
      let firstRead: AbortController | undefined;
      if (stale && entry.status !== 'not-found') {
        const controller = new AbortController();
        firstRead = controller;
        void q.firstRead(controller.signal).finally(() => {
          if (firstRead === controller) firstRead = undefined;
        });
      }
      stopWatching = () => {
        firstRead?.abort();
        stop();
        release();
      };
    };
    const created = new Observable<E>((subscriber) => {
      subscribers.push(subscriber);
      if (subscribers.length === 1 && !stopListening) {
        start();
        const observer = {
          next: (value: E) => {
            latest = { value };
            for (const s of subscribers.slice()) s.next(value);
          },
          error: (err: unknown) => {
            const all = subscribers;
            subscribers = [];
            reset();
            for (const s of all) s.error(err);
          },
          complete: () => {
            const all = subscribers;
            subscribers = [];
            reset();
            for (const s of all) s.complete();
          },
        };
        stopListening = q.listen(observer);
      } else if (latest) {
        subscriber.next(latest.value);
      }
      return () => {
        const i = subscribers.indexOf(subscriber);
        if (i >= 0) subscribers.splice(i, 1);
        if (subscribers.length === 0) reset();
      };
    });
    shared.set(q.key, created);
    return created;
  }

  /** Refreshes every watched id and list now (user priority). */
  async refresh(): Promise<void> {
    if (this.disposed) throw disposedError('refresh');
    const c = this.def.collection;
    const ids = this.ctx.cache.ids(c).filter((id) => this.ctx.cache.watched(c, id));
    await Promise.all([ids.length ? this.load(ids, 'user') : undefined, this.refreshLists()]);
  }

  /** Re-reads the watched lists (after a mutation changed them). */
  async refreshLists(): Promise<void> {
    const lists = this.ctx.cache.ids(this.listCollection).filter((k) => this.ctx.cache.watched(this.listCollection, k));
    if (lists.length) await this.loadLists(lists, 'user');
  }

  /**
   * A call someone waits for (a mutation, an action): user priority, counted against
   * `group` (default: the operation's own quota), retried as this service's client allows.
   */
  send<O>(operation: string, resourceId: string | undefined, call: (signal: AbortSignal) => Promise<O>, group = operation): Promise<O> {
    return this.ctx.pipeline.send({ operation, group, priority: 'user', resourceId, retries: this.ctx.retriesFor(this.def.service), send: call });
  }

  /** A mutation returned the resource: it is cached (when it came with its id) and watched lists are re-read. */
  stored(id: string | undefined, data: T | undefined): void {
    const { cache } = this.ctx;
    if (id && data !== undefined) cache.transaction((tx) => tx.succeed(this.def.collection, id, cache.nextSeq(), data));
    void this.refreshLists();
  }

  /** The resource was deleted: its entry becomes not-found (so no longer polled) and watched lists are re-read. */
  deleted(id: string): void {
    const { cache } = this.ctx;
    cache.transaction((tx) => tx.notFound(this.def.collection, id, cache.nextSeq()));
    void this.refreshLists();
  }

  private async loadLists(keys: string[], priority: Priority, signal?: AbortSignal): Promise<ReadonlySet<string>> {
    const failed = new Set<string>();
    await Promise.all(
      keys.map(async (key) => {
        const list = this.list!;
        const { cache } = this.ctx;
        const seq = cache.nextSeq();
        let listSeq = Infinity;
        const shown = priority === 'user';
        if (shown) cache.transaction((tx) => tx.fetching(this.listCollection, key, 1));
        try {
          const items: S[] = [];
          let nextToken: string | undefined;
          do {
            const token = nextToken;
            const page = await this.ctx.pipeline.send({
              operation: list.operation,
              group: list.operation,
              priority,
              retries: this.ctx.retriesFor(this.def.service),
              dedupeKey: `${list.operation}:${key}:${token ?? ''}`,
              signal,
              send: stamped(() => cache.nextSeq(), (signal) => list.page(this.listFilters.get(key), token, signal)),
            });
            items.push(...page.out.items);
            // The list is as old as its first page.
            listSeq = Math.min(listSeq, page.seq);
            nextToken = page.out.nextToken || undefined;
          } while (nextToken);
          cache.transaction((tx) => {
            if (shown) tx.fetching(this.listCollection, key, -1);
            if (list.mergeIntoEntities === false) {
              tx.succeed(this.listCollection, key, listSeq, items);
            } else {
              for (const item of items) tx.succeed(this.def.collection, list.idOf(item), listSeq, item, true);
              tx.succeed(this.listCollection, key, listSeq, items.map((i) => list.idOf(i)));
            }
          });
        } catch (err) {
          const error = classifyError(err, list.operation);
          cache.transaction((tx) => {
            if (shown) tx.fetching(this.listCollection, key, -1);
            if (error.kind !== 'aborted') tx.fail(this.listCollection, key, seq, error);
          });
          if (error.kind !== 'aborted') failed.add(key);
        }
      }),
    );
    return failed;
  }

  /** A list entry with its ids resolved to the entities' current data. */
  private selectList(key: string): Observable<Entry<S[]>> {
    const { cache } = this.ctx;
    if (this.list?.mergeIntoEntities === false) return cache.select$<S[]>(this.listCollection, key);
    return cache.select$<string[]>(this.listCollection, key).pipe(
      switchMap((entry) =>
        defer(() => {
          const ids = entry.data ?? [];
          // A watched list keeps its entities watched (so they are not collected under it).
          const releases = ids.map((id) => cache.watch(this.def.collection, id));
          const items$ = ids.length === 0 ? of([] as S[]) : combineLatest(ids.map((id) => cache.select$<S>(this.def.collection, id).pipe(map((e) => e.data as S))));
          return items$.pipe(
            distinctUntilChanged((a, b) => a.length === b.length && a.every((x, i) => x === b[i])),
            // An item deleted since the list was read (its entry not-found) leaves at once, before the re-read.
            map((items) => withData<S[]>(entry, entry.data === undefined ? undefined : items.filter((item) => item !== undefined))),
            finalize(() => releases.forEach((release) => release())),
          );
        }),
      ),
    );
  }
}

function listKey(filter: unknown): string {
  if (filter === undefined) return '{}';
  const sorted = Object.fromEntries(Object.entries(filter as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify(sorted);
}
