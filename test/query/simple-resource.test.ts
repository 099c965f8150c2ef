import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { recipeEngine } from '../../src/core/recipes.js';
import { invalidInput } from '../../src/core/errors.js';
import type { Page } from '../../src/query/list-query.js';
import { configurationReads, simpleResource, type SimpleResourceSpec } from '../../src/query/simple-resource.js';
import { deferred, record, settle, testContext, type TestContext } from './context.js';

interface Thing {
  arn: string;
  name?: string;
  detail?: string;
}

interface Summary {
  arn: string;
  name?: string;
}

const arn = (id: string) => `arn:thing/${id}`;

/** A resource `things` whose get answers `{ arn, name: 'got', detail }` and whose list is `items` in pages of two. */
function things(ctx: TestContext, options: { items?: Summary[] } = {}) {
  const items = options.items ?? [{ arn: arn('a'), name: 'listed-a' }];
  const get = vi.fn(async (id: string) => ({ arn: id, name: 'got', detail: 'full' }));
  const list = vi.fn(
    async (
      nextToken: string | undefined,
      _signal: AbortSignal,
      filter: { name?: string } | undefined,
    ): Promise<Page<Summary>> => {
      const start = Number(nextToken ?? 0);
      const matching = items.filter((i) => filter?.name === undefined || i.name === filter.name);
      return {
        items: matching.slice(start, start + 2),
        nextToken: start + 2 < matching.length ? String(start + 2) : undefined,
      };
    },
  );
  const spec: SimpleResourceSpec<Thing, Summary, { name?: string }> = {
    collection: 'things',
    service: 'test',
    checkId: (operation, id) =>
      typeof id === 'string' && id.startsWith('arn:thing/')
        ? undefined
        : invalidInput(operation, 'arn', 'must be a thing ARN'),
    get: { operation: 'GetThing', send: get },
    list: {
      operation: 'ListThings',
      send: list,
      idOf: (s) => s.arn,
      checkFilter: (f) => (f?.name === '' ? invalidInput('ListThings', 'name', 'must not be empty') : undefined),
    },
  };
  return { resource: simpleResource(ctx, spec), get, list };
}

/** Thing `a` read and watched, and an update of `fields` sent, its answer held in `answer`. */
async function pendingUpdate(ctx: TestContext, fields: object) {
  const { resource } = things(ctx);
  const s = record(resource.get$(arn('a')));
  await settle();
  const answer = deferred<{ thing: Thing }>();
  const done = resource.update(
    'UpdateThing',
    arn('a'),
    fields,
    () => answer.promise,
    (out) => out.thing,
  );
  return { resource, s, answer, done };
}

// immer loaded, as after an app's first recipe: changes then show in the very call (the
// first mutation, which waits for immer, is in set-data.test.ts).
beforeAll(async () => {
  await recipeEngine();
});

