import { disposedError, invalidInput, type IvsStoreError } from '../core/errors.js';
import type { Recipe } from '../core/recipes.js';
import type { CacheEdit } from './cache-edit.js';
import type { StoreContext } from './context.js';

export type { Draft, Patch, Recipe } from '../core/recipes.js';
export type { CacheEdit };

/**
 * Cache recipes of a resource's entries (`store.<resource>.setData`).
 *
 * @example
 * ```ts
 * const edit = await store.stages.setData(stageArn, (draft) => {
 *   draft.name = 'on air';
 * });
 * edit.undo();
 * ```
 */
export interface SetsData<T> {
  /**
   * Edits the cached entry of `id` with an immer recipe (mutate the draft, or return new
   * data), as the store's own optimistic mutations do.
   *
   * The change shows at once in `get$`
   * and in the lists that hold the entry, and stays on top of every read, polls included,
   * until `confirm()` or `undo()` (end every edit with one of them). The first recipe loads
   * immer, so the promise settles once the change shows. The recipe runs again over newer
   * data when a read lands while the change is held: keep it a function of its draft.
   *
   * An id with no data cached (never read, not read yet, not found) is left alone: the
   * result's `applied` is false. A bad id or a recipe that is not a function rejects with
   * an IvsStoreError of kind `validation`, before anything happens; a recipe that throws
   * rejects with what it threw, and nothing is held.
   *
   * @example
   * ```ts
   * const edit = await store.channels.setData(arn, (draft) => {
   *   draft.latencyMode = 'LOW';
   * });
   * if (!edit.applied) console.log('not cached: nothing to edit');
   * edit.undo();
   * ```
   */
  setData(id: string, recipe: Recipe<T>): Promise<CacheEdit>;
}

/** `setData` of the entries of one collection; `checkId` names the rule a bad id breaks. */
export function dataSetter<T>(
  ctx: StoreContext,
  collection: string,
  checkId: (id: unknown) => IvsStoreError | undefined,
): SetsData<T>['setData'] {
  let disposed = false;
  ctx.onDispose(() => {
    disposed = true;
  });
  return async (id, recipe) => {
    const problem =
      checkId(id) ??
      (typeof recipe === 'function'
        ? undefined
        : invalidInput('setData', 'recipe', 'must be a function: (draft) => void, or one returning new data'));
    if (problem) throw problem;
    // The code that applies recipes, and immer with it, loads with the first one.
    const { applyRecipe } = await import('./apply-recipe.js');
    if (disposed) throw disposedError('setData');
    return applyRecipe(ctx.cache, collection, id, recipe as Recipe<unknown>, () => disposed);
  };
}
