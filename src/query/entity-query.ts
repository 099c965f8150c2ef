import type { Observable } from 'rxjs';
import { Batcher, type Settled } from '../core/batcher.js';
import type { Entry } from '../core/entry.js';
import { invalid$, optionsProblem, type QueryOptions } from '../core/checks.js';
import { classifyError, IvsStoreError } from '../core/errors.js';
import type { Priority } from '../core/scheduler.js';
import type { StoreContext } from './context.js';
import { FirstReads } from './first-reads.js';
import { PolledQuery } from './polled-query.js';
import type { ReadMany } from './read-many.js';
import type { FirstReader } from './shared-query.js';

export type { QueryOptions };
export type { Caller, ReadContext, ReadMany } from './read-many.js';

/** How the entities of one kind are read; the machinery is shared by every kind. */
export interface EntityDefinition<T> {
  /** Cache collection, e.g. `channels`. */
  collection: string;
  /** The client whose calls these are (its retry setting applies). */
  service: string;
  /** A local check of an id before any call; the error names the rule. */
  checkId(id: string): IvsStoreError | undefined;
  /** The main operation of a read (its quota stretches the poll) and how many ids one read takes. */
  operation: string;
  /** The quota group the reads count against, when not `operation`'s own (its backlog stretches the polls). */
  group?: string;
  max: number;
  read: ReadMany<T>;
  /**
   * Merge what reads return over the stored entity (for reads that return a subset, like
   * a list sweep). Such reads must carry cleared fields explicitly as undefined.
   */
  mergeReads?: boolean;
  /** Told about every entity whose data changed (for derived event streams); `byEvent` when news of an event did it. */
  onChange?(id: string, before: T | undefined, after: T | undefined, byEvent?: boolean): void;
}

/**
 * A read's answer with the cache sequence taken when its call was sent. Why at send time:
 * only a read sent after a mutation completed may replace the mutation's answer, and a key
 * that joins a call already in flight gets that call's (earlier) sequence, not a later one.
 */
type Read<T> = { data: T; seq: number } | { error: Error; seq: number };

/**
 * `get$` of one kind of entity on the shared cache, pipeline and scheduler: same-tick reads
 * of different ids become one batch read, one poller polls what is watched, each Observable
 * is shared per id while anyone holds it, and each batch that lands is one cache write.
 */
export class EntityQuery<T> extends PolledQuery<Entry<T>> {
  /** User reads (first reads, refreshes): same-tick reads of different ids share a call. */
  private readonly batcher: Batcher<string, Read<T>>;

  constructor(
    ctx: StoreContext,
    private readonly def: EntityDefinition<T>,
  ) {
    super(ctx, def.collection, def.group ?? def.operation);
    this.batcher = new Batcher<string, Read<T>>({
      maxBatchSize: def.max,
      windowMs: ctx.batchWindow,
      // Never reached: `fetch` answers every id (one left out is dated not-found there).
      missing: (id) => notFound(def.operation, id),
      onBatch: ({ requested, sent }) => ctx.metrics.batch(requested, sent),
      fetch: (ids, signal) => this.fetch(ids, 'user', signal),
      settled: (batch) =>
        this.commit(
          batch.map((b) => b.key),
          (i) => (batch[i] as Settled<string, Read<T>>).outcome,
          (i) => (batch[i] as Settled<string, Read<T>>).waiters,
        ),
    });
    ctx.onDispose(() => this.batcher.dispose());
    const { onChange } = def;
    if (onChange) ctx.cache.onMirror(def.collection, (id, before, after) => onChange(id, before as T, after as T));
  }

  /**
   * The entry of one id, loaded at once if not fresh, then polled while subscribed. A bad
   * id or bad options: one `error` entry, nothing sent (never a synchronous throw).
   */
  get$(id: string, options?: QueryOptions): Observable<Entry<T>> {
    const problem = optionsProblem(this.def.operation, options) ?? this.def.checkId(id);
    if (problem) return invalid$(problem);
    return this.watch(id, options);
  }

  /**
   * Reads ids now; resolves with the ids that failed (not-found counts as an answer). Each
   * batch is written when it lands, so the first 50 of 5 000 channels show before the last.
   * Only reads someone waits for (`user`) show as `fetching`; a background poll is silent.
   */
  load(ids: string[], priority: Priority, signal?: AbortSignal): Promise<ReadonlySet<string>> {
    if (priority === 'background') return this.poll(ids, signal);
    const { cache } = this.ctx;
    cache.transaction((tx) => ids.forEach((id) => tx.fetching(this.collection, id, 1)));
    const failed = new Set<string>();
    const { batcher } = this;
    return Promise.all(
      ids.map((id) =>
        batcher.load(id, signal).then(
          (read) => {
            if ('error' in read && countsAsFailure(read.error)) failed.add(id);
          },
          () => this.abandoned(id),
        ),
      ),
    ).then(() => failed);
  }

  /**
   * A background poll: whole batches straight to `fetch`, one commit each. Not through the
   * Batcher: the poller hands over whole batches, never a key twice, and nobody else waits
   * for a poll; a promise and a waiter per key were most of what a quiet poll cost.
   */
  private async poll(ids: string[], signal: AbortSignal | undefined): Promise<ReadonlySet<string>> {
    const failed = new Set<string>();
    const batches: Array<Promise<void>> = [];
    for (let i = 0; i < ids.length; i += this.def.max) {
      const batch = ids.slice(i, i + this.def.max);
      this.ctx.metrics.batch(batch.length, batch.length);
      batches.push(
        this.fetch(batch, 'background', signal).then((reads) => {
          this.commit(batch, (k) => reads.get(batch[k] as string) as Read<T>);
          for (const id of batch) {
            const read = reads.get(id);
            if (read && 'error' in read && countsAsFailure(read.error)) failed.add(id);
          }
        }),
      );
    }
    await Promise.all(batches);
    return failed;
  }

