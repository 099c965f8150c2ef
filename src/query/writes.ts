import type { CacheWriter } from '../core/cache-writer.js';
import { optimistic } from '../core/optimistic.js';
import type { Recipe } from '../core/recipes.js';
import type { StoreContext } from './context.js';
import type { EntityQuery } from './entity-query.js';
import { loadedRecipeEngine, recipes } from './recipe-engine.js';
import { send } from './send.js';

/**
 * What a mutation changes optimistically: an entity of its resource, or an entry of another
 * collection, by a recipe as `setData` takes (the one mechanism, see core/optimistic.ts).
 */
export interface OptimisticChange {
  collection?: string;
  id: string;
  recipe: Recipe<unknown>;
}

export interface Mutation<T, O> {
  operation: string;
  /** The resource the call is about; its answer is stored under it. */
  id?: string | undefined;
  changes?: readonly OptimisticChange[];
  send: (signal: AbortSignal) => Promise<O>;
  /** The resource as the call returned it. */
  answer?: (out: O) => T | undefined;
}

/** Where a resource's writes land: its entities (if it has any) and the lists they change. */
export interface WriteTarget<T> {
  /** The client whose calls these are (its retry setting applies). */
  service: string;
  entities?: Pick<EntityQuery<T>, 'collection'>;
  /** Re-read after every write (the watched lists of the resource). */
  lists?: ReadonlyArray<{ refresh(): Promise<void> }>;
  /** Quota group of an operation, when not the operation's own (operations two services share). */
  group?: (operation: string) => string;
}

/**
 * The calls a user waits for (mutations, actions) of one resource, and their cache effects:
 * user priority, counted against the operation's quota, retried as the client allows.
 */
export class Writes<T> {
  constructor(
    private readonly ctx: StoreContext,
    private readonly target: WriteTarget<T>,
  ) {}

  /** Sends a call; `group` overrides its quota group (e.g. one per channel). */
  send<O>(
    operation: string,
    resourceId: string | undefined,
    call: (signal: AbortSignal) => Promise<O>,
    group?: string,
  ): Promise<O> {
    const { target } = this;
    return send(this.ctx, target.service, operation, resourceId, call, group ?? target.group?.(operation) ?? operation);
  }

  /**
   * A mutation, by the one rule every optimistic write of the store follows: `changes` show
   * at once and no read can replace them while the call is in flight; on success the
   * resource as the call returned it is stored and stays unless a read sent after that
   * moment says otherwise, and watched lists are re-read; on failure the changes come off,
   * showing whatever reads brought meanwhile. Resolves with the call's output and the
   * resource as it wrote it.
   */
  async mutate<O>(m: Mutation<T, O>): Promise<{ out: O; data: T | undefined }> {
    const { cache } = this.ctx;
    const home = this.target.entities?.collection;
    const collectionOf = (c: OptimisticChange) => c.collection ?? home ?? '';
    // The first recipe loads immer (once) and the call waits for it, so the change still
    // shows before the call is sent; once immer is there, the change shows in this very call.
    const held = m.changes?.length
      ? optimistic(
          cache,
          loadedRecipeEngine() ?? (await recipes()),
          m.changes.map((c) => ({ collection: collectionOf(c), id: c.id, recipe: c.recipe })),
        )
      : undefined;
    let out: O;
    try {
      out = await this.send(m.operation, m.id, m.send);
    } catch (err) {
      held?.undo();
      throw err;
    }
    const data = m.id === undefined ? undefined : m.answer?.(out);
    const write = (tx: CacheWriter, seq: number) => {
      if (data !== undefined && home !== undefined) tx.succeed(home, m.id as string, seq, data);
    };
    if (held) held.confirm(write);
    else if (data !== undefined) cache.transaction((tx) => write(tx, cache.nextSeq()));
    this.changedLists();
    return { out, data };
  }

  /** A call returned the resource (created, imported): it is cached, and watched lists are re-read. */
  stored(id: string | undefined, data: T | undefined): void {
    const { cache } = this.ctx;
    const home = this.target.entities?.collection;
    if (home !== undefined && id !== undefined && data !== undefined)
      cache.transaction((tx) => tx.succeed(home, id, cache.nextSeq(), data));
    this.changedLists();
  }

  /** The resource was deleted: its entry becomes not-found (no longer polled), and watched lists are re-read. */
  deleted(id: string): void {
    const { cache } = this.ctx;
    const home = this.target.entities?.collection;
    if (home !== undefined) cache.transaction((tx) => tx.notFound(home, id, cache.nextSeq()));
    this.changedLists();
  }

  /** Watched lists are re-read in the background of the caller (their errors show on the lists). */
  changedLists(): void {
    for (const list of this.target.lists ?? []) void list.refresh().catch(() => undefined);
  }
}

/**
 * The recipe of an update: its fields over the entity (undefined ones are not sent, so not
 * shown). It returns new data rather than assigning to the draft: a spread keeps a key named
 * `__proto__` as an own property, where an assignment to a draft drops it.
 */
export function assign(fields: object): Recipe<unknown> {
  const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  return (data) => (data === undefined ? data : { ...(data as object), ...set });
}
