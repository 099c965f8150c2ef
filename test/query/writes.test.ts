import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { recipeEngine } from '../../src/core/recipes.js';
import type { PipelineRequest } from '../../src/core/pipeline.js';
import { assign, Writes } from '../../src/query/writes.js';
import { deferred, record, sdkError, settle, testContext, type TestContext } from './context.js';

interface Thing {
  id: string;
  name?: string;
  size?: number;
}

/** Writes on `things`, with one fake watched list whose refreshes are counted. */
function writesOf(ctx: TestContext, group?: (operation: string) => string) {
  const list = { refresh: vi.fn(async () => undefined) };
  const writes = new Writes<Thing>(ctx, { service: 'test', entities: { collection: 'things' }, lists: [list], group });
  return { writes, list };
}

/** Puts `thing` in the cache as a read would. */
const seed = (ctx: TestContext, thing: Thing, collection = 'things') =>
  ctx.cache.transaction((tx) => tx.succeed(collection, thing.id, ctx.cache.nextSeq(), thing));

const dataOf = (ctx: TestContext, id: string, collection = 'things') => ctx.cache.get<Thing>(collection, id).data;

// immer loaded, as after an app's first recipe: changes then show in the very call (the
// first mutation, which waits for immer, is in set-data.test.ts).
beforeAll(async () => {
  await recipeEngine();
});

