import { IvsClient, UpdateChannelCommand } from '@aws-sdk/client-ivs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createIvsStore,
  type DehydratedState,
  dehydrate,
  type Entry,
  hydrate,
  type IvsStore,
  isIvsStoreError,
  prefetch,
  Secret,
} from '../../src/index.js';
import { onSend, sleep, startStoreWorld, type StoreWorld, until } from '../support/world.js';

const MISSING = 'arn:aws:ivs:us-west-2:123456789012:channel/zzzzZZZZ9999';

let w: StoreWorld | undefined;
const clients: Array<{ store: IvsStore; ivs: IvsClient }> = [];
afterEach(async () => {
  for (const c of clients.splice(0)) {
    c.store.dispose();
    c.ivs.destroy();
  }
  await w?.stop();
  w = undefined;
});

/** The page's store: another store over the same simulator, with what its client sends from now on. */
function pageStore(world: StoreWorld, options: { refetchInterval?: number } = {}) {
  const ivs = new IvsClient({
    endpoint: world.sim.endpoint,
    region: world.sim.region,
    credentials: world.sim.credentials,
    maxAttempts: 1,
  });
  const store = createIvsStore({ ivs, refetchInterval: options.refetchInterval ?? 60_000, tabs: false });
  clients.push({ store, ivs });
  const calls: string[] = [];
  onSend(ivs, (op) => calls.push(op));
  return { store, calls };
}

/** The first value an Observable gives synchronously on subscribe (what a render reads). */
function now<T>(obs: { subscribe(fn: (v: T) => void): { unsubscribe(): void } }): T | undefined {
  let value: T | undefined;
  obs.subscribe((v) => (value = v)).unsubscribe();
  return value;
}

/** Through JSON, as a page gets it. */
const wire = (state: DehydratedState): DehydratedState => JSON.parse(JSON.stringify(state)) as DehydratedState;

describe('prefetch', () => {
  it('reads in parallel: three get$ (one missing) are one BatchGetChannel beside one ListChannels, and resolves with each settled entry', async () => {
    w = await startStoreWorld({ seed: 1 });
    const { sim, store } = w;
    const a = sim.control.ivs.createChannel({ name: 'a' }).arn;
    const b = sim.control.ivs.createChannel({ name: 'b' }).arn;
    sim.control.clearRequests();
    const [ea, eb, missing, list] = await prefetch([
      store.channels.get$(a),
      store.channels.get$(b),
      store.channels.get$(MISSING),
      store.channels.list$(),
    ]);
    expect(sim.control.requests({ operation: 'BatchGetChannel' }).map((r) => r.keys)).toEqual([3]);
    expect(sim.control.countRequests({ operation: 'ListChannels' })).toBe(1);
    expect(sim.control.countRequests({ operation: 'GetChannel' })).toBe(0);
    expect([ea.status, ea.data?.name, eb.data?.name, missing.status]).toEqual(['success', 'a', 'b', 'not-found']);
    expect(list.status === 'success' && list.data.map((c) => c.name).sort()).toEqual(['a', 'b']);
    // Let go: nothing is watched any more, the data stays cached.
    expect(now(store.channels.get$(a))?.data?.name).toBe('a');
  });

  it('a failed read settles as an error entry (it does not reject); a bad ARN is one too, with nothing sent', async () => {
    w = await startStoreWorld({ seed: 1 });
    const { sim, store } = w;
    const a = sim.control.ivs.createChannel({ name: 'a' }).arn;
    sim.control.injectFault({
      operations: ['GetChannel', 'BatchGetChannel'],
      errorRate: 1,
      error: 'AccessDeniedException',
    });
    sim.control.clearRequests();
    const [denied, bad] = await prefetch([store.channels.get$(a), store.channels.get$('not-an-arn')]);
    expect(denied.status === 'error' && denied.error.kind).toBe('access');
    expect(bad.status === 'error' && [bad.error.kind, bad.error.field]).toEqual(['validation', 'arn']);
    expect(sim.control.countRequests({})).toBe(1);
  });

  it('rejects when aborted (the reads are let go) and when the store is disposed; an empty list resolves at once', async () => {
    w = await startStoreWorld({ seed: 1 });
    const { sim, store } = w;
    const a = sim.control.ivs.createChannel({ name: 'a' }).arn;
    expect(await prefetch([])).toEqual([]);
    sim.control.injectFault({ operations: ['GetChannel'], latencyMs: 500, times: 1 });
    const controller = new AbortController();
    const pending = prefetch([store.channels.get$(a)], { signal: controller.signal });
    await sleep(20);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'aborted', operation: 'prefetch' });
    const other = pageStore(w);
    other.store.dispose();
    await expect(prefetch([other.store.channels.get$(a)])).rejects.toMatchObject({ kind: 'disposed' });
    await expect(prefetch('nope' as never)).rejects.toMatchObject({ kind: 'validation', field: 'reads' });
  });
});

