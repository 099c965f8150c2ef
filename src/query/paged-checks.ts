import { type Observable, of } from 'rxjs';
import { type Check, got, optionsProblem, QUERY_OPTIONS } from '../core/checks.js';
import { invalidInput, type IvsStoreError } from '../core/errors.js';
import type { PagedEntry } from './paged-entry.js';

/** The checks of `pages$`'s arguments: in the paged chunk, so an app that never pages never loads them. */

/** A page size: a whole number from 1 to the operation's limit. */
const pageSizeOf =
  (max: number): Check =>
  (operation, field, value) =>
    value === undefined || (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= max)
      ? undefined
      : invalidInput(operation, field, `must be an integer 1–${max} (the operation's maxResults), got ${got(value)}`);

/** The problem with paged options, if any: the query options, and `pageSize` within `max`. */
export const pagedOptionsProblem = (operation: string, options: unknown, max: number): IvsStoreError | undefined =>
  optionsProblem(operation, options, { ...QUERY_OPTIONS, pageSize: pageSizeOf(max) });

const nothing = () => Promise.resolve();

/** What `pages$` returns for arguments it refuses: one `error` entry, then completion; nothing sent. */
export const invalidPages$ = <T>(error: IvsStoreError): Observable<PagedEntry<T>> =>
  of({
    status: 'error',
    data: undefined,
    error,
    updatedAt: undefined,
    fetching: false,
    hasNextPage: false,
    fetchingNextPage: false,
    fetchNextPage: nothing,
  });
