import { writeHeapSnapshot } from 'node:v8';
import { createIvsStore } from './lib/ivs-store.js';
import { channelArn, fakeIvs } from './lib/fake-ivs.js';
import { until, collect } from './lib/measure.js';
import { UNLIMITED } from './lib/sim.js';
const N = 3000;
const fake = fakeIvs(N);
const store = createIvsStore({ ivs: fake.client, quotas: UNLIMITED, refetchInterval: 600_000 });
let loaded = 0;
const subs = Array.from({ length: N }, (_, i) =>
  store.channels.get$(channelArn(i)).subscribe((e) => {
    if (e.status === 'success') loaded++;
  }),
);
await until(() => loaded >= N, 60000, 'x');
await collect();
writeHeapSnapshot('/tmp/heap.heapsnapshot');
console.log(subs.length);
process.exit(0);
