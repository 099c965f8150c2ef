import { afterEach, describe, expect, it, vi } from 'vitest';
import { Batcher } from '../../src/core/batcher.js';

function fakeFetch(opts: { fail?: Set<string>; omit?: Set<string> } = {}) {
  const calls: string[][] = [];
  const fetch = vi.fn(async (keys: string[], _signal: AbortSignal) => {
    calls.push(keys);
    const out = new Map<string, string | Error>();
    for (const k of keys) {
      if (opts.omit?.has(k)) continue;
      out.set(k, opts.fail?.has(k) ? new Error(`bad ${k}`) : `value:${k}`);
    }
    return out;
  });
  return { fetch, calls };
}

const missing = (k: string) => Object.assign(new Error(`missing ${k}`), { name: 'NotFound' });

describe('Batcher', () => {
  afterEach(() => vi.useRealTimers());

  it('turns 120 same-tick loads into 3 calls of at most 50 keys', async () => {
    const { fetch, calls } = fakeFetch();
    const b = new Batcher({ fetch, missing });
    const keys = Array.from({ length: 120 }, (_, i) => `k${i}`);
    const values = await Promise.all(keys.map((k) => b.load(k)));
    expect(values).toEqual(keys.map((k) => `value:${k}`));
    expect(calls.map((c) => c.length)).toEqual([50, 50, 20]);
    expect(new Set(calls.flat()).size).toBe(120);
  });

  it('collapses duplicate keys, also onto a key already in flight, and reports coalescing', async () => {
    const { fetch, calls } = fakeFetch();
    const onBatch = vi.fn();
    const b = new Batcher({ fetch, missing, onBatch });
    const first = [b.load('a'), b.load('a'), b.load('b')];
    await Promise.resolve(); // the batch has been sent
    const late = b.load('a');
    expect(await Promise.all([...first, late])).toEqual(['value:a', 'value:a', 'value:b', 'value:a']);
    expect(calls).toEqual([['a', 'b']]);
    expect(onBatch).toHaveBeenCalledWith({ requested: 3, sent: 2 });
  });

  it('fails only the key an error names, and keys the response omits', async () => {
    const { fetch } = fakeFetch({ fail: new Set(['bad']), omit: new Set(['gone']) });
    const b = new Batcher({ fetch, missing });
    const results = await Promise.allSettled([b.load('ok'), b.load('bad'), b.load('gone')]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: 'value:ok' });
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('bad bad');
    expect((results[2] as PromiseRejectedResult).reason.name).toBe('NotFound');
  });

  it('takes answers in key order as an array (keys past its end missing); anything else leaves every key missing', async () => {
    const b = new Batcher<string, string>({ fetch: async (keys) => keys.slice(0, 2).map((k) => `v:${k}`), missing });
    const r = await Promise.allSettled(['a', 'b', 'c'].map((k) => b.load(k)));
    expect(r.slice(0, 2)).toEqual([
      { status: 'fulfilled', value: 'v:a' },
      { status: 'fulfilled', value: 'v:b' },
    ]);
    expect((r[2] as PromiseRejectedResult).reason.name).toBe('NotFound');
    const odd = new Batcher<string, string>({ fetch: async () => ({}) as Map<string, string>, missing });
    await expect(odd.load('x')).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('rejects every key of a batch whose call failed, and the next load tries again', async () => {
    let fail = true;
    const fetch = vi.fn(async (keys: string[]) => {
      if (fail) throw new Error('503');
      return new Map(keys.map((k) => [k, k.toUpperCase()] as const));
    });
    const b = new Batcher<string, string>({ fetch, missing });
    const r = await Promise.allSettled([b.load('x'), b.load('y')]);
    expect(r.map((x) => x.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await b.load('x')).toBe('X');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('with windowMs, collects keys across ticks until the window closes', async () => {
    vi.useFakeTimers();
    const { fetch, calls } = fakeFetch();
    const b = new Batcher({ fetch, missing, windowMs: 20 });
    const p1 = b.load('a');
    await vi.advanceTimersByTimeAsync(10);
    const p2 = b.load('b');
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(10);
    expect(await Promise.all([p1, p2])).toEqual(['value:a', 'value:b']);
    expect(calls).toEqual([['a', 'b']]);
  });

  it('drops a queued key whose only waiter aborted, and aborts a flight nobody waits for', async () => {
    const signals: AbortSignal[] = [];
    const fetch = vi.fn((keys: string[], signal: AbortSignal) => {
      signals.push(signal);
      return new Promise<Map<string, string>>((resolve) =>
        setTimeout(() => resolve(new Map(keys.map((k) => [k, k]))), 50),
      );
    });
    const b = new Batcher<string, string>({ fetch, missing });
    const dropped = new AbortController();
    const p1 = b.load('dropped', dropped.signal);
    const p2 = b.load('kept');
    dropped.abort();
    await expect(p1).rejects.toMatchObject({ name: 'AbortError' });
    await Promise.resolve();
    expect(fetch.mock.calls[0]?.[0]).toEqual(['kept']);
    expect(await p2).toBe('kept');

    const c = new AbortController();
    const p3 = b.load('lonely', c.signal);
    await Promise.resolve();
    expect(signals[1]?.aborted).toBe(false);
    c.abort();
    await expect(p3).rejects.toMatchObject({ name: 'AbortError' });
    expect(signals[1]?.aborted).toBe(true); // a microtask later: nobody came back for it
  });

  it('keeps a flight whose key is asked again in the same task (StrictMode); never joins an aborted one', async () => {
    const signals: AbortSignal[] = [];
    const fetch = vi.fn((keys: string[], signal: AbortSignal) => {
      signals.push(signal);
      return new Promise<Map<string, string>>((resolve) =>
        setTimeout(() => resolve(new Map(keys.map((k) => [k, k]))), 20),
      );
    });
    const b = new Batcher<string, string>({ fetch, missing });
    const first = new AbortController();
    const p1 = b.load('a', first.signal);
    await Promise.resolve(); // sent
    first.abort();
    const p2 = b.load('a');
    await expect(p1).rejects.toMatchObject({ name: 'AbortError' });
    expect(await p2).toBe('a');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(signals[0]?.aborted).toBe(false);

    const gone = new AbortController();
    const p3 = b.load('b', gone.signal);
    await Promise.resolve();
    gone.abort();
    await expect(p3).rejects.toMatchObject({ name: 'AbortError' });
    expect(signals[1]?.aborted).toBe(true);
    // The aborted flight has not answered yet: a new load makes a new call.
    expect(await b.load('b')).toBe('b');
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('never abandons a call a waiter without a signal waits on; dispose aborts every call', async () => {
    const signals: AbortSignal[] = [];
    const calls: string[][] = [];
    const fetch = vi.fn((keys: string[], signal: AbortSignal) => {
      calls.push(keys);
      signals.push(signal);
      return new Promise<Map<string, string>>(() => {});
    });
    const b = new Batcher<string, string>({ fetch, missing });
    const c = new AbortController();
    const gone = b.load('a', c.signal);
    const kept = b.load('b'); // no signal: waits until answered or disposed
    await Promise.resolve(); // sent: ['a', 'b']
    c.abort();
    await expect(gone).rejects.toMatchObject({ name: 'AbortError' });
    await Promise.resolve();
    expect(signals[0]?.aborted).toBe(false);
    const d = new AbortController();
    void b.load('c', d.signal).catch(() => {});
    await Promise.resolve(); // sent: ['c'], abandonable
    const kept2 = b.load('e');
    await Promise.resolve(); // sent: ['e']
    // Calls nobody can abandon share one signal (Node makes an AbortSignal in microseconds).
    expect(signals[2]).toBe(signals[0]);
    expect(signals[1]).not.toBe(signals[0]);
    b.dispose();
    expect(calls).toEqual([['a', 'b'], ['c'], ['e']]);
    expect(signals.map((s) => s.aborted)).toEqual([true, true, true]);
    await expect(kept).rejects.toThrow(/disposed/);
    await expect(kept2).rejects.toThrow(/disposed/);
  });

  it('aborts a call nobody waits for, also for a key answered and asked again while others are pending', async () => {
    const calls: Array<{ keys: string[]; signal: AbortSignal; answer: () => void }> = [];
    const fetch = (keys: string[], signal: AbortSignal) =>
      new Promise<string[]>((resolve) => calls.push({ keys, signal, answer: () => resolve(keys) }));
    const b = new Batcher<string, string>({ fetch, missing, maxBatchSize: 1 });
    const busy = b.load('busy').catch(() => 'disposed'); // keeps the Batcher from idling
    await Promise.resolve();
    const a = [b.load('a'), b.load('a')]; // no signal; asked twice
    await Promise.resolve();
    calls[1]?.answer();
    expect(await Promise.all(a)).toEqual(['a', 'a']);
    const s1 = new AbortController();
    const s2 = new AbortController();
    const again = b.load('a', s1.signal);
    const dropped = b.load('d', s2.signal);
    const z = b.load('z');
    s2.abort(); // before the flush: 'd' is left out, the others packed again
    await Promise.resolve();
    expect(calls.map((c) => c.keys)).toEqual([['busy'], ['a'], ['a'], ['z']]);
    expect(calls[3]?.signal).toBe(calls[0]?.signal); // nobody can abandon either
    s1.abort();
    await Promise.all([expect(again).rejects.toMatchObject({ name: 'AbortError' }), expect(dropped).rejects.toThrow()]);
    expect(calls[2]?.signal.aborted).toBe(true);
    calls[3]?.answer();
    expect(await z).toBe('z');
    b.dispose();
    expect(await busy).toBe('disposed');
  });

  it('checks its options and rejects loads after dispose', async () => {
    expect(() => new Batcher({ fetch: fakeFetch().fetch, missing, maxBatchSize: 0 })).toThrow(
      /maxBatchSize must be a positive integer/,
    );
    expect(() => new Batcher({ fetch: fakeFetch().fetch, missing, windowMs: -1 })).toThrow(/windowMs/);
    const b = new Batcher({ fetch: fakeFetch().fetch, missing });
    const pending = b.load('x');
    b.dispose();
    await expect(pending).rejects.toThrow(/disposed/);
    await expect(b.load('y')).rejects.toThrow(/disposed/);
    expect(b.pending).toBe(0);
    // A waiter answered by dispose, then aborted: nothing more (an AbortError here would go unhandled).
    const c = new AbortController();
    const b2 = new Batcher({ fetch: fakeFetch().fetch, missing });
    const late = b2.load('z', c.signal);
    b2.dispose();
    c.abort();
    await expect(late).rejects.toThrow(/disposed/);
  });
});
