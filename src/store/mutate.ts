import type { CacheWriter, Change } from '../core/cache.js';
import { optimistic } from '../core/optimistic.js';
import type { StoreContext } from './context.js';
import type { EntityResource } from './entity-resource.js';

/** What of a resource a mutation uses (any EntityResource, whatever its filter and summary types). */
type Mutable = Pick<EntityResource<unknown>, 'def' | 'send' | 'refreshLists'>;

/** What a mutation changes optimistically: entries of the resource, or of another collection. */
export interface OptimisticChange {
  collection?: string;
  id: string;
  change: Change;
}

export interface Mutation<T, O> {
  operation: string;
  /** The resource the call is about; its answer is stored under it. */
  id?: string | undefined;
  /** Quota group, when not the operation's own. */
  group?: string;
  changes?: readonly OptimisticChange[];
  send: (signal: AbortSignal) => Promise<O>;
  /** The resource as the call returned it. */
  answer?: (out: O) => T | undefined;
}

/**
 * A mutation, by the one rule every optimistic write of the store follows: `changes` show
 * at once and no read can replace them while the call is in flight; on success the
 * resource as the call returned it is stored and stays unless a read sent after that
 * moment says otherwise, and watched lists are re-read; on failure the changes come off,
 * showing whatever reads brought meanwhile. Resolves with the call's output and the
 * resource as it wrote it.
 */
export async function mutate<T, O>(ctx: StoreContext, resource: Mutable, m: Mutation<T, O>): Promise<{ out: O; data: T | undefined }> {
  const { cache } = ctx;
  const held = m.changes?.length ? optimistic(cache, m.changes.map((c) => ({ collection: c.collection ?? resource.def.collection, id: c.id, change: c.change }))) : undefined;
  let out: O;
  try {
    out = await resource.send(m.operation, m.id, m.send, m.group);
  } catch (err) {
    held?.undo();
    throw err;
  }
  const data = m.id === undefined ? undefined : m.answer?.(out);
  const write = (tx: CacheWriter, seq: number) => {
    if (data !== undefined) tx.succeed(resource.def.collection, m.id as string, seq, data);
  };
  if (held) held.confirm(write);
  else if (data !== undefined) cache.transaction((tx) => write(tx, cache.nextSeq()));
  void resource.refreshLists();
  return { out, data };
}

/** The change of an update: its fields over the entity (undefined ones are not sent, so not shown). */
export function assign(fields: object): Change {
  // Spread, not Object.assign: a key named `__proto__` must stay an own property.
  const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  return (data) => (data === undefined ? data : { ...(data as object), ...set });
}
