import { IvsStoreError } from '../core/errors.js';
import { loadedRecipeEngine, recipeEngine, type RecipeEngine } from '../core/recipes.js';

export { loadedRecipeEngine };

/**
 * immer, loaded with the first recipe of any store (see core/recipes.ts). A failed load is an
 * IvsStoreError of kind `network`, as for any code loaded on first use, and the next recipe
 * tries again.
 */
export function recipes(): Promise<RecipeEngine> {
  return recipeEngine().catch((err: unknown) => {
    throw new IvsStoreError({
      kind: 'network',
      operation: 'setData',
      message: `Could not load immer (cache recipes): ${err instanceof Error ? err.message : String(err)}`,
      cause: err,
    });
  });
}
