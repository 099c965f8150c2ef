import { describe, expect, it } from 'vitest';
import { Cache } from '../../src/core/cache.js';
import { optimistic } from '../../src/core/optimistic.js';
import { type Recipe, recipeEngine } from '../../src/core/recipes.js';
import { Secret } from '../../src/core/secret.js';

const engine = await recipeEngine();

interface Thing {
  name: string;
  viewers: number;
  tags: string[];
  key?: Secret;
}
const seed = (cache: Cache, data: Thing) => cache.transaction((tx) => tx.succeed('c', 'a', cache.nextSeq(), data));
const edit = (cache: Cache, recipe: Recipe<Thing>) =>
  optimistic(cache, engine, [{ collection: 'c', id: 'a', recipe: recipe as Recipe<unknown> }]);
const shown = (cache: Cache) => cache.get<Thing>('c', 'a').data;

describe('recipes: one mechanism for every optimistic change', () => {
  it('a recipe that mutates its draft shows at once, with the patches of its first run', () => {
    const cache = new Cache();
    seed(cache, { name: 'orig', viewers: 1, tags: [] });
    const before = shown(cache);
    const e = edit(cache, (d) => {
      d.name = 'mine';
    });
    expect(shown(cache)).toEqual({ name: 'mine', viewers: 1, tags: [] });
    expect(shown(cache)?.tags).toBe(before?.tags); // structural sharing: the untouched array is the same
    expect(e.runs[0]).toEqual({
      patches: [{ op: 'replace', path: ['name'], value: 'mine' }],
      inversePatches: [{ op: 'replace', path: ['name'], value: 'orig' }],
    });
  });

  it('a recipe may return new data instead', () => {
    const cache = new Cache();
    seed(cache, { name: 'orig', viewers: 1, tags: [] });
    edit(cache, (d) => ({ ...d, viewers: 9 }));
    expect(shown(cache)).toEqual({ name: 'orig', viewers: 9, tags: [] });
  });

  it('runs again over newer data while held: a list push stays on top of what reads bring', () => {
    const cache = new Cache();
    seed(cache, { name: 'orig', viewers: 1, tags: ['a'] });
    const e = edit(cache, (d) => {
      d.tags.push('mine');
    });
    cache.transaction((tx) => tx.succeed('c', 'a', cache.nextSeq(), { name: 'orig', viewers: 2, tags: ['a', 'b'] }));
    expect(shown(cache)).toEqual({ name: 'orig', viewers: 2, tags: ['a', 'b', 'mine'] });
    e.undo();
    expect(shown(cache)).toEqual({ name: 'orig', viewers: 2, tags: ['a', 'b'] });
  });

  it('undo after a newer read shows that read, not the data from before the recipe (what inverse patches would restore)', () => {
    const cache = new Cache();
    seed(cache, { name: 'orig', viewers: 1, tags: [] });
    const e = edit(cache, (d) => {
      d.name = 'mine';
    });
    cache.transaction((tx) => tx.succeed('c', 'a', cache.nextSeq(), { name: 'theirs', viewers: 1, tags: [] }));
    expect(shown(cache)?.name).toBe('mine');
    e.undo();
    expect(shown(cache)?.name).toBe('theirs');
    e.undo(); // twice: nothing more
    expect(shown(cache)?.name).toBe('theirs');
  });

  it('undoing the lower of two changes keeps the upper one', () => {
    const cache = new Cache();
    seed(cache, { name: 'orig', viewers: 1, tags: [] });
    const lower = edit(cache, (d) => {
      d.name = 'lower';
      d.viewers = 5;
    });
    edit(cache, (d) => {
      d.name = 'upper';
    });
    lower.undo();
    expect(shown(cache)).toEqual({ name: 'upper', viewers: 1, tags: [] });
  });

  it('a recipe that throws on newer data leaves that data as it is (the read still lands)', () => {
    const cache = new Cache();
    seed(cache, { name: 'orig', viewers: 1, tags: ['a'] });
    edit(cache, (d) => {
      if (d.tags.length > 1) throw new Error('cannot');
      d.name = 'mine';
    });
    cache.transaction((tx) => tx.succeed('c', 'a', cache.nextSeq(), { name: 'orig', viewers: 3, tags: ['a', 'b'] }));
    expect(shown(cache)).toEqual({ name: 'orig', viewers: 3, tags: ['a', 'b'] });
  });

  it('a first run that throws is reported, and shows nothing', () => {
    const cache = new Cache();
    seed(cache, { name: 'orig', viewers: 1, tags: [] });
    const boom = new Error('boom');
    const e = edit(cache, () => {
      throw boom;
    });
    expect(e.runs[0]).toEqual({ error: boom });
    expect(shown(cache)?.name).toBe('orig');
  });

  it('Secrets pass through drafts as the very same Secret, and patches serialize them redacted', () => {
    const cache = new Cache();
    const key = new Secret('sk_live_123');
    seed(cache, { name: 'orig', viewers: 1, tags: [], key });
    const e = edit(cache, (d) => {
      d.name = 'mine';
    });
    expect(shown(cache)?.key).toBe(key);
    expect(shown(cache)?.key?.reveal()).toBe('sk_live_123');
    const replaced = edit(cache, (d) => {
      d.key = new Secret('sk_live_456');
    });
    const run = replaced.runs[0];
    expect(JSON.stringify(run)).not.toContain('sk_live');
    expect(JSON.stringify(shown(cache))).not.toContain('sk_live');
    expect(shown(cache)?.key).toBeInstanceOf(Secret);
    replaced.undo();
    e.undo();
    expect(shown(cache)?.key).toBe(key);
  });

  it('shown data stays deep-frozen in development (immer is ours, its auto-freeze off)', () => {
    const cache = new Cache();
    seed(cache, { name: 'orig', viewers: 1, tags: [] });
    edit(cache, (d) => {
      d.tags.push('x');
    });
    expect(Object.isFrozen(shown(cache))).toBe(true);
    expect(Object.isFrozen(shown(cache)?.tags)).toBe(true);
  });

  it('an undo after the entry was collected makes no entry again', () => {
    const cache = new Cache({ gcTime: 0 });
    seed(cache, { name: 'orig', viewers: 1, tags: [] });
    const e = edit(cache, (d) => {
      d.name = 'mine';
    });
    cache.transaction((tx) => tx.remove('c', 'a'));
    e.undo();
    expect(cache.has('c', 'a')).toBe(false);
  });
});