  private readonly firstReads = new FirstReads({
    show: (id) => this.ctx.cache.fetching(this.collection, id, 1),
    drop: (id) => this.abandoned(id),
    send: (ids, signal) => Promise.all(ids.map((id) => this.batcher.load(id, signal).catch(() => this.abandoned(id)))),
  });

  /** One id's first read: shown as fetching at once, sent with the tick's others at its end. */
  override readFirst(reader: FirstReader): void {
    this.firstReads.add(reader);
  }

  override cancelFirst(reader: FirstReader): void {
    this.firstReads.cancel(reader);
  }

  protected override changed(id: string, before: unknown, after: unknown): void {
    this.def.onChange?.(id, before as T | undefined, after as T | undefined, true);
  }

  /** A user read given up before its batch came back (so not counted by `commit`): no longer fetching. */
  private abandoned(id: string): void {
    if (!this.disposed) this.ctx.cache.fetching(this.collection, id, -1);
  }

  /**
   * What of `ids` a poll should read: not-found entries are not polled, whoever found them
   * gone (a read, or a mutation such as deleting the channel a stream belongs to); a new
   * subscription after a while reads them again.
   */
  protected override pollable(ids: string[]): string[] {
    const { cache } = this.ctx;
    return ids.filter((id) => {
      if (cache.get(this.collection, id).status !== 'not-found') return true;
      this.poller.stop(id);
      return false;
    });
  }

  /**
   * One batch read, each answer dated. A call for one id dates that id; the earliest call
   * for no id in particular dates all: a read made of several calls is as old as its first.
   * An answer that came of no call (an error turned into data) is dated by the batch's start.
   */
  private async fetch(ids: string[], priority: Priority, signal?: AbortSignal): Promise<Map<string, Read<T>>> {
    const { ctx, def } = this;
    const start = ctx.cache.nextSeq();
    const dates = new Map<string | undefined, number>();
    const reads = new Map<string, Read<T>>();
    const date = (seq: number, k?: string) => dates.set(k, Math.min(dates.get(k) ?? seq, seq));
    let results: Map<string, T | Error>;
    try {
      results = await def.read(
        ids,
        async (operation, send, options) => {
          const r = await ctx.pipeline.send({
            operation,
            group: options?.group ?? operation,
            priority,
            resourceId: options?.resourceId,
            dedupeKey: options?.dedupeKey,
            retries: ctx.retriesFor(def.service),
            signal,
            send: (s) => {
              const seq = ctx.cache.nextSeq();
              return send(s).then((out) => ({ out, seq }));
            },
          });
          date(r.seq, options?.resourceId);
          return r.out;
        },
        {
          priority,
          signal,
          poller: this.poller,
          // A read another query made dates every id, as a call for no id in particular does.
          dated: date,
        },
      );
    } catch (err) {
      // The whole read failed: each id fails with it.
      for (const id of ids) reads.set(id, { error: err instanceof Error ? err : new Error(String(err)), seq: start });
      return reads;
    }
    const all = dates.get(undefined);
    for (const id of ids) {
      const value = results.get(id);
      const seq = Math.min(dates.get(id) ?? all ?? start, all ?? Infinity);
      if (value === undefined) reads.set(id, { error: notFound(def.operation, id), seq: start });
      else reads.set(id, value instanceof Error ? { error: value, seq: start } : { data: value, seq });
    }
    return reads;
  }

  /**
   * One transaction for a batch that came back; then tells `onChange`. `waiters`: how many
   * user reads each answer settles (shown as fetching until then); none for a poll.
   */
  private commit(
    keys: readonly string[],
    readAt: (i: number) => Read<T> | Error,
    waiters?: (i: number) => number,
  ): void {
    if (this.disposed) return;
    const { cache } = this.ctx;
    const c = this.collection;
    const onChange = this.def.onChange;
    const before = onChange ? keys.map((key) => cache.get<T>(c, key).data) : [];
    const merge = this.def.mergeReads === true;
    cache.transaction((tx) => {
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        const n = waiters?.(i) ?? 0;
        if (n > 0) tx.fetching(c, key, -n);
        const outcome = readAt(i);
        const read: Read<T> = outcome instanceof Error ? { error: outcome, seq: cache.nextSeq() } : outcome;
        if ('data' in read) {
          tx.succeed(c, key, read.seq, read.data, merge);
          continue;
        }
        const error = classifyError(read.error, this.def.operation, key);
        if (error.kind === 'not-found') tx.notFound(c, key, read.seq);
        else if (error.kind !== 'aborted') tx.fail(c, key, read.seq, error);
      }
    });
    if (onChange) {
      keys.forEach((key, i) => {
        const after = cache.get<T>(c, key).data;
        if (after !== before[i]) onChange(key, before[i], after);
      });
    }
  }
}

const notFound = (operation: string, id: string) =>
  new IvsStoreError({ kind: 'not-found', message: `${id} was not found`, resourceId: id, operation });

/** A failed read the poller backs off from: not an absence, not an abort (the pipeline's errors say which). */
function countsAsFailure(error: Error): boolean {
  const { kind } = error as Partial<IvsStoreError>;
  return kind !== 'not-found' && kind !== 'aborted';
}
