import type { Cache } from './cache.js';
import type { CacheWriter } from './cache-writer.js';
import type { Change, Layer } from './entry.js';

/** One optimistic mutation in flight, on one or more entries. */
export interface Optimistic {
  /**
   * The call succeeded. `write` stores its answers with `seq`, taken now: an answer
   * replaces the change it answers, and reads sent before now cannot replace either.
   * Entries without an answer keep the change until a read sent after now lands.
   */
  confirm(write?: (tx: CacheWriter, seq: number) => void): void;
  /** The call failed: the change comes off, and what reads brought meanwhile shows. */
  undo(): void;
}

/**
 * The one mechanism behind every optimistic mutation: `changes` show at once, stay on top
 * of reads while the call is in flight, and are confirmed or undone when it ends. Why
 * layers rather than writing the value with a sequence: a read sent before the call
 * reached the server can land after it with the old value; as a layer it still lands (its
 * other fields are news) but cannot hide the change.
 *
 * Entries not in the cache are left alone: nobody reads them now, and an entry made only
 * to hold a change would outlive it.
 *
 * Its own module so that apps that never mutate do not download it.
 */
export function optimistic(
  cache: Cache,
  changes: ReadonlyArray<{ collection: string; id: string; change: Change }>,
): Optimistic {
  const held = changes
    .filter((c) => cache.has(c.collection, c.id))
    .map((c) => ({ ...c, layer: { change: c.change, confirmedAt: undefined } as Layer }));
  cache.transaction((tx) => held.forEach((h) => tx.hold(h.collection, h.id, (layers) => [...layers, h.layer])));
  let settled = false;
  const settle = (edit: (tx: CacheWriter, seq: number) => void) => {
    if (settled) return;
    settled = true;
    const seq = cache.nextSeq();
    cache.transaction((tx) => edit(tx, seq));
  };
  return {
    confirm: (write) =>
      settle((tx, seq) => {
        for (const h of held)
          tx.hold(h.collection, h.id, (layers) =>
            layers.map((l) => (l === h.layer ? { change: l.change, confirmedAt: seq } : l)),
          );
        write?.(tx, seq);
      }),
    undo: () =>
      settle((tx) => held.forEach((h) => tx.hold(h.collection, h.id, (layers) => layers.filter((l) => l !== h.layer)))),
  };
}
