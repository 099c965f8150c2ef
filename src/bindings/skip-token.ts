/**
 * `skipToken`, given to a hook or composable instead of an id (an ARN not known yet): the
 * hook reads nothing, subscribes to nothing and shows `loading` with `fetching: false`, as
 * TanStack Query's skipToken does. A registry symbol, so the ESM and CJS copies of a binding
 * agree on it (the dual-package hazard).
 */
export const skipToken: unique symbol = Symbol.for('ivs-store.skip-token');
/** The type of `skipToken`, for an id parameter that may not be known yet (`string | SkipToken`). */
export type SkipToken = typeof skipToken;
