import { QueryObserver, type QueryClient } from '@tanstack/query-core';
import type { IvsStore } from './ivs-store.js';
import { channelArn, type fakeIvs } from './fake-ivs.js';

/** Counts, per source, its first settled value: loaded or failed. Shared by every contender. */
export function settleCounter() {
  let loaded = 0;
  let failed = 0;
  return {
    loaded: () => loaded,
    failed: () => failed,
    /** A callback for one source: `pending` values are skipped, the first other one counts. */
    track<V>(pending: (v: V) => boolean, success: (v: V) => boolean): (v: V) => void {
      let done = false;
      return (v) => {
        if (done || pending(v)) return;
        done = true;
        if (success(v)) loaded++;
        else failed++;
      };
    },
  };
}

/** `n` TanStack observers, one per channel of the in-memory client; resolves the counter to wait on. */
export function tanstackWatch(client: QueryClient, fake: ReturnType<typeof fakeIvs>, n: number) {
  const counter = settleCounter();
  const unsubscribes = Array.from({ length: n }, (_, i) =>
    new QueryObserver(client, {
      queryKey: ['channel', channelArn(i)],
      queryFn: async () => fake.copy(channelArn(i)),
    }).subscribe(
      counter.track(
        (r) => r.status === 'pending',
        (r) => r.status === 'success',
      ),
    ),
  );
  return { ...counter, unsubscribe: () => unsubscribes.forEach((u) => u()) };
}

/** The same for ivs-store: `n` channel Observables of the in-memory client, as a wall of widgets would subscribe. */
export function storeWatch(store: IvsStore, n: number) {
  const counter = settleCounter();
  const subscriptions = Array.from({ length: n }, (_, i) =>
    store.channels.get$(channelArn(i)).subscribe(
      counter.track(
        (e) => e.status === 'loading',
        (e) => e.status === 'success',
      ),
    ),
  );
  return { ...counter, unsubscribe: () => subscriptions.forEach((s) => s.unsubscribe()) };
}
