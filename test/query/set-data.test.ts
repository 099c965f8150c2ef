import { afterEach, describe, expect, it, vi } from 'vitest';
import { invalidInput, isIvsStoreError } from '../../src/core/errors.js';
import { loadedRecipeEngine } from '../../src/core/recipes.js';
import { simpleResource, type SimpleResourceSpec } from '../../src/query/simple-resource.js';
import { deferred, record, settle, testContext, type TestContext } from './context.js';

interface Thing {
  arn: string;
  name?: string;
  tags?: Record<string, string>;
}

const arn = (id: string) => `arn:thing/${id}`;

function things(ctx: TestContext) {
  const get = vi.fn(async (id: string): Promise<Thing> => ({ arn: id, name: 'got', tags: { env: 'prod' } }));
  const spec: SimpleResourceSpec<Thing, Thing> = {
    collection: 'things',
    service: 'test',
    checkId: (operation, id) =>
      typeof id === 'string' && id.startsWith('arn:thing/')
        ? undefined
        : invalidInput(operation, 'arn', 'must be a thing ARN'),
    get: { operation: 'GetThing', send: get },
    list: { operation: 'ListThings', send: async () => ({ items: [], nextToken: undefined }), idOf: (s) => s.arn },
  };
  return { resource: simpleResource(ctx, spec), get };
}

let ctx: TestContext;
afterEach(() => ctx?.dispose());

describe('the first recipe loads immer', () => {
  // First in this file: nothing has loaded immer in this module graph yet.
  it('a first mutation waits for immer, then shows its change before the call is sent', async () => {
    expect(loadedRecipeEngine()).toBeUndefined();
    ctx = testContext();
    const { resource } = things(ctx);
    const s = record(resource.get$(arn('a')));
    await settle();
    const answer = deferred<Thing>();
    const shownWhenSent: Array<string | undefined> = [];
    const done = resource.update(
      'UpdateThing',
      arn('a'),
      { name: 'renamed' },
      () => {
        shownWhenSent.push(s.last().data?.name);
        return answer.promise;
      },
      (out) => out,
    );
    expect(s.last().data?.name).toBe('got'); // immer is loading: nothing shown, nothing sent
    await vi.waitFor(() => expect(shownWhenSent).toEqual(['renamed']));
    expect(loadedRecipeEngine()).toBeDefined();
    answer.resolve({ arn: arn('a'), name: 'renamed' });
    await done;
    // Once immer is there, a change shows in the very call.
    const next = deferred<Thing>();
    const again = resource.update(
      'UpdateThing',
      arn('a'),
      { name: 'again' },
      () => next.promise,
      (out) => out,
    );
    expect(s.last().data?.name).toBe('again');
    next.resolve({ arn: arn('a'), name: 'again' });
    await again;
    s.stop();
  });
});

describe('setData', () => {
  it('checks its arguments before anything: a bad id or a recipe that is not a function', async () => {
    ctx = testContext();
    const { resource, get } = things(ctx);
    const bad = await resource.setData('nope', () => undefined).catch((e: unknown) => e);
    expect(isIvsStoreError(bad) && bad.kind === 'validation' && bad.field).toBe('arn');
    expect(String(bad)).toMatch(/setData/);
    const notFn = await resource.setData(arn('a'), 'x' as never).catch((e: unknown) => e);
    expect(isIvsStoreError(notFn) && notFn.kind === 'validation' && notFn.field).toBe('recipe');
    expect(get).not.toHaveBeenCalled();
    expect(ctx.cache.has('things', arn('a'))).toBe(false);
  });

  it('shows at once over the cached entry, holds through reads, and undo restores what the reads brought', async () => {
    ctx = testContext();
    const { resource, get } = things(ctx);
    const s = record(resource.get$(arn('a')));
    await settle();
    const edit = await resource.setData(arn('a'), (d) => {
      d.name = 'mine';
      if (d.tags) d.tags.team = 'video';
    });
    expect(edit.applied).toBe(true);
    // immer's order of patches is its own: compared as sets.
    expect(edit.patches).toHaveLength(2);
    expect(edit.patches).toEqual(
      expect.arrayContaining([
        { op: 'replace', path: ['name'], value: 'mine' },
        { op: 'add', path: ['tags', 'team'], value: 'video' },
      ]),
    );
    expect(edit.inversePatches).toHaveLength(2);
    expect(edit.inversePatches).toEqual(
      expect.arrayContaining([
        { op: 'replace', path: ['name'], value: 'got' },
        { op: 'remove', path: ['tags', 'team'] },
      ]),
    );
    expect(s.last().data).toEqual({ arn: arn('a'), name: 'mine', tags: { env: 'prod', team: 'video' } });
    get.mockResolvedValueOnce({ arn: arn('a'), name: 'theirs', tags: { env: 'dev' } });
    await resource.refresh();
    expect(s.last().data).toEqual({ arn: arn('a'), name: 'mine', tags: { env: 'dev', team: 'video' } });
    edit.undo();
    expect(s.last().data).toEqual({ arn: arn('a'), name: 'theirs', tags: { env: 'dev' } });
    edit.confirm(); // settled: nothing
    expect(s.last().data?.name).toBe('theirs');
    s.stop();
  });

  it('confirm(): reads sent afterwards show what the server says', async () => {
    ctx = testContext();
    const { resource, get } = things(ctx);
    const s = record(resource.get$(arn('a')));
    await settle();
    const edit = await resource.setData(arn('a'), (d) => ({ ...d, name: 'mine' }));
    edit.confirm();
    expect(s.last().data?.name).toBe('mine');
    get.mockResolvedValueOnce({ arn: arn('a'), name: 'server' });
    await resource.refresh();
    expect(s.last().data?.name).toBe('server');
    s.stop();
  });

  it('an id with no data cached is left alone: applied false, the recipe never runs, no entry made', async () => {
    ctx = testContext();
    const { resource } = things(ctx);
    const recipe = vi.fn();
    const edit = await resource.setData(arn('ghost'), recipe);
    expect(edit).toMatchObject({ applied: false, patches: [], inversePatches: [] });
    expect(recipe).not.toHaveBeenCalled();
    expect(ctx.cache.has('things', arn('ghost'))).toBe(false);
    edit.undo();
    edit.confirm();
    expect(ctx.cache.has('things', arn('ghost'))).toBe(false);
  });

  it('a recipe that throws rejects with what it threw, and nothing is held', async () => {
    ctx = testContext();
    const { resource } = things(ctx);
    const s = record(resource.get$(arn('a')));
    await settle();
    const boom = new Error('boom');
    await expect(
      resource.setData(arn('a'), () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(s.last().data?.name).toBe('got');
    s.stop();
  });

  it('rejects with `disposed` on a disposed store', async () => {
    ctx = testContext();
    const { resource } = things(ctx);
    ctx.dispose();
    const err = await resource.setData(arn('a'), () => undefined).catch((e: unknown) => e);
    expect(isIvsStoreError(err) && err.kind).toBe('disposed');
  });
});
