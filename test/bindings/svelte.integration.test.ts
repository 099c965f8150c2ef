import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/index.js';
import { sleep, startWorld } from './setup.js';

/**
 * Svelte needs no binding: `$store.channels.get$(arn)` works because an RxJS Observable
 * meets Svelte's store contract — `subscribe(fn)` calls fn with values and returns an
 * object with `unsubscribe()`. This checks that contract the way Svelte's runtime uses it.
 */
describe('Svelte store contract', () => {
  it('subscribe(fn) delivers values and returns something with unsubscribe()', async () => {
    const w = await startWorld();
    const arn = w.sim.control.ivs.createChannel({ name: 'svelte' }).arn;
    const seen: Array<Entry<{ name?: string }>> = [];
    const handle = w.store.channels.get$(arn).subscribe((v) => seen.push(v));
    expect(typeof handle.unsubscribe).toBe('function');
    // Waits for the read rather than a fixed time (a shared 2-core machine is slow at times).
    for (let waited = 0; waited < 5000 && !seen.some((e) => e.data?.name === 'svelte'); waited += 20) await sleep(20);
    expect(seen[0]?.status).toBe('loading');
    expect(seen.some((e) => e.data?.name === 'svelte')).toBe(true);
    handle.unsubscribe();
    await sleep(1200);
    const calls = w.sim.control.countRequests({ operation: 'GetChannel' });
    await sleep(300);
    expect(w.sim.control.countRequests({ operation: 'GetChannel' })).toBe(calls);
    await w.stop();
  });
});
