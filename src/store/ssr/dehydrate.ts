import { encode } from '../../query/sync/codec.js';
import type { IvsStore } from '../ivs-store.js';
import { codeOf, storeOf } from '../internals.js';
import type { DehydratedEntry, DehydratedState, DehydrateOptions } from './state.js';

export type { DehydratedEntry, DehydratedState, DehydrateOptions } from './state.js';

/**
 * The store's cache as plain JSON-safe data, for the page to `hydrate`.
 *
 * A server render's last step, after `prefetch` and the render itself. It holds the
 * entries that hold an answer (`success`, `not-found`; `error` with `options.errors`), each with when it changed and
 * when it was read. Secrets are left out unless `options.secrets`: `JSON.stringify` of the
 * state then holds no secret text. Entries still loading are left out (the page reads them).
 * Throws an `IvsStoreError` (kind `validation`, field `store`) for anything but a store.
 *
 * @example
 * ```ts
 * await prefetch([store.channels.list$()]);
 * const html = renderToString(app);
 * const state = JSON.stringify(dehydrate(store)).replace(/</g, '\\u003c');
 * store.dispose();
 * ```
 */
export function dehydrate(store: IvsStore, options: DehydrateOptions = {}): DehydratedState {
  const { cache, resources } = storeOf(store, 'dehydrate');
  const entries: DehydratedEntry[] = [];
  for (const [collection, id, e] of cache.entries()) {
    if (e.status === 'loading' || (e.status === 'error' && !options.errors)) continue;
    let redacted = false;
    const data = encode(
      e.data,
      options.secrets
        ? undefined
        : () => {
            redacted = true;
            return undefined;
          },
    );
    const checkedAt = e.status === 'error' || redacted ? undefined : cache.checkedAt(collection, id);
    entries.push({
      collection,
      id,
      status: e.status,
      ...(data !== undefined && { data }),
      ...(e.status === 'error' && { error: encode(e.error) }),
      ...(e.updatedAt !== undefined && { updatedAt: e.updatedAt }),
      ...(checkedAt !== undefined && { checkedAt }),
    });
  }
  const names = Object.keys(resources).filter((name) => codeOf(resources[name])?.loaded);
  return { v: 1, resources: names, entries };
}
