import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { firstValueFrom, type Observable, of, toArray } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { lazyResource } from '../../src/store/lazy-resource.js';

interface Api {
  get$(id: string): Observable<string>;
  create(name: string): Promise<string>;
}

function resource() {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const shared = new Map<string, Observable<string>>();
  const api: Api = {
    get$: (id) => {
      if (id === 'bad') throw new TypeError('id must not be bad');
      if (!shared.has(id)) shared.set(id, of(`value of ${id}`));
      return shared.get(id)!;
    },
    create: async (name) => `created ${name}`,
  };
  const load = vi.fn(async () => {
    await gate;
    return api;
  });
  return { load, release, api };
}

describe('lazyResource: a resource API loaded on first use', () => {
  it('loads nothing until a method is touched, then takes calls before the code is there', async () => {
    const f = resource();
    const things = lazyResource<Api>('things', f.load);
    expect(f.load).not.toHaveBeenCalled();
    const created = things.create('a');
    const values = firstValueFrom(things.get$('x').pipe(toArray()));
    expect(f.load).toHaveBeenCalledTimes(1);
    f.release();
    expect(await created).toBe('created a');
    expect(await values).toEqual(['value of x']);
    expect(f.load).toHaveBeenCalledTimes(1);
  });

  it('once loaded, hands out the real methods: the same Observable for the same id', async () => {
    const f = resource();
    f.release();
    const things = lazyResource<Api>('things', f.load);
    await things.create('warm');
    expect(things.get$('y')).toBe(things.get$('y'));
    expect(things.get$('y')).toBe(f.api.get$('y'));
  });

  it('a stand-in Observable delivers the real Observable errors, and a failed load fails the calls', async () => {
    const f = resource();
    const things = lazyResource<Api>('things', f.load);
    const bad = firstValueFrom(things.get$('bad'));
    f.release();
    await expect(bad).rejects.toThrow('id must not be bad');

    const broken = lazyResource<Api>('things', () => Promise.reject(new Error('chunk failed to load')));
    await expect(broken.create('z')).rejects.toThrow('chunk failed to load');
    await expect(firstValueFrom(broken.get$('z'))).rejects.toThrow('chunk failed to load');
  });

  it('unsubscribing before the code arrives subscribes to nothing', async () => {
    const f = resource();
    const spy = vi.spyOn(f.api, 'get$');
    const things = lazyResource<Api>('things', f.load);
    const sub = things.get$('x').subscribe();
    sub.unsubscribe();
    f.release();
    await things.create('after');
    expect(spy).not.toHaveBeenCalled();
  });

  it('a failed load is tried again on the next call', async () => {
    let attempts = 0;
    const f = resource();
    f.release();
    const things = lazyResource<Api>('things', async () => {
      if (++attempts === 1) throw new Error('offline');
      return f.load();
    });
    await expect(things.create('x')).rejects.toThrow('offline');
    expect(await things.create('y')).toBe('created y');
    expect(attempts).toBe(2);
  });

  it('calls the real method as a method of its API, before and after the code is there', async () => {
    class Counter {
      private n = 0;
      async next() {
        return ++this.n;
      }
    }
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const counter = lazyResource<Counter>('counter', async () => {
      await gate;
      return new Counter();
    });
    const first = counter.next();
    release();
    expect(await first).toBe(1);
    expect(await counter.next()).toBe(2);
  });

  it('eager: loads at once, untouched; unavailable: every method throws the reason, nothing loads', async () => {
    const f = resource();
    lazyResource<Api>('things', f.load, { eager: true });
    expect(f.load).toHaveBeenCalledTimes(1);

    const never = resource();
    const missing = lazyResource<Api>('things', never.load, { unavailable: 'needs the things option' });
    expect(() => missing.get$('x')).toThrow(new TypeError('store.things.get$: needs the things option'));
    expect(never.load).not.toHaveBeenCalled();
  });

  it('is not mistaken for a thenable, and a disposed store refuses to load', async () => {
    const things = lazyResource<Api>('things', () => Promise.reject(new Error('The store was disposed')));
    expect((things as unknown as { then?: unknown }).then).toBeUndefined();
    await expect(things.create('x')).rejects.toThrow('The store was disposed');
  });
});

describe('lazy resources in the store', () => {
  it('a resource touched after dispose refuses to load, with a clear error', async () => {
    const { createIvsStore } = await import('../../src/index.js');
    const store = createIvsStore({ ivs: { config: {}, send: vi.fn() } as never });
    store.dispose();
    await expect(
      store.recordingConfigurations.delete('arn:aws:ivs:us-east-1:123456789012:recording-configuration/abcdEFGH1234'),
    ).rejects.toMatchObject({
      kind: 'disposed',
      message: expect.stringContaining('the store was disposed') as unknown,
    });
  });
});

