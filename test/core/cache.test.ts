import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Cache } from '../../src/core/cache.js';
import type { Entry } from '../../src/core/entry.js';
import { IvsStoreError } from '../../src/core/errors.js';
import { replaceEqualDeep } from '../../src/core/structural-sharing.js';

const err = (kind: 'unavailable' | 'throttled' = 'unavailable') => new IvsStoreError({ kind, message: 'boom' });

describe('replaceEqualDeep', () => {
  it('copies keys named like Object.prototype members as own keys, and keeps the prototype', () => {
    const prev = JSON.parse('{"tags":{"__proto__":"p","constructor":"c"}}') as { tags: Record<string, string> };
    const next = JSON.parse('{"tags":{"__proto__":"p","constructor":"c","toString":"t"}}') as {
      tags: Record<string, string>;
    };
    const shared = replaceEqualDeep(prev, next);
    expect(Object.getOwnPropertyNames(shared.tags).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getOwnPropertyDescriptor(shared.tags, '__proto__')?.value).toBe('p');
    expect(Object.getPrototypeOf(shared.tags)).toBe(Object.prototype);
    // An own `__proto__` object is compared with the previous own one, never with Object.prototype.
    const a = JSON.parse('{"x":1}') as object;
    const b = JSON.parse('{"x":1,"__proto__":{}}') as object;
    const c = replaceEqualDeep(a, b);
    expect(Object.hasOwn(c, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
  });

  it('keeps the previous object when equal, and equal sub-trees when not', () => {
    const prev = { a: { x: 1 }, b: [1, { y: 2 }], d: new Date(5) };
    expect(replaceEqualDeep(prev, { a: { x: 1 }, b: [1, { y: 2 }], d: new Date(5) })).toBe(prev);
    const next = replaceEqualDeep(prev, { a: { x: 1 }, b: [1, { y: 3 }], d: new Date(5) });
    expect(next).not.toBe(prev);
    expect(next.a).toBe(prev.a);
    expect(next.d).toBe(prev.d);
    expect(next.b[1]).toEqual({ y: 3 });
    expect(replaceEqualDeep({ a: 1, b: undefined }, { a: 1 })).toEqual({ a: 1, b: undefined });
    expect(replaceEqualDeep([1, 2], [1, 2, 3])).toEqual([1, 2, 3]);
  });
});

describe('Cache', () => {
  afterEach(() => vi.useRealTimers());

  it('emits loading, then data; an unchanged refresh keeps identity and emits nothing', () => {
    const cache = new Cache();
    const seen: Array<Entry<{ name: string; tags: Record<string, string> }>> = [];
    const sub = cache
      .select$<{ name: string; tags: Record<string, string> }>('channels', 'a')
      .subscribe((e) => seen.push(e));
    expect(seen[0]).toMatchObject({ status: 'loading', data: undefined, fetching: false });
    const s1 = cache.nextSeq();
    cache.transaction((tx) => tx.fetching('channels', 'a', 1));
    cache.transaction((tx) => {
      tx.fetching('channels', 'a', -1);
      tx.succeed('channels', 'a', s1, { name: 'lobby', tags: { k: 'v' } });
    });
    expect(seen.map((e) => [e.status, e.fetching])).toEqual([
      ['loading', false],
      ['loading', true],
      ['success', false],
    ]);
    const data = seen[2]!.data!;
    cache.transaction((tx) => tx.succeed('channels', 'a', cache.nextSeq(), { name: 'lobby', tags: { k: 'v' } }));
    expect(cache.get('channels', 'a').data).toBe(data);
    cache.transaction((tx) => tx.succeed('channels', 'a', cache.nextSeq(), { name: 'renamed', tags: { k: 'v' } }));
    const after = cache.get<{ name: string; tags: Record<string, string> }>('channels', 'a').data!;
    expect(after.name).toBe('renamed');
    expect(after.tags).toBe(data.tags);
    sub.unsubscribe();
  });

  it('a confirming read keeps the very Entry, tells followers of reads (checkedAt moved), and an older answer touches nothing', () => {
    const cache = new Cache();
    cache.transaction((tx) => tx.succeed('c', 'a', cache.nextSeq(), { n: 1 }));
    const entry = cache.get('c', 'a');
    let told = 0;
    const follow = cache.follow$('c', 'a', () => cache.checkedAt('c', 'a')).subscribe(() => told++);
    const listener = { changed: vi.fn(), complete: vi.fn() };
    cache.retain('c', 'a');
    cache.on('c', 'a', listener);
    const stale = cache.nextSeq();
    cache.transaction((tx) => tx.succeed('c', 'a', cache.nextSeq(), { n: 1 }));
    expect(cache.get('c', 'a')).toBe(entry);
    expect(told).toBe(2);
    expect(listener.changed).toHaveBeenCalledTimes(1);
    // An answer sent before the one stored: nothing moves, nobody is told.
    cache.transaction((tx) => tx.succeed('c', 'a', stale, { n: 0 }));
    expect(cache.get('c', 'a')).toBe(entry);
    expect(told).toBe(2);
    expect(listener.changed).toHaveBeenCalledTimes(1);
    cache.off('c', 'a', listener);
    cache.transaction((tx) => tx.succeed('c', 'a', cache.nextSeq(), { n: 2 }));
    expect(listener.changed).toHaveBeenCalledTimes(1);
    expect(cache.get('c', 'a').data).toEqual({ n: 2 });
    follow.unsubscribe();
  });

  it('fetching() is a one-write transaction: told once, and only when the count really changed', () => {
    const cache = new Cache();
    const seen: boolean[] = [];
    const sub = cache.select$('c', 'a').subscribe((e) => seen.push(e.fetching));
    cache.fetching('c', 'a', 1);
    cache.fetching('c', 'a', 1);
    cache.fetching('c', 'a', -1);
    expect(cache.get('c', 'a').fetching).toBe(true);
    cache.fetching('c', 'a', -1);
    cache.fetching('c', 'a', -1); // never below zero
    cache.fetching('c', 'b', -1); // an entry never made is not made now
    expect(seen).toEqual([false, true, false]);
    expect(cache.has('c', 'b')).toBe(false);
    sub.unsubscribe();
  });

  it('listeners hear of a transaction that threw what it wrote before throwing', () => {
    const cache = new Cache();
    const seen: unknown[] = [];
    const sub = cache.select$('c', 'a').subscribe((e) => seen.push(e.data));
    expect(() =>
      cache.transaction((tx) => {
        tx.succeed('c', 'a', cache.nextSeq(), { n: 1 });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(seen).toEqual([undefined, { n: 1 }]);
    sub.unsubscribe();
  });

  it('dispose completes listeners kept on slots too', () => {
    const cache = new Cache();
    const listener = { changed: vi.fn(), complete: vi.fn() };
    cache.retain('c', 'a');
    cache.on('c', 'a', listener);
    cache.dispose();
    expect(listener.complete).toHaveBeenCalledTimes(1);
  });

  it('an older response never overwrites newer data', () => {
    const cache = new Cache();
    const older = cache.nextSeq();
    const newer = cache.nextSeq();
    cache.transaction((tx) => tx.succeed('c', 'x', newer, { v: 'new' }));
    cache.transaction((tx) => tx.succeed('c', 'x', older, { v: 'old' }));
    cache.transaction((tx) => tx.fail('c', 'x', older, err()));
    expect(cache.get('c', 'x')).toMatchObject({ status: 'success', data: { v: 'new' }, error: undefined });
  });

  it('errors keep the last good data; not-found clears it', () => {
    const cache = new Cache();
    cache.transaction((tx) => tx.succeed('c', 'x', cache.nextSeq(), { v: 1 }));
    cache.transaction((tx) => tx.fail('c', 'x', cache.nextSeq(), err()));
    expect(cache.get('c', 'x')).toMatchObject({ status: 'error', data: { v: 1 } });
    expect(cache.get('c', 'x').error?.message).toBe('boom');
    cache.transaction((tx) => tx.succeed('c', 'x', cache.nextSeq(), { v: 1 }));
    expect(cache.get('c', 'x')).toMatchObject({ status: 'success', error: undefined });
    cache.transaction((tx) => tx.notFound('c', 'x', cache.nextSeq()));
    expect(cache.get('c', 'x')).toMatchObject({ status: 'not-found', data: undefined });
  });

  it('merges list summaries into entities without erasing fields only a full read has', () => {
    const cache = new Cache();
    cache.transaction((tx) =>
      tx.succeed('ch', 'a', cache.nextSeq(), { arn: 'a', name: 'one', playbackUrl: 'https://p' }),
    );
    cache.transaction((tx) => tx.succeed('ch', 'a', cache.nextSeq(), { arn: 'a', name: 'two' }, true));
    expect(cache.get('ch', 'a').data).toEqual({ arn: 'a', name: 'two', playbackUrl: 'https://p' });
  });

  it('one transaction is one emission, and entries are frozen', () => {
    const cache = new Cache();
    const seen: unknown[] = [];
    cache.select$('c', 'a').subscribe((e) => seen.push(e));
    cache.transaction((tx) => {
      tx.succeed('c', 'a', cache.nextSeq(), { n: 1 });
      tx.succeed('c', 'a', cache.nextSeq(), { n: 2 });
      tx.succeed('c', 'b', cache.nextSeq(), { n: 3 });
    });
    expect(seen).toHaveLength(2);
    const data = cache.get<{ n: number }>('c', 'a').data!;
    expect(Object.isFrozen(data)).toBe(true);
  });

  it('collects entries nobody watched for gcTime with one timer, and keeps watched ones', async () => {
    vi.useFakeTimers({ now: 0 });
    const cache = new Cache({ gcTime: 1000 });
    cache.transaction((tx) => {
      for (const id of ['a', 'b', 'c']) tx.succeed('c', id, cache.nextSeq(), { id });
    });
    cache.retain('c', 'a');
    cache.retain('c', 'b');
    cache.retain('c', 'b');
    cache.release('c', 'a');
    cache.release('c', 'b');
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(cache.has('c', 'a')).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(cache.has('c', 'a')).toBe(false);
    expect(cache.has('c', 'b')).toBe(true); // still watched once
    expect(cache.has('c', 'c')).toBe(true); // never watched: not the cache's to drop
    expect(vi.getTimerCount()).toBe(0);
    cache.release('c', 'b');
    cache.retain('c', 'b'); // watched again before gcTime: kept
    await vi.advanceTimersByTimeAsync(2000);
    expect(cache.has('c', 'b')).toBe(true);
    cache.release('c', 'b');
    cache.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('Cache in development builds', () => {
  it('deep-freezes cached data and entries, so a mutation throws instead of corrupting the cache', () => {
    expect(process.env.NODE_ENV).not.toBe('production');
    const cache = new Cache();
    cache.transaction((tx) => tx.succeed('channels', 'a', cache.nextSeq(), { name: 'lobby', tags: { k: 'v' } }));
    const entry = cache.get<{ name: string; tags: Record<string, string> }>('channels', 'a');
    expect(Object.isFrozen(entry)).toBe(true);
    expect(Object.isFrozen(entry.data)).toBe(true);
    expect(Object.isFrozen(entry.data!.tags)).toBe(true);
    expect(() => {
      (entry.data as { name: string }).name = 'changed';
    }).toThrow(TypeError);
  });
});

describe('Cache in browser bundles', () => {
  /** The cache as a bundler ships it to a browser: no `process` at run time. */
  async function frozenInBrowser(define: Record<string, string>): Promise<boolean> {
    const out = await build({
      entryPoints: ['src/core/cache.ts'],
      bundle: true,
      write: false,
      format: 'iife',
      globalName: 'lib',
      platform: 'browser',
      define,
      logLevel: 'silent',
    });
    const sandbox: Record<string, unknown> = {};
    runInNewContext(
      `${out.outputFiles[0]!.text}; globalThis.result = (() => { const c = new lib.Cache(); c.transaction((tx) => tx.succeed('c', 'a', c.nextSeq(), { n: 1 })); return Object.isFrozen(c.get('c', 'a').data); })();`,
      sandbox,
    );
    return sandbox.result as boolean;
  }

  it('a production bundle does not freeze (the bundler replaced process.env.NODE_ENV); one without the define does', async () => {
    expect(await frozenInBrowser({ 'process.env.NODE_ENV': '"production"' })).toBe(false);
    expect(await frozenInBrowser({ 'process.env.NODE_ENV': '"development"' })).toBe(true);
    expect(await frozenInBrowser({})).toBe(true);
  });
});
