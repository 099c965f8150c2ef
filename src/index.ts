/**
 * ivs-store: reactive, always-fresh Amazon IVS state as RxJS Observables.
 *
 * This entry point carries the public contract every query Observable follows.
 * The store itself (`createIvsStore`) is built on it in the core-engine issue.
 */

/** Where a query stands. `not-found` is data ("this resource does not exist"), not a failure. */
export type EntryStatus = 'loading' | 'success' | 'error' | 'not-found';

/** What every query Observable emits. */
export interface Entry<T, E = Error> {
  status: EntryStatus;
  /** Last good data, kept through errors and refreshes. */
  data: T | undefined;
  error: E | undefined;
  /** ms since epoch of the last successful write. */
  updatedAt: number | undefined;
  /** True while a request for this entry is in flight. */
  fetching: boolean;
}
