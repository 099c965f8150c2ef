import type { Draft, Patch } from 'immer';
import type { Change } from './entry.js';

export type { Draft, Patch };

/**
 * A cache recipe: immer's producer over an entry's data. Mutate the draft, or return new
 * data (not both). It runs when the change is made and again, over the newer data, when a
 * read lands while the change is held: keep it a function of its draft (no side effects).
 *
 * @example
 * ```ts
 * const rename: Recipe<{ name?: string }> = (draft) => {
 *   draft.name = 'studio-1';
 * };
 * ```
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a recipe that edits its draft returns nothing (immer's own producer type says the same)
export type Recipe<T> = (draft: Draft<T>) => T | Draft<T> | void | undefined;

/** What a recipe did the first time it ran: immer's patches over the data it got, or what it threw. */
export type FirstRun = { patches: Patch[]; inversePatches: Patch[]; error?: undefined } | { error: unknown };

/** What the store makes of recipes, once immer is there. */
export interface RecipeEngine {
  /**
   * The change `recipe` makes, as a layer's function of the data: undefined in, undefined
   * out (there is nothing to edit); `first` is told what its first run did. A run that
   * throws changes nothing (a later read's data the recipe cannot take must still land).
   */
  change(recipe: Recipe<unknown>, first?: (run: FirstRun) => void): Change;
}

let engine: Promise<RecipeEngine> | undefined;
let loaded: RecipeEngine | undefined;

/** The engine if immer is loaded already: the changes of later mutations then show in the very call. */
export function loadedRecipeEngine(): RecipeEngine | undefined {
  return loaded;
}

/**
 * immer, loaded with the first recipe (a mutation's or `setData`'s) and then kept: apps
 * that neither mutate nor write recipes never download it. A failed load (offline, a
 * deploy) is tried again by the next recipe.
 */
export function recipeEngine(): Promise<RecipeEngine> {
  engine ??= import('immer').then(
    (immer) => (loaded = build(immer)),
    (err: unknown) => {
      engine = undefined;
      throw err;
    },
  );
  return engine;
}

function build(immer: typeof import('immer')): RecipeEngine {
  immer.enablePatches();
  // Our own instance: the app's immer settings stay the app's. No auto-freeze: the cache
  // freezes what it shows in development only (see FREEZE in entry.ts), and a frozen copy
  // costs memory in production.
  const { produce, produceWithPatches } = new immer.Immer({ autoFreeze: false });
  // Class instances (Secret, Date) are not draftable: immer hands them over as they are,
  // so a Secret stays the same Secret, unwrapped by nothing.
  return {
    change(recipe, first) {
      const fn = recipe as (d: unknown) => unknown;
      let tell = first;
      return (data) => {
        if (data === undefined) return undefined;
        const told = tell;
        tell = undefined;
        try {
          if (!told) return produce(data, fn);
          const [next, patches, inversePatches] = produceWithPatches(data, fn);
          told({ patches, inversePatches });
          return next;
        } catch (error) {
          told?.({ error });
          return data;
        }
      };
    },
  };
}
