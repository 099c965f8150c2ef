import type { Cache } from './cache.js';
import type { CacheWriter } from './cache-writer.js';
import type { Layer } from './entry.js';
import type { FirstRun, Recipe, RecipeEngine } from './recipes.js';

/** One optimistic change in flight (a mutation's, or a `setData`), on one or more entries. */
export interface Optimistic {
  /**
   * The change is true now (the call succeeded). `write` stores its answers with `seq`, taken
   * now: an answer replaces the change it answers, and reads sent before now cannot replace
   * either. Entries without an answer keep the change until a read sent after now lands.
   */
  confirm(write?: (tx: CacheWriter, seq: number) => void): void;
  /** The call failed: the change comes off, and what reads brought meanwhile shows. */
  undo(): void;
  /** What each recipe did when it was first applied, in the order of `changes` (none: its entry had no data). */
  readonly runs: ReadonlyArray<FirstRun | undefined>;
}

/** An optimistic change of one entry: an immer recipe over its data. */
export interface EntryRecipe {
  collection: string;
  id: string;
  recipe: Recipe<unknown>;
}

/**
 * The one mechanism behind every optimistic change, the built-in mutations' and the recipes
 * users write (`setData`): each recipe is a layer over its entry, shown at once, kept on top
 * of reads while held, and confirmed or undone. Why layers rather than writing the value
 * with a sequence: a read sent before the change reached the server can land after it with
 * the old value; as a layer it still lands (its other fields are news) but cannot hide the
 * change. Why `undo` takes the layer off rather than applying the inverse patches to what
 * shows: those patches restore the data as it was when the recipe ran, and would undo
 * what a read brought since (or another change made to the same field); without the layer,
 * the entry shows what reads brought with the other changes still held, which is what the
 * inverse patches give when nothing else happened.
 *
 * Entries not in the cache are left alone: nobody reads them now, and an entry made only
 * to hold a change would outlive it.
 *
 * Its own module so that apps that never mutate do not download it.
 */
export function optimistic(cache: Cache, engine: RecipeEngine, changes: readonly EntryRecipe[]): Optimistic {
  const runs: Array<FirstRun | undefined> = changes.map(() => undefined);
  const held = changes.flatMap((c, i) =>
    cache.has(c.collection, c.id)
      ? [
          {
            ...c,
            layer: { change: engine.change(c.recipe, (run) => (runs[i] = run)), confirmedAt: undefined } as Layer,
          },
        ]
      : [],
  );
  cache.transaction((tx) => held.forEach((h) => tx.hold(h.collection, h.id, (layers) => [...layers, h.layer])));
  let settled = false;
  const settle = (edit: (tx: CacheWriter, seq: number) => void) => {
    if (settled) return;
    settled = true;
    const seq = cache.nextSeq();
    cache.transaction((tx) => edit(tx, seq));
  };
  // An entry collected since (nobody watched it for gcTime) took its layer with it: none is made again.
  const each = (tx: CacheWriter, edit: (layers: readonly Layer[], layer: Layer) => readonly Layer[]) => {
    for (const h of held) if (cache.has(h.collection, h.id)) tx.hold(h.collection, h.id, (ls) => edit(ls, h.layer));
  };
  return {
    runs,
    confirm: (write) =>
      settle((tx, seq) => {
        each(tx, (layers, layer) => layers.map((l) => (l === layer ? { change: l.change, confirmedAt: seq } : l)));
        write?.(tx, seq);
      }),
    undo: () => settle((tx) => each(tx, (layers, layer) => layers.filter((l) => l !== layer))),
  };
}
