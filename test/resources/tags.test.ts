import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { recipeEngine } from '../../src/core/recipes.js';
import type { PipelineRequest } from '../../src/core/pipeline.js';
import { createTagsApi } from '../../src/resources/tags.js';
import { deferred, record, sdkError, settle, testContext, type TestContext } from '../query/context.js';

const CHANNEL = 'arn:aws:ivs:us-west-2:123456789012:channel/abcdEFGH1234';
const STAGE = 'arn:aws:ivs:us-west-2:123456789012:stage/abcdEFGH1234';
const COMPOSITION = 'arn:aws:ivs:us-west-2:123456789012:composition/abcdEFGH1234';

type Tags = Record<string, string>;

/** Tags of channels and stages over a fake service: `stored` is what ListTagsForResource answers; tag and untag wait for `gate` when set. */
function tagsOf(ctx: TestContext) {
  const stored = new Map<string, Tags | undefined>([
    [CHANNEL, { env: 'prod', team: 'a' }],
    [STAGE, undefined],
  ]);
  const state: { gate: Promise<unknown> | undefined } = { gate: undefined };
  const spec = {
    list: vi.fn(async (arn: string) => stored.get(arn)),
    tag: vi.fn(async (arn: string, tags: Tags) => {
      await state.gate;
      stored.set(arn, { ...stored.get(arn), ...tags });
      return {};
    }),
    untag: vi.fn(async (arn: string, keys: string[]) => {
      await state.gate;
      stored.set(arn, Object.fromEntries(Object.entries(stored.get(arn) ?? {}).filter(([k]) => !keys.includes(k))));
      return {};
    }),
  };
  const api = createTagsApi(ctx, {
    service: 'ivs',
    collection: 'ivs:tags',
    groupPrefix: 'svc:',
    collectionOf: { channel: 'channels', stage: 'stages' },
    ...spec,
  });
  return { api, spec, state };
}

/** Puts the tagged channel in its own collection, as a channel read would. */
const seedChannel = (ctx: TestContext, tags: Tags) =>
  ctx.cache.transaction((tx) =>
    tx.succeed('channels', CHANNEL, ctx.cache.nextSeq(), { arn: CHANNEL, name: 'lobby', tags }),
  );
const channelTags = (ctx: TestContext) =>
  (ctx.cache.get('channels', CHANNEL).data as { tags?: Tags } | undefined)?.tags;

/**
 * The channel cached with `tags`, its tags entry watched and read, and the service's answer
 * to the next tag or untag held until `gate` is settled.
 */
async function held(ctx: TestContext, tags: Tags) {
  const t = tagsOf(ctx);
  seedChannel(ctx, tags);
  const s = record(t.api.get$(CHANNEL));
  await settle();
  const gate = deferred<void>();
  t.state.gate = gate.promise;
  return { ...t, s, gate };
}

// immer loaded, as after an app's first recipe: changes then show in the very call (the first
// mutation, which waits for immer, is in test/query/set-data.test.ts).
beforeAll(async () => {
  await recipeEngine();
});

