import { afterEach, describe, expect, it, vi } from 'vitest';
import { IvsStoreError } from '../../src/core/errors.js';
import { compositeId, idParts } from '../../src/query/composite-id.js';
import type { Caller, ReadContext, ReadMany } from '../../src/query/entity-query.js';
import type { Page } from '../../src/query/list-query.js';
import { classifyError } from '../../src/core/errors.js';
import { batchGet, readEach } from '../../src/query/reads.js';
import { classify } from '../../src/resources/errors.js';
import { sweepOrGet } from '../../src/query/sweep.js';
import { sdkError, testContext, type TestContext } from './context.js';

/** A Caller that sends at once and records what each call was made with. */
function caller() {
  const calls: Array<{
    operation: string;
    resourceId: string | undefined;
    dedupeKey: string | undefined;
    group?: string;
  }> = [];
  const call: Caller = (operation, send, options) => {
    calls.push({
      operation,
      resourceId: options?.resourceId,
      dedupeKey: options?.dedupeKey,
      ...(options?.group ? { group: options.group } : {}),
    });
    return send(new AbortController().signal);
  };
  return { call, calls };
}

const errorOf = (out: Map<string, unknown>, id: string) => out.get(id) as IvsStoreError;

describe('readEach', () => {
  it('makes one call per id, leaving out ids answered undefined', async () => {
    const { call, calls } = caller();
    const send = vi.fn(async (id: string) => (id === 'gone' ? undefined : { id }));
    const out = await readEach('GetThing', send)(['a', 'gone', 'b'], call);
    expect([...out]).toEqual([
      ['a', { id: 'a' }],
      ['b', { id: 'b' }],
    ]);
    expect(send.mock.calls.map((c) => c[0])).toEqual(['a', 'gone', 'b']);
    expect(calls).toEqual([
      { operation: 'GetThing', resourceId: 'a', dedupeKey: undefined },
      { operation: 'GetThing', resourceId: 'gone', dedupeKey: undefined },
      { operation: 'GetThing', resourceId: 'b', dedupeKey: undefined },
    ]);
  });

  it("keeps an id's failure its own, classified", async () => {
    const { call } = caller();
    const out = await readEach('GetThing', async (id) => {
      if (id === 'x') throw sdkError('AccessDeniedException', 'not yours');
      return { id };
    })(['x', 'y'], call);
    expect(out.get('y')).toEqual({ id: 'y' });
    expect(errorOf(out, 'x')).toBeInstanceOf(IvsStoreError);
    expect(errorOf(out, 'x')).toMatchObject({
      kind: 'access',
      code: 'AccessDeniedException',
      operation: 'GetThing',
      resourceId: 'x',
    });
    expect(errorOf(out, 'x').message).toContain('not yours');
  });

  it('turns an error `recover` answers into data, and classifies the ones it does not', async () => {
    const { call } = caller();
    const recover = vi.fn((err: unknown, id: string) =>
      (err as Error).name === 'ChannelNotBroadcasting' ? { id, offline: true } : undefined,
    );
    const out = await readEach(
      'GetThing',
      async (id) => {
        throw sdkError(id === 'off' ? 'ChannelNotBroadcasting' : 'ThrottlingException');
      },
      { recover },
    )(['off', 'busy'], call);
    expect(out.get('off')).toEqual({ id: 'off', offline: true });
    expect(errorOf(out, 'busy').kind).toBe('throttled');
    expect(recover.mock.calls.map((c) => c[1])).toEqual(['off', 'busy']);
  });

  it('passes the resource of each id and the quota group to the caller', async () => {
    const { call, calls } = caller();
    const out = await readEach('GetThing', async (id) => ({ id }), {
      resourceOf: (id) => `arn/${id}`,
      group: 'realtime:GetThing',
    })(['a'], call);
    expect(out.get('a')).toEqual({ id: 'a' });
    // The operation keeps its name (metrics, errors); the group is what its quota is counted in.
    expect(calls).toEqual([
      { operation: 'GetThing', group: 'realtime:GetThing', resourceId: 'arn/a', dedupeKey: undefined },
    ]);
  });

  it('names the resource, not the id, in a failure when resourceOf is given', async () => {
    const { call } = caller();
    const out = await readEach(
      'GetThing',
      async () => {
        throw sdkError('ValidationException');
      },
      { resourceOf: (id) => `arn/${id}` },
    )(['a'], call);
    expect(errorOf(out, 'a')).toMatchObject({ kind: 'validation', resourceId: 'arn/a' });
  });
});

