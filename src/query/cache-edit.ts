import type { Patch } from '../core/recipes.js';

/**
 * A change `setData` made to a cached entry: the patches of its recipe, and how it ends.
 *
 * @example
 * ```ts
 * const edit = await store.channels.setData(arn, (draft) => {
 *   draft.name = 'studio-1';
 * });
 * try {
 *   await myBackend.renameChannel(arn, 'studio-1');
 *   edit.confirm(); // the server has it: reads from now on show what it says
 * } catch {
 *   edit.undo(); // the entry shows what reads brought, as if the recipe never ran
 * }
 * ```
 */
export interface CacheEdit {
  /** False when there was nothing to edit (no data cached for the id): the recipe did not run, and nothing is held. */
  readonly applied: boolean;
  /** What the recipe changed, as immer patches over the data it was given. */
  readonly patches: readonly Patch[];
  /** The patches back to that data. */
  readonly inversePatches: readonly Patch[];
  /**
   * Takes the change off: the entry shows what reads brought meanwhile, with any other
   * change still held on top. Does nothing once the change was confirmed or undone.
   * @example
   * ```ts
   * await myBackend.renameChannel(arn, 'studio-1').catch(() => edit.undo());
   * ```
   */
  undo(): void;
  /**
   * The change is true on the server now: reads sent from this moment replace it (older
   * ones still in flight cannot). Does nothing once the change was confirmed or undone.
   * @example
   * ```ts
   * await myBackend.renameChannel(arn, 'studio-1');
   * edit.confirm();
   * ```
   */
  confirm(): void;
}
