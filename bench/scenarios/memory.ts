import { QueryClient } from '@tanstack/query-core';
import { createIvsStore } from '../lib/ivs-store.js';
import { fakeIvs } from '../lib/fake-ivs.js';
import { heapUsed, until } from '../lib/measure.js';
import { goal, type ScenarioResult } from '../lib/report.js';
import { storeWatch, tanstackWatch } from '../lib/settle.js';
import { UNLIMITED } from '../lib/sim.js';

const N = 10_000;

export async function memory(): Promise<ScenarioResult> {
  const fake = fakeIvs(N);

  const store = createIvsStore({ ivs: fake.client, quotas: UNLIMITED, refetchInterval: 600_000 });
  const base = await heapUsed();
  const ourWatch = storeWatch(store, N);
  await until(() => ourWatch.loaded() >= N, 60_000, 'ivs-store to cache 10 000 channels');
  const ours = ((await heapUsed()) - base) / N;
  ourWatch.unsubscribe();
  store.dispose();

  const client = new QueryClient({ defaultOptions: { queries: { retry: 3, refetchInterval: 600_000 } } });
  const base2 = await heapUsed();
  const watch = tanstackWatch(client, fake, N);
  await until(() => watch.loaded() >= N, 60_000, 'TanStack to cache 10 000 channels');
  const theirs = ((await heapUsed()) - base2) / N;
  watch.unsubscribe();
  client.clear();

  return {
    id: 'memory',
    title: `6. Memory: heap per cached, watched channel at ${N.toLocaleString('en-US')} channels`,
    columns: [{ key: 'bytes', label: 'bytes per channel' }],
    rows: [
      { contender: 'ivs-store', bytes: ours },
      { contender: 'TanStack Query (a query + observer per channel)', bytes: theirs },
    ],
    ratios: [],
    goals: [
      goal({
        figure: 'heap per watched channel, bytes',
        label: 'heap per channel',
        anchor: 'TanStack',
        ours,
        theirs,
        bound: 0.6,
      }),
    ],
    checks: [],
    notes: [
      'Heap growth after forced GC, divided by the number of channels: the channel data itself (same rows for both), the cache entry and what watching it costs (subscription, poll registration).',
      'What bought it (issue 16, from heap snapshots at 2 000 and 4 000 channels, diffed): 3 384 B (0.94×) → 1 704 B (0.47×) by dropping the ~18 closures and their contexts per watched channel (one SharedQuery object and a seat instead), the Entry kept on the slot instead of a WeakMap, and no AbortController per key; → ~1 500 B (0.42×) with the watcher count and the listener on the slot and no interval array per key in the poller. Per channel now: the channel’s data, its slot and Entry, the shared query, rxjs’s subscriber, the poll state and one entry in each of four maps.',
    ],
  };
}