describe('Observables of a store disposed while their code loads', () => {
  it('complete as a loaded resource does, never error to a subscriber without an error handler', async () => {
    const { createIvsStore } = await import('../../src/index.js');
    const store = createIvsStore({ ivs: { config: {}, send: vi.fn() } as never });
    const ARN = 'arn:aws:ivs:us-east-1:123456789012:channel/abcdEFGH1234';
    // Subscribed before the chunks arrive, then disposed: the load ends in 'disposed'.
    const drain = (o: Observable<unknown>) => firstValueFrom(o.pipe(toArray()));
    const before = [store.channels.get$(ARN), store.streams.live$()].map(drain);
    store.dispose();
    // And subscribed after dispose, loaded (channels is eager) or not.
    const after = [store.channels.get$(ARN), store.playbackKeyPairs.list$()].map(drain);
    for (const values of await Promise.all([...before, ...after])) expect(values).toEqual([]);
  });
});

describe('channel mutations: code loaded with the first one', () => {
  it('checks input before any call; a load that fails is a network error, and the next call loads it', async () => {
    vi.resetModules();
    let failLoads = 1;
    vi.doMock('../../src/resources/ivs/channel-mutations.js', async (importOriginal) => {
      if (failLoads-- > 0) throw new Error('Failed to fetch dynamically imported module');
      return importOriginal();
    });
    try {
      const { createIvsStore } = await import('../../src/index.js');
      const send = vi.fn(async () => ({
        channel: { arn: 'arn:aws:ivs:us-east-1:123456789012:channel/abcdEFGH1234', name: 'made' },
      }));
      const store = createIvsStore({ ivs: { config: {}, send } as never });
      await expect(store.channels.create({ name: 'x' })).rejects.toMatchObject({
        name: 'IvsStoreError',
        kind: 'network',
        operation: 'channel mutations',
        message: expect.stringContaining('Could not load the channel mutations code'),
      });
      await expect(store.channels.create({ name: 'bad name!' })).rejects.toMatchObject({
        kind: 'validation',
        field: 'name',
      });
      expect(send).not.toHaveBeenCalled();
      expect((await store.channels.create({ name: 'made' })).channel.name).toBe('made');
      expect(send).toHaveBeenCalledTimes(1);
      store.dispose();
      await expect(store.channels.delete('arn:aws:ivs:us-east-1:123456789012:channel/abcdEFGH1234')).rejects.toThrow(
        /disposed/,
      );
    } finally {
      vi.doUnmock('../../src/resources/ivs/channel-mutations.js');
      vi.resetModules();
    }
  });
});

describe('an AWS SDK client older than the store needs', () => {
  /**
   * A real link failure, from Node's own loader (vitest's module runner does not link like
   * Node): an ESM module importing a command its package does not export.
   */
  function linkError(client: 'esm' | 'cjs' = 'cjs'): Error {
    const dir = mkdtempSync(join(tmpdir(), 'old-sdk-'));
    try {
      // On Node the SDK loads as CommonJS; an ESM package words the failure differently.
      const file = client === 'cjs' ? 'client.cjs' : 'client.mjs';
      writeFileSync(
        join(dir, file),
        client === 'cjs' ? 'exports.GetStreamCommand = class {};\n' : 'export class GetStreamCommand {}\n',
      );
      writeFileSync(
        join(dir, 'chunk.mjs'),
        `import { InsertAdBreakCommand } from './${file}';\nexport const c = InsertAdBreakCommand;\n`,
      );
      const script = `import(${JSON.stringify(pathToFileURL(join(dir, 'chunk.mjs')).href)}).then(() => console.log('{}'), (e) => console.log(JSON.stringify({ name: e.name, message: e.message })))`;
      const { name, message } = JSON.parse(
        execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
      ) as { name?: string; message?: string };
      if (!message) throw new Error('the import linked');
      return Object.assign(new SyntaxError(message), { name: name ?? 'SyntaxError' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('is classified as unsupported, naming the command and the versions needed; not retryable', async () => {
    const { classify: classifyError } = await import('../../src/resources/errors.js');
    for (const client of ['cjs', 'esm'] as const) {
      const error = classifyError(linkError(client), 'streams');
      expect(error).toMatchObject({
        kind: 'unsupported',
        retryable: false,
        message: expect.stringMatching(
          /no InsertAdBreakCommand: ivs-store needs @aws-sdk\/client-ivs 3\.1116\.0 and @aws-sdk\/client-ivs-realtime 3\.1046\.0 or newer/,
        ),
      });
    }
    // CommonJS gets undefined where the command should be, and fails at `new`.
    const cjs = classifyError(
      new TypeError('clientIvs.CreateAdConfigurationCommand is not a constructor'),
      'CreateAdConfiguration',
    );
    expect(cjs).toMatchObject({
      kind: 'unsupported',
      operation: 'CreateAdConfiguration',
      message: expect.stringContaining('no CreateAdConfigurationCommand'),
    });
  });

  it('a resource whose chunk cannot link fails with that error, not a retryable network one', async () => {
    const failure = linkError();
    vi.resetModules();
    vi.doMock('../../src/resources/ivs/streams.js', () => {
      throw failure;
    });
    try {
      const { createIvsStore } = await import('../../src/index.js');
      const store = createIvsStore({ ivs: { config: {}, send: vi.fn() } as never });
      await expect(store.streams.refresh()).rejects.toMatchObject({
        name: 'IvsStoreError',
        kind: 'unsupported',
        retryable: false,
        message: expect.stringContaining('InsertAdBreakCommand'),
      });
      store.dispose();
    } finally {
      vi.doUnmock('../../src/resources/ivs/streams.js');
      vi.resetModules();
    }
  });
});