describe('batchGet', () => {
  interface Thing {
    arn: string;
  }
  function batch(
    answer: (ids: string[]) => {
      items: Thing[];
      errors: Array<{ id: string | undefined; code: string | undefined; message: string | undefined }>;
    },
  ) {
    const one = vi.fn<ReadMany<Thing>>(async (ids) => new Map(ids.map((id) => [id, { arn: id }] as const)));
    const many = vi.fn(async (ids: string[]) => answer(ids));
    const read = batchGet<Thing>({
      one,
      many: { operation: 'BatchGetThing', send: many },
      idOf: (t) => t.arn,
      classify: classifyError,
    });
    return { read, one, many };
  }

  it('reads a batch of one with `one`', async () => {
    const { call, calls } = caller();
    const { read, one, many } = batch(() => ({ items: [], errors: [] }));
    const out = await read(['a'], call);
    expect(out.get('a')).toEqual({ arn: 'a' });
    expect(one).toHaveBeenCalledTimes(1);
    expect(one.mock.calls[0]?.[0]).toEqual(['a']);
    expect(many).not.toHaveBeenCalled();
    // `one` got the caller itself.
    expect(one.mock.calls[0]?.[1]).toBe(call);
    expect(calls).toEqual([]);
  });

  it('reads more in one `many` call, mapping items and per-item errors back by id', async () => {
    const { call, calls } = caller();
    const { read, one, many } = batch((ids) => ({
      items: [{ arn: 'a' }, { arn: undefined as unknown as string }],
      errors: [
        { id: 'gone', code: 'ResourceNotFoundException', message: 'no such thing' },
        { id: 'denied', code: 'AccessDeniedException', message: undefined },
        { id: undefined, code: 'ValidationException', message: 'anonymous' },
      ].filter((e) => e.id === undefined || ids.includes(e.id)),
    }));
    const out = await read(['a', 'gone', 'denied', 'silent'], call);
    expect(many).toHaveBeenCalledTimes(1);
    expect(many.mock.calls[0]?.[0]).toEqual(['a', 'gone', 'denied', 'silent']);
    expect(one).not.toHaveBeenCalled();
    expect(calls).toEqual([{ operation: 'BatchGetThing', resourceId: undefined, dedupeKey: undefined }]);
    expect(out.get('a')).toEqual({ arn: 'a' });
    expect(errorOf(out, 'gone')).toMatchObject({
      kind: 'not-found',
      code: 'ResourceNotFoundException',
      operation: 'BatchGetThing',
      resourceId: 'gone',
    });
    expect(errorOf(out, 'gone').message).toContain('no such thing');
    expect(errorOf(out, 'denied')).toMatchObject({ kind: 'access', resourceId: 'denied' });
    // An id neither answered nor failed is left out (the entity query makes it not-found).
    expect(out.has('silent')).toBe(false);
    expect([...out.keys()].sort()).toEqual(['a', 'denied', 'gone']);
  });

  it("an item's error is classified by its code (the service's own names too), and says the code when there is no message", async () => {
    const { call } = caller();
    const errors = [
      { id: 'busy', code: 'ConflictException', message: 'busy' },
      { id: 'slow', code: 'ThrottlingException', message: undefined },
      { id: 'odd', code: undefined, message: undefined },
      { id: 'new', code: 'PendingVerification', message: 'verify the account' },
    ];
    const read = batchGet<Thing>({
      one: async () => new Map(),
      many: { operation: 'BatchGetThing', send: async () => ({ items: [], errors }) },
      idOf: (t) => t.arn,
      classify,
    });
    const out = await read(['busy', 'slow', 'odd', 'new'], call);
    expect(errorOf(out, 'busy')).toMatchObject({ kind: 'conflict', code: 'ConflictException', resourceId: 'busy' });
    expect(errorOf(out, 'slow').kind).toBe('throttled');
    expect(errorOf(out, 'slow').message).toContain('ThrottlingException');
    expect(errorOf(out, 'odd').kind).toBe('unknown');
    // An IVS name the engine does not know of: the service's classification says what it is.
    expect(errorOf(out, 'new')).toMatchObject({ kind: 'access', code: 'PendingVerification' });
  });
});

