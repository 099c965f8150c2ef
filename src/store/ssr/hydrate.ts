import { seqAt } from '../../core/cache.js';
import type { MirroredEntry } from '../../core/cache-writer.js';
import { invalidInput, type IvsStoreError, isIvsStoreError } from '../../core/errors.js';
import { decode } from '../../query/sync/codec.js';
import type { IvsStore } from '../ivs-store.js';
import { codeOf, storeOf } from '../internals.js';
import type { DehydratedEntry, DehydratedState } from './state.js';

/**
 * Writes a server render's state (`dehydrate`) into the page's store, at once.
 *
 * A query of it then emits its data (`success`, with the server's `updatedAt`) in its first value, and
 * is read again on mount only if older than its `staleTime` (by default its interval).
 * Entries whose secrets were left out, and errors, are read again at once (showing what the
 * server showed meanwhile). An entry the page's store read after the server did keeps its
 * own. Entries nobody watches are collected after `gcTime`, like any other.
 *
 * Resolves once the code of every resource the server used has loaded: await it before
 * hydrating the page (`hydrateRoot`, `app.mount`), so the first render shows what the
 * server's did. A malformed state rejects with an `IvsStoreError` of kind `validation`
 * naming the field (`state.entries[3].status`), and nothing is written.
 *
 * @example
 * ```ts
 * const store = createIvsStore({ ivs });
 * await hydrate(store, window.__IVS_STATE__);
 * hydrateRoot(document.getElementById('root')!, <IvsStoreProvider store={store}><App /></IvsStoreProvider>);
 * ```
 */
export async function hydrate(store: IvsStore, state: DehydratedState): Promise<void> {
  const { cache, resources } = storeOf(store, 'hydrate');
  const entries = check(state);
  const now = Date.now();
  // A server clock ahead of the page's must not date entries in the page's future: reads
  // sent here before that time would be refused as older.
  const at = (ms: number | undefined) => (ms === undefined ? undefined : Math.min(ms, now));
  cache.transaction((tx) => {
    for (const [e, error] of entries) {
      const date = at(e.checkedAt ?? e.updatedAt);
      const entry: Omit<MirroredEntry, 'fetching'> = {
        status: e.status,
        data: e.status === 'not-found' ? undefined : decode(e.data),
        error,
        updatedAt: at(e.updatedAt),
      };
      tx.restore(e.collection, e.id, date === undefined ? 1 : Math.max(1, seqAt(date)), entry, at(e.checkedAt));
    }
  });
  // Collected after gcTime unless something watches them by then.
  for (const [e] of entries) {
    cache.retain(e.collection, e.id);
    cache.release(e.collection, e.id);
  }
  await Promise.all(state.resources.map((name) => codeOf(resources[name])?.ready()));
}

const STATUSES = ['success', 'not-found', 'error'];

/** The state's entries, each with its decoded error; a validation error naming the first field that is wrong. */
function check(state: DehydratedState): Array<[DehydratedEntry, IvsStoreError | undefined]> {
  const fail = (field: string, rule: string): never => {
    throw invalidInput('hydrate', field, rule);
  };
  const s = state as Partial<Record<keyof DehydratedState, unknown>> | null;
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return fail('state', 'must be what dehydrate returned');
  if (s.v !== 1) fail('state.v', `must be 1 (the state version this package reads), got ${String(s.v)}`);
  if (!Array.isArray(s.resources) || s.resources.some((r) => typeof r !== 'string'))
    fail('state.resources', 'must be an array of resource names');
  if (!Array.isArray(s.entries)) return fail('state.entries', 'must be an array');
  return s.entries.map((raw: unknown, i) => {
    const f = `state.entries[${i}]`;
    const e = raw as Partial<Record<keyof DehydratedEntry, unknown>> | null;
    if (typeof e !== 'object' || e === null) return fail(f, 'must be an object');
    if (typeof e.collection !== 'string' || e.collection === '') fail(`${f}.collection`, 'must be a non-empty string');
    if (typeof e.id !== 'string') fail(`${f}.id`, 'must be a string');
    if (!STATUSES.includes(e.status as string))
      fail(`${f}.status`, `must be one of ${STATUSES.join(', ')}, got ${String(e.status)}`);
    for (const k of ['updatedAt', 'checkedAt'] as const)
      if (e[k] !== undefined && !(typeof e[k] === 'number' && Number.isFinite(e[k]) && e[k] >= 0))
        fail(`${f}.${k}`, 'must be a time in ms since epoch, or absent');
    if (e.status === 'success' && e.data === undefined) fail(`${f}.data`, 'must be present for a success');
    const error = e.status === 'error' ? decode(e.error) : undefined;
    if (e.status === 'error' && !isIvsStoreError(error)) fail(`${f}.error`, 'must be an encoded IvsStoreError');
    return [e as DehydratedEntry, error as IvsStoreError | undefined];
  });
}
