import type { Cache } from '../core/cache.js';
import { disposedError } from '../core/errors.js';
import { optimistic } from '../core/optimistic.js';
import type { Recipe } from '../core/recipes.js';
import { loadedRecipeEngine, recipes } from './recipe-engine.js';
import type { CacheEdit } from './cache-edit.js';

const NOTHING: CacheEdit = Object.freeze({
  applied: false,
  patches: [],
  inversePatches: [],
  undo: () => undefined,
  confirm: () => undefined,
});

/**
 * `setData`, once its arguments are checked: the recipe as a layer by the store's one
 * optimistic rule (core/optimistic.ts), held until `confirm()` or `undo()`. Loaded with the
 * first recipe, as immer is.
 */
export async function applyRecipe(
  cache: Cache,
  collection: string,
  id: string,
  recipe: Recipe<unknown>,
  disposed: () => boolean,
): Promise<CacheEdit> {
  const engine = loadedRecipeEngine() ?? (await recipes());
  if (disposed()) throw disposedError('setData');
  // Nothing to edit: a recipe never gets `undefined` as its draft, and no entry is made for it.
  if (cache.get(collection, id).data === undefined) return NOTHING;
  const held = optimistic(cache, engine, [{ collection, id, recipe }]);
  const run = held.runs[0];
  if (run === undefined) return NOTHING;
  if (!('patches' in run)) {
    held.undo();
    throw run.error;
  }
  return {
    applied: true,
    patches: run.patches,
    inversePatches: run.inversePatches,
    undo: () => held.undo(),
    confirm: () => held.confirm(),
  };
}