describe('simpleResource', () => {
  let ctx: TestContext;
  afterEach(() => ctx?.dispose());

  it('get$ reads each id with its own get call, ids of one tick together', async () => {
    ctx = testContext();
    const { resource, get } = things(ctx);
    const a = record(resource.get$(arn('a')));
    const b = record(resource.get$(arn('b')));
    await settle();
    expect(get.mock.calls.map((c) => c[0]).sort()).toEqual([arn('a'), arn('b')]);
    expect(ctx.metrics.snapshot).toMatchObject({ batches: 1, keysSent: 2, calls: { GetThing: 2 } });
    expect(a.last()).toMatchObject({ status: 'success', data: { arn: arn('a'), name: 'got' } });
    expect(b.last()).toMatchObject({ status: 'success', data: { arn: arn('b'), name: 'got' } });
    a.stop();
    b.stop();
  });

  it('get$ refuses an id its check refuses, naming the get operation, and sends nothing', async () => {
    ctx = testContext();
    const { resource, get } = things(ctx);
    const s = record(resource.get$('nope'));
    await settle();
    expect(s.seen).toHaveLength(1);
    expect(s.last().error).toMatchObject({ kind: 'validation', operation: 'GetThing', field: 'arn' });
    expect(get).not.toHaveBeenCalled();
  });

  it('list$ reads every page with its filter, and merges the items into the entities', async () => {
    ctx = testContext();
    const items = [
      { arn: arn('a'), name: 'x' },
      { arn: arn('b'), name: 'x' },
      { arn: arn('c'), name: 'x' },
      { arn: arn('d'), name: 'y' },
    ];
    const { resource, list, get } = things(ctx, { items });
    const s = record(resource.list$({ name: 'x' }));
    await settle();
    expect(list.mock.calls.map((c) => [c[0], c[2]])).toEqual([
      [undefined, { name: 'x' }],
      ['2', { name: 'x' }],
    ]);
    expect(s.last().data).toEqual(items.slice(0, 3));
    expect(ctx.cache.get('things', arn('b')).data).toEqual({ arn: arn('b'), name: 'x' });
    // A listed entity is fresh: get$ shows it without a read.
    const b = record(resource.get$(arn('b')));
    await settle();
    expect(b.last()).toMatchObject({ status: 'success', data: { arn: arn('b'), name: 'x' } });
    expect(get).not.toHaveBeenCalled();
    s.stop();
    b.stop();
  });

  it('list$ refuses a filter its check refuses', async () => {
    ctx = testContext();
    const { resource, list } = things(ctx);
    const s = record(resource.list$({ name: '' }));
    await settle();
    expect(s.last().error).toMatchObject({ kind: 'validation', field: 'name' });
    expect(list).not.toHaveBeenCalled();
  });

  it('send() checks the id first: a refused id rejects before any call', async () => {
    ctx = testContext();
    const { resource } = things(ctx);
    const call = vi.fn(async () => 'ok');
    await expect(resource.send('DeleteThing', 'nope', call)).rejects.toMatchObject({
      kind: 'validation',
      operation: 'DeleteThing',
      field: 'arn',
    });
    expect(call).not.toHaveBeenCalled();
    expect(ctx.metrics.snapshot.calls).toEqual({});
    await expect(resource.send('DeleteThing', arn('a'), call)).resolves.toBe('ok');
    // No id: nothing to check.
    await expect(resource.send('CreateThing', undefined, call)).resolves.toBe('ok');
    expect(call).toHaveBeenCalledTimes(2);
  });

  it('send() with changes shows them at once and re-reads the watched lists after', async () => {
    ctx = testContext();
    const { resource, list } = things(ctx);
    const s = record(resource.list$());
    await settle();
    expect(list).toHaveBeenCalledTimes(1);
    const answer = deferred<string>();
    const done = resource.send('RenameThing', arn('a'), () => answer.promise, [
      { id: arn('a'), recipe: (d) => ({ ...(d as object), name: 'renamed' }) },
    ]);
    expect(s.last().data).toEqual([{ arn: arn('a'), name: 'renamed' }]);
    answer.resolve('sent');
    await expect(done).resolves.toBe('sent');
    await settle();
    expect(list).toHaveBeenCalledTimes(2);
    s.stop();
  });

  it('update() shows the fields at once and resolves with the resource as the call returned it', async () => {
    ctx = testContext();
    const { s, answer, done } = await pendingUpdate(ctx, { name: 'mine', detail: undefined });
    expect(s.last().data).toEqual({ arn: arn('a'), name: 'mine', detail: 'full' });
    answer.resolve({ thing: { arn: arn('a'), name: 'theirs' } });
    await expect(done).resolves.toEqual({ arn: arn('a'), name: 'theirs' });
    expect(s.last().data).toEqual({ arn: arn('a'), name: 'theirs' });
    s.stop();
  });

  it('update() takes the fields off when the call fails, and rejects a bad id before any call', async () => {
    ctx = testContext();
    const { resource, s, answer, done } = await pendingUpdate(ctx, { name: 'mine' });
    expect(s.last().data?.name).toBe('mine');
    answer.reject(Object.assign(new Error('no'), { name: 'ConflictException' }));
    await expect(done).rejects.toMatchObject({ kind: 'conflict' });
    expect(s.last().data?.name).toBe('got');
    const call = vi.fn(async () => ({ thing: { arn: 'x' } }));
    await expect(resource.update('UpdateThing', 42, { name: 'x' }, call, (out) => out.thing)).rejects.toMatchObject({
      kind: 'validation',
      field: 'arn',
    });
    expect(call).not.toHaveBeenCalled();
    s.stop();
  });

  it('update() rejects when the answer lacks the resource', async () => {
    ctx = testContext();
    const { resource } = things(ctx);
    await expect(
      resource.update(
        'UpdateThing',
        arn('a'),
        { name: 'x' },
        async () => ({}),
        () => undefined,
      ),
    ).rejects.toMatchObject({ kind: 'unknown', operation: 'UpdateThing' });
  });

  it('stored() caches the resource and deleted() makes it not-found, each re-reading the watched lists', async () => {
    ctx = testContext();
    const { resource, list } = things(ctx);
    const s = record(resource.list$());
    await settle();
    resource.stored(arn('n'), { arn: arn('n'), name: 'new' });
    expect(ctx.cache.get('things', arn('n'))).toMatchObject({
      status: 'success',
      data: { arn: arn('n'), name: 'new' },
    });
    await settle();
    expect(list).toHaveBeenCalledTimes(2);
    resource.deleted(arn('a'));
    expect(ctx.cache.get('things', arn('a')).status).toBe('not-found');
    // The deleted item leaves the merged list at once.
    expect(s.last().data).toEqual([]);
    await settle();
    expect(list).toHaveBeenCalledTimes(3);
    s.stop();
  });

  it('refresh() re-reads the watched entities and lists', async () => {
    ctx = testContext();
    const { resource, get, list } = things(ctx);
    const g = record(resource.get$(arn('a')));
    const l = record(resource.list$());
    await settle();
    await resource.refresh();
    expect(get).toHaveBeenCalledTimes(2);
    expect(list).toHaveBeenCalledTimes(2);
    g.stop();
    l.stop();
  });

  it('configurationReads lists without a filter, options passed on', async () => {
    ctx = testContext();
    const { resource, list } = things(ctx);
    const reads = configurationReads(resource);
    const s = record(reads.list$({ refetchInterval: 1000 }));
    await settle();
    expect(list.mock.calls[0]?.[2]).toBeUndefined();
    expect(s.last().data).toEqual([{ arn: arn('a'), name: 'listed-a' }]);
    const bad = record(reads.list$({ refetchInterval: 0 }));
    expect(bad.last().error).toMatchObject({ kind: 'validation', field: 'refetchInterval' });
    s.stop();
  });
});