describe('Writes', () => {
  let ctx: TestContext;
  afterEach(() => ctx?.dispose());

  it('send() makes a user call in the quota group the target says, or the one given', async () => {
    ctx = testContext();
    const retriesFor = vi.spyOn(ctx, 'retriesFor');
    const { writes } = writesOf(ctx, (op) => `svc:${op}`);
    const send = vi.spyOn(ctx.pipeline, 'send');
    await expect(writes.send('DoThing', 'a', async () => 'done')).resolves.toBe('done');
    await writes.send('DoThing', undefined, async () => 'again', 'per-thing:a');
    const reqs = send.mock.calls.map((c) => c[0] as PipelineRequest<unknown>);
    expect(reqs.map((r) => [r.operation, r.group, r.priority, r.resourceId])).toEqual([
      ['DoThing', 'svc:DoThing', 'user', 'a'],
      ['DoThing', 'per-thing:a', 'user', undefined],
    ]);
    expect(ctx.groups).toEqual(['svc:DoThing', 'per-thing:a']);
    expect(retriesFor).toHaveBeenCalledWith('test');
    expect(ctx.metrics.snapshot.calls).toEqual({ DoThing: 2 });
  });

  it("send() without a group function counts against the operation's own quota", async () => {
    ctx = testContext();
    const { writes } = writesOf(ctx);
    await writes.send('DoThing', 'a', async () => undefined);
    expect(ctx.groups).toEqual(['DoThing']);
  });

  it('send() rejects with the failure classified', async () => {
    ctx = testContext();
    const { writes } = writesOf(ctx);
    await expect(
      writes.send('DoThing', 'a', async () => {
        throw sdkError('ConflictException', 'live');
      }),
    ).rejects.toMatchObject({ kind: 'conflict', operation: 'DoThing', resourceId: 'a' });
  });

  it('mutate() shows its changes at once and stores the answer on success, then re-reads the lists', async () => {
    ctx = testContext();
    const { writes, list } = writesOf(ctx);
    seed(ctx, { id: 'a', name: 'old', size: 1 });
    const s = record(ctx.cache.select$<Thing>('things', 'a'));
    const answer = deferred<{ thing: Thing }>();
    const done = writes.mutate({
      operation: 'UpdateThing',
      id: 'a',
      changes: [{ id: 'a', recipe: assign({ name: 'new' }) }],
      send: () => answer.promise,
      answer: (out) => out.thing,
    });
    expect(dataOf(ctx, 'a')).toEqual({ id: 'a', name: 'new', size: 1 });
    expect(list.refresh).not.toHaveBeenCalled();
    answer.resolve({ thing: { id: 'a', name: 'server', size: 2 } });
    await expect(done).resolves.toEqual({
      out: { thing: { id: 'a', name: 'server', size: 2 } },
      data: { id: 'a', name: 'server', size: 2 },
    });
    expect(dataOf(ctx, 'a')).toEqual({ id: 'a', name: 'server', size: 2 });
    expect(s.seen.map((e) => e.data?.name)).toEqual(['old', 'new', 'server']);
    expect(list.refresh).toHaveBeenCalledTimes(1);
    s.stop();
  });

  it('mutate() takes its changes off on failure, rejects with the error and re-reads nothing', async () => {
    ctx = testContext();
    const { writes, list } = writesOf(ctx);
    seed(ctx, { id: 'a', name: 'old' });
    seed(ctx, { id: 'k' }, 'other');
    const answer = deferred<unknown>();
    const done = writes.mutate({
      operation: 'UpdateThing',
      id: 'a',
      changes: [
        { id: 'a', recipe: assign({ name: 'new' }) },
        { collection: 'other', id: 'k', recipe: assign({ name: 'mirrored' }) },
      ],
      send: () => answer.promise,
    });
    expect(dataOf(ctx, 'a')?.name).toBe('new');
    expect(dataOf(ctx, 'k', 'other')?.name).toBe('mirrored');
    answer.reject(sdkError('ValidationException', 'name too long'));
    await expect(done).rejects.toMatchObject({ kind: 'validation', operation: 'UpdateThing', resourceId: 'a' });
    expect(dataOf(ctx, 'a')).toEqual({ id: 'a', name: 'old' });
    expect(dataOf(ctx, 'k', 'other')).toEqual({ id: 'k' });
    expect(list.refresh).not.toHaveBeenCalled();
  });

  it('mutate() leaves entries not in the cache alone', async () => {
    ctx = testContext();
    const { writes } = writesOf(ctx);
    await writes.mutate({
      operation: 'UpdateThing',
      id: 'a',
      changes: [{ id: 'a', recipe: assign({ name: 'new' }) }],
      send: async () => ({}),
    });
    expect(ctx.cache.has('things', 'a')).toBe(false);
  });

  it('mutate() without changes stores the answer of a call about a resource, and none without an id', async () => {
    ctx = testContext();
    const { writes, list } = writesOf(ctx);
    const made = await writes.mutate({
      operation: 'CreateThing',
      id: 'n',
      send: async () => ({ id: 'n', name: 'made' }),
      answer: (out) => out,
    });
    expect(made.data).toEqual({ id: 'n', name: 'made' });
    expect(ctx.cache.get('things', 'n')).toMatchObject({ status: 'success', data: { id: 'n', name: 'made' } });
    const anonymous = await writes.mutate({
      operation: 'CreateThing',
      send: async () => ({ id: 'm' }),
      answer: (out) => out,
    });
    expect(anonymous.data).toBeUndefined();
    expect(ctx.cache.has('things', 'm')).toBe(false);
    expect(list.refresh).toHaveBeenCalledTimes(2);
  });

  it('stored() caches the resource and re-reads the lists', () => {
    ctx = testContext();
    const { writes, list } = writesOf(ctx);
    writes.stored('a', { id: 'a', name: 'imported' });
    expect(ctx.cache.get('things', 'a')).toMatchObject({ status: 'success', data: { id: 'a', name: 'imported' } });
    writes.stored('b', undefined);
    expect(ctx.cache.has('things', 'b')).toBe(false);
    expect(list.refresh).toHaveBeenCalledTimes(2);
  });

  it('deleted() makes the entry not-found and re-reads the lists', () => {
    ctx = testContext();
    const { writes, list } = writesOf(ctx);
    seed(ctx, { id: 'a', name: 'doomed' });
    writes.deleted('a');
    expect(ctx.cache.get('things', 'a')).toMatchObject({ status: 'not-found', data: undefined });
    expect(list.refresh).toHaveBeenCalledTimes(1);
  });

  it('without entities, writes no entry but still re-reads the lists, whose failures stay on the lists', async () => {
    ctx = testContext();
    const list = { refresh: vi.fn(() => Promise.reject(new Error('list down'))) };
    const writes = new Writes<Thing>(ctx, { service: 'test', lists: [list] });
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    writes.stored('a', { id: 'a' });
    writes.deleted('a');
    await settle();
    process.off('unhandledRejection', unhandled);
    expect(ctx.cache.has('things', 'a')).toBe(false);
    expect(list.refresh).toHaveBeenCalledTimes(2);
    expect(unhandled).not.toHaveBeenCalled();
  });
});

describe('assign', () => {
  it('sets the defined fields over the entity, ignoring undefined ones', () => {
    const change = assign({ name: 'n', size: undefined });
    expect(change({ id: 'a', name: 'old', size: 3 })).toEqual({ id: 'a', name: 'n', size: 3 });
  });

  it('leaves an entity that is not there undefined', () => {
    expect(assign({ name: 'n' })(undefined)).toBeUndefined();
  });

  it('does not edit the entity it is given', () => {
    const before = Object.freeze({ id: 'a', name: 'old' });
    expect(assign({ name: 'n' })(before)).not.toBe(before);
    expect(before.name).toBe('old');
  });

  it('keeps a field named __proto__ as an own key, not a prototype', () => {
    const fields = JSON.parse('{"__proto__":{"polluted":true},"name":"n"}') as object;
    const out = assign(fields)({ id: 'a' }) as Record<string, unknown>;
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: true });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out.polluted).toBeUndefined();
    expect(out.name).toBe('n');
  });
});
