import { describe, expect, it } from 'vitest';
import { Cache } from '../../src/core/cache.js';
import type { Entry } from '../../src/core/entry.js';
import { optimistic as withEngine, type EntryRecipe } from '../../src/core/optimistic.js';
import { recipeEngine } from '../../src/core/recipes.js';

// immer, loaded as the first recipe of an app loads it.
const engine = await recipeEngine();
const optimistic = (cache: Cache, changes: EntryRecipe[]) => withEngine(cache, engine, changes);

const rename = (name: string) => (d: unknown) => (d === undefined ? d : { ...(d as object), name });
const names = (cache: Cache, id = 'a') => {
  const seen: Array<string | undefined> = [];
  cache.select$<{ name?: string }>('c', id).subscribe((e: Entry<{ name?: string }>) => seen.push(e.data?.name));
  return seen;
};

describe('optimistic: one rule for every optimistic mutation', () => {
  it('a read landing while the call is in flight updates what lies under the change, never the change', () => {
    const cache = new Cache();
    cache.transaction((tx) => tx.succeed('c', 'a', cache.nextSeq(), { name: 'orig', viewers: 1 }));
    const seen = names(cache);
    const readSent = cache.nextSeq();
    const m = optimistic(cache, [{ collection: 'c', id: 'a', recipe: rename('mine') }]);
    cache.transaction((tx) => tx.succeed('c', 'a', readSent, { name: 'orig', viewers: 2 }));
    expect(cache.get('c', 'a').data).toEqual({ name: 'mine', viewers: 2 });
    m.confirm((tx, seq) => tx.succeed('c', 'a', seq, { name: 'mine', viewers: 2 }));
    expect(seen).toEqual(['orig', 'mine', 'mine']);
  });

  it('after success, reads sent before it cannot bring the old value back; a read sent after can', () => {
    const cache = new Cache();
    cache.transaction((tx) => tx.succeed('c', 'a', cache.nextSeq(), { name: 'orig' }));
    const early = cache.nextSeq();
    const m = optimistic(cache, [{ collection: 'c', id: 'a', recipe: rename('mine') }]);
    m.confirm((tx, seq) => tx.succeed('c', 'a', seq, { name: 'mine' }));
    cache.transaction((tx) => tx.succeed('c', 'a', early, { name: 'orig' }));
    expect(cache.get<{ name: string }>('c', 'a').data?.name).toBe('mine');
    cache.transaction((tx) => tx.succeed('c', 'a', cache.nextSeq(), { name: 'theirs' }));
    expect(cache.get<{ name: string }>('c', 'a').data?.name).toBe('theirs');
  });

  it('a confirmed change without an answer stays over older reads and comes off with the first newer one', () => {
    const cache = new Cache();
    cache.transaction((tx) => tx.succeed('c', 'a', cache.nextSeq(), { name: 'orig' }));
    const early = cache.nextSeq();
    const m = optimistic(cache, [{ collection: 'c', id: 'a', recipe: rename('mine') }]);
    m.confirm();
    cache.transaction((tx) => tx.succeed('c', 'a', early, { name: 'orig' }));
    expect(cache.get<{ name: string }>('c', 'a').data?.name).toBe('mine');
    cache.transaction((tx) => tx.succeed('c', 'a', cache.nextSeq(), { name: 'server says' }));
    expect(cache.get<{ name: string }>('c', 'a').data?.name).toBe('server says');
  });

  it('undo shows what reads brought during the call, not the value from before it', () => {
    const cache = new Cache();
    cache.transaction((tx) => tx.succeed('c', 'a', cache.nextSeq(), { name: 'orig' }));
    const seen = names(cache);
    const m = optimistic(cache, [{ collection: 'c', id: 'a', recipe: rename('mine') }]);
    cache.transaction((tx) => tx.succeed('c', 'a', cache.nextSeq(), { name: 'theirs' }));
    m.undo();
    m.confirm(); // settled already: nothing happens
    expect(seen).toEqual(['orig', 'mine', 'theirs']);
  });

  it('two changes in flight stack in order; each settles on its own', () => {
    const cache = new Cache();
    cache.transaction((tx) => tx.succeed('c', 'a', cache.nextSeq(), { name: 'orig', mode: 'LOW' }));
    const a = optimistic(cache, [{ collection: 'c', id: 'a', recipe: rename('renamed') }]);
    const b = optimistic(cache, [
      { collection: 'c', id: 'a', recipe: (d: unknown) => ({ ...(d as object), mode: 'NORMAL' }) },
    ]);
    // b answers first, with the server's state from before a.
    b.confirm((tx, seq) => tx.succeed('c', 'a', seq, { name: 'orig', mode: 'NORMAL' }));
    expect(cache.get('c', 'a').data).toEqual({ name: 'renamed', mode: 'NORMAL' });
    a.confirm((tx, seq) => tx.succeed('c', 'a', seq, { name: 'renamed', mode: 'NORMAL' }));
    expect(cache.get('c', 'a').data).toEqual({ name: 'renamed', mode: 'NORMAL' });
  });

  it('an unchanged result keeps identity; a not-found read hides the change; the entry is frozen', () => {
    const cache = new Cache();
    cache.transaction((tx) => tx.succeed('c', 'a', cache.nextSeq(), { name: 'orig', nested: { x: 1 } }));
    const nested = cache.get<{ nested: object }>('c', 'a').data?.nested;
    const m = optimistic(cache, [{ collection: 'c', id: 'a', recipe: rename('mine') }]);
    const shown = cache.get<{ nested: object }>('c', 'a').data;
    expect(shown?.nested).toBe(nested);
    expect(Object.isFrozen(shown)).toBe(true);
    m.confirm((tx, seq) => tx.succeed('c', 'a', seq, { name: 'mine', nested: { x: 1 } }));
    expect(cache.get('c', 'a').data).toBe(shown);
    const n = optimistic(cache, [{ collection: 'c', id: 'a', recipe: rename('later') }]);
    cache.transaction((tx) => tx.notFound('c', 'a', cache.nextSeq()));
    expect(cache.get('c', 'a')).toMatchObject({ status: 'not-found', data: undefined });
    n.undo();
  });

  it('an entry not in the cache is left alone: nothing to show, nothing left behind', () => {
    const cache = new Cache();
    const m = optimistic(cache, [{ collection: 'c', id: 'ghost', recipe: rename('x') }]);
    expect(cache.has('c', 'ghost')).toBe(false);
    m.confirm();
    expect(cache.has('c', 'ghost')).toBe(false);
  });
});