describe('sweepOrGet', () => {
  interface Item {
    id: string;
  }
  let ctx: TestContext;
  afterEach(() => ctx?.dispose());

  /** What an entity query hands a read: here a user read (a first read), dated into `dates`. */
  function readContext(dates: number[] = []): ReadContext {
    return {
      priority: 'user',
      signal: new AbortController().signal,
      poller: { intervalOf: () => 1000 },
      dated: (seq) => dates.push(seq),
    };
  }

  /** A sweep over `pages` (page size 2) and a get per id; absent ids answer `{ id, absent: true }`. */
  function reader(pages: Item[][]) {
    ctx = testContext();
    const get = vi.fn<ReadMany<unknown>>(async (ids) => new Map(ids.map((id) => [id, { id, got: true }] as const)));
    const page = vi.fn(async (token: string | undefined): Promise<Page<Item>> => {
      const i = token === undefined ? 0 : Number(token);
      return { items: pages[i] ?? [], nextToken: i + 1 < pages.length ? String(i + 1) : undefined };
    });
    const read = sweepOrGet<unknown, Item>(ctx, {
      get,
      sweep: {
        service: 'test',
        operation: 'ListThings',
        pageSize: 2,
        page,
        idOf: (item) => item.id,
        found: (item) => ({ ...item, swept: true }),
        absent: (id) => ({ id, absent: true }),
      },
    });
    return { read, get, page };
  }

  it('reads a single id with get before any sweep', async () => {
    const { call } = caller();
    const { read, get, page } = reader([[{ id: 'a' }]]);
    expect((await read(['a'], call, readContext())).get('a')).toEqual({ id: 'a', got: true });
    expect(get).toHaveBeenCalledTimes(1);
    expect(page).not.toHaveBeenCalled();
  });

  it('sweeps every page for more ids than a sweep would cost, one pipeline call each, dated by the first', async () => {
    const { call, calls } = caller();
    const { read, get, page } = reader([[{ id: 'a' }, { id: 'b' }], [{ id: 'c' }, { id: 'd' }], [{ id: 'e' }]]);
    const dates: number[] = [];
    const before = ctx.cache.nextSeq();
    const out = await read(['a', 'e', 'missing'], call, readContext(dates));
    expect(get).not.toHaveBeenCalled();
    expect(page.mock.calls.map((c) => c[0])).toEqual([undefined, '1', '2']);
    // The list's own read (list-source.ts), through the pipeline: not the entity read's caller.
    expect(calls).toEqual([]);
    expect(ctx.metrics.snapshot.calls).toEqual({ ListThings: 3 });
    // The sweep's first call is the next sequence taken after `before` (sequences also date their send).
    expect(dates).toHaveLength(1);
    expect(dates[0]).toBeGreaterThan(before);
    expect(dates[0]).toBeLessThan(ctx.cache.nextSeq());
    expect([...out]).toEqual([
      ['a', { id: 'a', swept: true }],
      ['e', { id: 'e', swept: true }],
      ['missing', { id: 'missing', absent: true }],
    ]);
  });

  it('after a sweep saw N items, gets up to ceil(N / pageSize) ids and sweeps for more', async () => {
    const { call } = caller();
    // Five items: a sweep costs three pages.
    const { read, get, page } = reader([[{ id: 'a' }, { id: 'b' }], [{ id: 'c' }, { id: 'd' }], [{ id: 'e' }]]);
    await read(['a', 'b'], call, readContext());
    expect(page).toHaveBeenCalledTimes(3);
    await read(['a', 'b', 'c'], call, readContext());
    expect(get).toHaveBeenCalledTimes(1);
    expect(get.mock.calls[0]?.[0]).toEqual(['a', 'b', 'c']);
    expect(page).toHaveBeenCalledTimes(3);
    await read(['a', 'b', 'c', 'd'], call, readContext());
    expect(get).toHaveBeenCalledTimes(1);
    expect(page).toHaveBeenCalledTimes(6);
  });

  it('an error turned into data by `absent` may also be an Error', async () => {
    ctx = testContext();
    const { call } = caller();
    const gone = new IvsStoreError({ kind: 'not-found', message: 'gone' });
    const read = sweepOrGet<unknown, Item>(ctx, {
      get: async () => new Map(),
      sweep: {
        service: 'test',
        operation: 'ListThings',
        pageSize: 10,
        page: async () => ({ items: [], nextToken: undefined }),
        idOf: (i) => i.id,
        found: (i) => i,
        absent: () => gone,
      },
    });
    const out = await read(['x', 'y'], call, readContext());
    expect(out.get('x')).toBe(gone);
    expect(out.get('y')).toBe(gone);
  });
});

describe('compositeId', () => {
  it.each([
    [['arn:aws:ivs:us-east-1:123456789012:stage/abcdEFGH1234', 'st-1', 'p-1']],
    [['a|b', 'c|d']],
    [['say "hi"', "it's", '\\', '']],
    [['["nested"]', '{}', 'ünï ✓']],
  ])('%j survives a round trip, and different parts make different ids', (parts) => {
    const id = compositeId(...parts);
    expect(idParts(id)).toEqual(parts);
    expect(compositeId(...parts.slice(0, -1), `${parts.at(-1)}x`)).not.toBe(id);
  });

  it('does not confuse parts joined by a separator-like character', () => {
    expect(compositeId('a|b', 'c')).not.toBe(compositeId('a', 'b|c'));
    expect(compositeId('a"', 'b')).not.toBe(compositeId('a', '"b'));
  });
});