describe('createTagsApi', () => {
  let ctx: TestContext;
  afterEach(() => ctx?.dispose());

  it('get$ shows the tags of a taggable resource, none as {}', async () => {
    ctx = testContext();
    const { api, spec } = tagsOf(ctx);
    const channel = record(api.get$(CHANNEL));
    const stage = record(api.get$(STAGE));
    await settle();
    expect(channel.last()).toMatchObject({ status: 'success', data: { env: 'prod', team: 'a' } });
    expect(stage.last()).toMatchObject({ status: 'success', data: {} });
    expect(spec.list.mock.calls.map((c) => c[0])).toEqual([CHANNEL, STAGE]);
    channel.stop();
    stage.stop();
  });

  it.each([
    ['an ARN of a type it does not tag', COMPOSITION],
    ['not an ARN', 'channel/abcd'],
    ['not a string', 42],
  ])('get$ of %s: one error entry naming resourceArn, nothing sent', async (_label, arn) => {
    ctx = testContext();
    const { api, spec } = tagsOf(ctx);
    const s = record(api.get$(arn as string));
    await settle();
    expect(s.seen).toHaveLength(1);
    expect(s.last()).toMatchObject({
      status: 'error',
      error: { kind: 'validation', operation: 'ListTagsForResource', field: 'resourceArn' },
    });
    expect(s.last().error?.message).toContain('channel, stage');
    expect(spec.list).not.toHaveBeenCalled();
  });

  it('tag() shows the new tags at once on the tags entry and on the tagged resource, and keeps them', async () => {
    ctx = testContext();
    const { api, spec, s, gate } = await held(ctx, { env: 'prod', team: 'a' });
    const done = api.tag(CHANNEL, { env: 'dev', owner: 'me' });
    const shown = { env: 'dev', team: 'a', owner: 'me' };
    expect(s.last().data).toEqual(shown);
    expect(channelTags(ctx)).toEqual(shown);
    expect(ctx.cache.get('channels', CHANNEL).data).toMatchObject({ name: 'lobby' });
    gate.resolve();
    await done;
    expect(spec.tag).toHaveBeenCalledWith(CHANNEL, { env: 'dev', owner: 'me' }, expect.any(AbortSignal));
    expect(s.last().data).toEqual(shown);
    expect(channelTags(ctx)).toEqual(shown);
    s.stop();
  });

  it('tag() takes the tags off both entries when the call fails, and rejects with its error', async () => {
    ctx = testContext();
    const { api, s, gate } = await held(ctx, { env: 'prod' });
    const done = api.tag(CHANNEL, { env: 'dev' });
    expect(s.last().data?.env).toBe('dev');
    expect(channelTags(ctx)).toEqual({ env: 'dev' });
    gate.reject(sdkError('AccessDeniedException', 'not allowed'));
    await expect(done).rejects.toMatchObject({ kind: 'access', operation: 'TagResource' });
    expect(s.last().data).toEqual({ env: 'prod', team: 'a' });
    expect(channelTags(ctx)).toEqual({ env: 'prod' });
    s.stop();
  });

  it('untag() removes the keys from both entries at once', async () => {
    ctx = testContext();
    const { api, spec, s, gate } = await held(ctx, { env: 'prod', team: 'a' });
    const done = api.untag(CHANNEL, ['team', 'absent']);
    expect(s.last().data).toEqual({ env: 'prod' });
    expect(channelTags(ctx)).toEqual({ env: 'prod' });
    gate.resolve();
    await done;
    expect(spec.untag).toHaveBeenCalledWith(CHANNEL, ['team', 'absent'], expect.any(AbortSignal));
    expect(s.last().data).toEqual({ env: 'prod' });
    s.stop();
  });

  it('leaves the tagged resource alone when it is not cached', async () => {
    ctx = testContext();
    const { api } = tagsOf(ctx);
    await api.tag(CHANNEL, { env: 'dev' });
    expect(ctx.cache.has('channels', CHANNEL)).toBe(false);
  });

  it.each([
    [
      'tag() with tags that are not an object',
      (api: ReturnType<typeof tagsOf>['api']) => api.tag(CHANNEL, 'x' as never),
      'tags',
    ],
    [
      'tag() with a tag value that is not a string',
      (api: ReturnType<typeof tagsOf>['api']) => api.tag(CHANNEL, { env: 1 } as never),
      'tags.env',
    ],
    ['tag() without tags', (api: ReturnType<typeof tagsOf>['api']) => api.tag(CHANNEL, undefined as never), 'tags'],
    [
      'tag() of an ARN it does not tag',
      (api: ReturnType<typeof tagsOf>['api']) => api.tag(COMPOSITION, { a: 'b' }),
      'resourceArn',
    ],
    ['untag() of no keys', (api: ReturnType<typeof tagsOf>['api']) => api.untag(CHANNEL, []), 'tagKeys'],
    ['untag() of an empty key', (api: ReturnType<typeof tagsOf>['api']) => api.untag(CHANNEL, ['']), 'tagKeys[0]'],
    [
      'untag() of an ARN it does not tag',
      (api: ReturnType<typeof tagsOf>['api']) => api.untag(COMPOSITION, ['a']),
      'resourceArn',
    ],
  ])('%s rejects naming the field, before any call', async (_label, call, field) => {
    ctx = testContext();
    const tags = tagsOf(ctx);
    await expect(call(tags.api)).rejects.toMatchObject({ kind: 'validation', field });
    expect(tags.spec.tag).not.toHaveBeenCalled();
    expect(tags.spec.untag).not.toHaveBeenCalled();
    expect(ctx.metrics.snapshot.calls).toEqual({});
  });

  it('counts its calls against the quota groups of its service (groupPrefix)', async () => {
    ctx = testContext();
    const { api } = tagsOf(ctx);
    const send = vi.spyOn(ctx.pipeline, 'send');
    const s = record(api.get$(CHANNEL));
    await settle();
    await api.tag(CHANNEL, { a: 'b' });
    await api.untag(CHANNEL, ['a']);
    expect(send.mock.calls.map((c) => (c[0] as PipelineRequest<unknown>).group)).toEqual([
      'svc:ListTagsForResource',
      'svc:TagResource',
      'svc:UntagResource',
    ]);
    const stats = ctx.scheduler.stats();
    for (const group of ['svc:ListTagsForResource', 'svc:TagResource', 'svc:UntagResource'])
      expect(stats[group]?.recent).toBe(1);
    s.stop();
  });
});