describe('dehydrate and hydrate', () => {
  it('secrets left out by default: no secret text in the JSON; the page shows the rest at once and reads those entries again on mount', async () => {
    w = await startStoreWorld({ seed: 1 });
    const { sim, store } = w;
    const { arn, streamKeyArn } = sim.control.ivs.createChannel({ name: 'a' });
    const [channel, key] = await prefetch([store.channels.get$(arn), store.streamKeys.get$(streamKeyArn)]);
    const passphrase = channel.data?.srt?.passphrase?.reveal() ?? '';
    const value = key.data?.value?.reveal() ?? '';
    expect(passphrase.length).toBeGreaterThan(8);
    expect(value.length).toBeGreaterThan(8);
    const state = dehydrate(store);
    const json = JSON.stringify(state);
    expect(json).not.toContain(passphrase);
    expect(json).not.toContain(value);
    expect(state.resources.sort()).toEqual(['channels', 'streamKeys']);
    // Those entries are not fresh on the page: it must read the secrets for itself.
    expect(state.entries.filter((e) => e.checkedAt !== undefined)).toEqual([]);

    const page = pageStore(w);
    await hydrate(page.store, wire(state));
    const shown = now(page.store.channels.get$(arn));
    expect(shown?.status).toBe('success');
    expect(shown?.data?.name).toBe('a');
    expect(shown?.data?.srt?.passphrase).toBeUndefined();
    expect(shown?.updatedAt).toBe(channel.updatedAt);
    // Mounted: read again at once, the passphrase comes back.
    const sub = page.store.channels.get$(arn).subscribe();
    const read = await until(page.store.channels.get$(arn), (e) => e.data?.srt?.passphrase !== undefined);
    expect(read.data?.srt?.passphrase?.reveal()).toBe(passphrase);
    expect(page.calls).toContain('GetChannel');
    sub.unsubscribe();
  });

  it('secrets: true carries them (only inside the state), restored as Secrets; fresh entries are not read again on mount', async () => {
    w = await startStoreWorld({ seed: 1 });
    const { sim, store } = w;
    const { arn, streamKeyArn } = sim.control.ivs.createChannel({ name: 'a' });
    sim.control.ivs.createChannel({ name: 'b' });
    const [key] = await prefetch([store.streamKeys.get$(streamKeyArn), store.channels.list$()]);
    const state = wire(dehydrate(store, { secrets: true }));
    expect(JSON.stringify(state)).toContain(key.data?.value?.reveal());

    const page = pageStore(w);
    await hydrate(page.store, state);
    const shownKey = now(page.store.streamKeys.get$(streamKeyArn));
    expect(shownKey?.data?.value).toBeInstanceOf(Secret);
    expect(shownKey?.data?.value?.equals(key.data?.value)).toBe(true);
    const list = now(page.store.channels.list$());
    expect(list?.status === 'success' && list.data.map((c) => c.name).sort()).toEqual(['a', 'b']);
    expect(now(page.store.channels.get$(arn))?.data?.name).toBe('a');
    // Mounted within staleTime (the interval, a minute): no read.
    const subs = [page.store.streamKeys.get$(streamKeyArn).subscribe(), page.store.channels.list$().subscribe()];
    await sleep(100);
    expect(page.calls).toEqual([]);
    // With staleTime 0 the entry is read on mount.
    const eager = page.store.channels.list$(undefined, { staleTime: 0 }).subscribe();
    await sleep(100);
    expect(page.calls).toEqual(['ListChannels']);
    for (const s of [...subs, eager]) s.unsubscribe();
  });

  it('dates survive the round trip as Dates; not-found entries as not-found (not read again); errors only with errors: true', async () => {
    w = await startStoreWorld({ seed: 1 });
    const { sim, store } = w;
    const { arn } = sim.control.ivs.createChannel({ name: 'a' });
    sim.control.ivs.goLive(arn);
    const other = sim.control.ivs.createChannel({ name: 'b' }).arn;
    const [stream] = await prefetch([store.streams.get$(arn), store.channels.get$(MISSING)]);
    expect(stream.data?.startTime).toBeInstanceOf(Date);
    sim.control.injectFault({ operations: ['GetChannel'], errorRate: 1, error: 'AccessDeniedException', times: 1 });
    await prefetch([store.channels.get$(other)]);
    expect(dehydrate(store).entries.map((e) => e.status)).not.toContain('error');
    const state = wire(dehydrate(store, { errors: true }));

    const page = pageStore(w);
    await hydrate(page.store, state);
    const shown = now(page.store.streams.get$(arn));
    expect(shown?.data?.startTime).toEqual(stream.data?.startTime);
    expect(shown?.data?.startTime).toBeInstanceOf(Date);
    expect(now(page.store.channels.get$(MISSING))?.status).toBe('not-found');
    const failed = now(page.store.channels.get$(other));
    expect(failed?.status === 'error' && [isIvsStoreError(failed.error), failed.error.kind]).toEqual([true, 'access']);
    // The error is read again at once, the not-found entry is not.
    const subs = [page.store.channels.get$(other).subscribe(), page.store.channels.get$(MISSING).subscribe()];
    const fixed = await until(page.store.channels.get$(other), (e) => e.status === 'success');
    expect(fixed.data?.name).toBe('b');
    expect(page.calls).toEqual(['GetChannel']);
    for (const s of subs) s.unsubscribe();
  });

  it('never overwrites what the page read after the server did; overwrites what it read before', async () => {
    w = await startStoreWorld({ seed: 1 });
    const { sim, store, ivs } = w;
    const { arn } = sim.control.ivs.createChannel({ name: 'old' });
    const page = pageStore(w);
    // The page read it first (old), then the server (new): the server's wins.
    await prefetch([page.store.channels.get$(arn)]);
    await sleep(5);
    await ivs.send(new UpdateChannelCommand({ arn, name: 'new' }));
    await prefetch([store.channels.get$(arn)]);
    const state = wire(dehydrate(store));
    await hydrate(page.store, state);
    expect(now(page.store.channels.get$(arn))?.data?.name).toBe('new');
    // The page reads again (newer), then an older state arrives: the page's stays.
    await sleep(5);
    await ivs.send(new UpdateChannelCommand({ arn, name: 'newest' }));
    await page.store.channels.invalidate();
    await prefetch([page.store.channels.get$(arn)]);
    expect(now(page.store.channels.get$(arn))?.data?.name).toBe('newest');
    await hydrate(page.store, state);
    expect(now(page.store.channels.get$(arn))?.data?.name).toBe('newest');
  });

  it('a malformed state rejects with a validation error naming the field, and writes nothing', async () => {
    w = await startStoreWorld({ seed: 1 });
    const { sim, store } = w;
    const { arn } = sim.control.ivs.createChannel({ name: 'a' });
    await prefetch([store.channels.get$(arn)]);
    const good = wire(dehydrate(store));
    const page = pageStore(w);
    const bad: Array<[unknown, string]> = [
      [null, 'state'],
      [{ ...good, v: 2 }, 'state.v'],
      [{ ...good, resources: [1] }, 'state.resources'],
      [{ ...good, entries: {} }, 'state.entries'],
      [{ ...good, entries: [...good.entries, 'x'] }, `state.entries[${good.entries.length}]`],
      [{ ...good, entries: [...good.entries, { ...good.entries[0], status: 'loading' }] }, 'status'],
      [{ ...good, entries: [...good.entries, { ...good.entries[0], collection: '' }] }, 'collection'],
      [{ ...good, entries: [...good.entries, { ...good.entries[0], id: 3 }] }, 'id'],
      [{ ...good, entries: [...good.entries, { ...good.entries[0], updatedAt: 'yesterday' }] }, 'updatedAt'],
      [{ ...good, entries: [...good.entries, { ...good.entries[0], checkedAt: -1 }] }, 'checkedAt'],
      [{ ...good, entries: [...good.entries, { ...good.entries[0], data: undefined }] }, 'data'],
      [{ ...good, entries: [...good.entries, { ...good.entries[0], status: 'error', error: 'boom' }] }, 'error'],
    ];
    for (const [state, field] of bad) {
      const error = await hydrate(page.store, state as DehydratedState).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isIvsStoreError(error), field).toBe(true);
      expect(error, field).toMatchObject({ kind: 'validation', operation: 'hydrate' });
      expect((error as { field: string }).field.endsWith(field), `${field}: ${String(error)}`).toBe(true);
    }
    // The good entries before a bad one were not written either.
    expect(now(page.store.channels.get$(arn))?.status).toBe('loading');
    await expect(hydrate({} as IvsStore, good)).rejects.toMatchObject({ kind: 'validation', field: 'store' });
    expect(() => dehydrate({} as IvsStore)).toThrow(/store/);
  });

  it('the page waits for the code of the resources the server used: once hydrate resolves, their queries answer synchronously', async () => {
    w = await startStoreWorld({ seed: 1 });
    const { sim, store } = w;
    const { arn } = sim.control.ivs.createChannel({ name: 'a' });
    sim.control.ivs.goLive(arn);
    await prefetch([store.streams.get$(arn)]);
    const state = wire(dehydrate(store));
    expect(state.resources).toContain('streams');
    const page = pageStore(w);
    // Before: the streams code is not loaded, so nothing is there synchronously.
    const before: Array<Entry<unknown>> = [];
    page.store.streams
      .get$(arn)
      .subscribe((e) => before.push(e))
      .unsubscribe();
    expect(before).toEqual([]);
    await hydrate(page.store, state);
    expect(now(page.store.streams.get$(arn))?.status).toBe('success');
  });
});
