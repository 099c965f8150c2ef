/** `whenSettled` of `ivs-store/vue`: the promise an async `setup` awaits under `<Suspense>`. */
import { watch, type Ref } from 'vue';
import type { Entry } from '../index.js';

/**
 * Resolves with the entry once it has left `loading` (success, error or not-found).
 *
 * For an async `setup` under Vue's `<Suspense>`: the fallback shows until the first read settles
 * (TanStack Vue Query's `suspense()`). Already settled: resolves at once. The ref keeps
 * following the query afterwards; a skipped query (skipToken, `enabled: false`) never settles.
 * @example
 * const channel = useChannel(() => props.arn);
 * await whenSettled(channel); // in <script setup>, under <Suspense>
 */
export function whenSettled<T>(entry: Readonly<Ref<Entry<T>>>): Promise<Exclude<Entry<T>, { status: 'loading' }>> {
  type Settled = Exclude<Entry<T>, { status: 'loading' }>;
  const now = entry.value;
  if (now.status !== 'loading') return Promise.resolve(now as Settled);
  return new Promise((resolve) => {
    const stop = watch(entry, (e) => {
      if (e.status === 'loading') return;
      stop();
      resolve(e as Settled);
    });
  });
}
