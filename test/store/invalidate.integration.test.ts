import { UpdateChannelCommand } from '@aws-sdk/client-ivs';
import type { Observable } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { isIvsStoreError } from '../../src/index.js';
import { ok, onSend, sleep, startStoreWorld, type StoreWorld, until } from '../support/world.js';

let w: StoreWorld | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

/** A world polling every minute, and what its clients send from now on. */
async function world() {
  w = await startStoreWorld({}, { refetchInterval: 60_000 });
  const calls: string[] = [];
  onSend(w.ivs, (op) => calls.push(op));
  onSend(w.realtime, (op) => calls.push(op));
  return { ...w, calls };
}

describe('invalidate: entries changed elsewhere are read again', () => {
  it('a watched channel and the lists are read again at once, in one batch, and show the change', async () => {
    const { sim, store, ivs, calls } = await world();
    const a = sim.control.ivs.createChannel({ name: 'a' }).arn;
    const b = sim.control.ivs.createChannel({ name: 'b' }).arn;
    const subs = (
      [store.channels.get$(a), store.channels.get$(b), store.channels.list$()] as Observable<unknown>[]
    ).map((o) => o.subscribe());
    await until(store.channels.get$(b), ok);
    await until(store.channels.list$(), (e) => ok(e) && e.data?.length === 2);
    // Changed behind the store's back: a minute's poll away.
    await ivs.send(new UpdateChannelCommand({ arn: a, name: 'renamed' }));
    await ivs.send(new UpdateChannelCommand({ arn: b, name: 'renamed-too' }));
    calls.length = 0;
    await store.channels.invalidate();
    await until(store.channels.get$(a), (e) => e.data?.name === 'renamed', 2000);
    await until(store.channels.get$(b), (e) => e.data?.name === 'renamed-too', 2000);
    expect(calls.sort()).toEqual(['BatchGetChannel', 'ListChannels']);
    for (const s of subs) s.unsubscribe();
  });

  it('an id: that channel only (and the lists); a predicate: the items whose data pass it', async () => {
    const { sim, store, calls } = await world();
    const arns = ['a', 'b', 'c'].map((name) => sim.control.ivs.createChannel({ name }).arn);
    const subs = arns.map((arn) => store.channels.get$(arn).subscribe());
    for (const arn of arns) await until(store.channels.get$(arn), ok);
    sim.control.clearRequests();
    calls.length = 0;
    await store.channels.invalidate(arns[0]);
    await sleep(200);
    await store.channels.invalidate((c) => c.name === 'b' || c.name === 'c');
    await sleep(200);
    // One read of one key, then one batch of two: GetChannel is what one ARN costs.
    expect(calls).toEqual(['GetChannel', 'BatchGetChannel']);
    expect(sim.control.requests({ operation: 'BatchGetChannel' }).map((r) => r.keys)).toEqual([2]);
    for (const s of subs) s.unsubscribe();
  });

  it('an unwatched cached entry counts as stale: the next subscriber reads it at once, within the interval', async () => {
    const { sim, store, calls } = await world();
    const arn = sim.control.ivs.createChannel({ name: 'a' }).arn;
    const first = store.channels.get$(arn).subscribe();
    await until(store.channels.get$(arn), ok);
    first.unsubscribe();
    await sleep(50);
    calls.length = 0;
    // Cached and fresh: a new subscriber is answered from the cache.
    const again = store.channels.get$(arn).subscribe();
    await sleep(100);
    again.unsubscribe();
    expect(calls).toEqual([]);
    await store.channels.invalidate(arn);
    expect(calls).toEqual([]); // nobody watches: nothing read yet
    const after = store.channels.get$(arn).subscribe();
    await sleep(200);
    expect(calls).toEqual(['GetChannel']);
    after.unsubscribe();
  });

  it("a stage's id also reaches what is read under it (its sessions)", async () => {
    const { sim, store, calls } = await world();
    const stage = sim.control.realtime.createStage({ name: 's' }).arn;
    const { sessionId } = sim.control.realtime.join(stage, { userId: 'ana' });
    const subs = ([store.stages.get$(stage), store.stages.session$(stage, sessionId)] as Observable<unknown>[]).map(
      (o) => o.subscribe(),
    );
    await until(store.stages.session$(stage, sessionId), ok);
    await until(store.stages.get$(stage), ok);
    calls.length = 0;
    await store.stages.invalidate(stage);
    await sleep(300);
    expect(calls.sort()).toEqual(['GetStage', 'GetStageSession']);
    for (const s of subs) s.unsubscribe();
  });

  it('a target that is neither an id nor a predicate is refused, and nothing is read', async () => {
    const { store, calls } = await world();
    calls.length = 0;
    const err = await store.channels.invalidate(42 as unknown as string).catch((e: unknown) => e);
    expect(isIvsStoreError(err) && err.kind === 'validation' && err.field === 'target').toBe(true);
    expect(String((err as Error).message)).toMatch(/invalidate: 'target' must be an id, a predicate/);
    expect(calls).toEqual([]);
  });
});

describe('staleTime: how old cached data may be and still show without a read when a query starts', () => {
  /** Reads a channel once, then nobody watches it for `idleMs` (no grace: polling stops at once). */
  async function cachedFor(idleMs: number) {
    w = await startStoreWorld({}, { refetchInterval: 60_000, graceTime: 0 });
    const calls: string[] = [];
    onSend(w.ivs, (op) => calls.push(op));
    const arn = w.sim.control.ivs.createChannel({ name: 'a' }).arn;
    const first = w.store.channels.get$(arn, { refetchInterval: 100 }).subscribe();
    await until(w.store.channels.get$(arn, { refetchInterval: 100 }), ok);
    first.unsubscribe();
    await sleep(idleMs);
    calls.length = 0;
    return { store: w.store, arn, calls };
  }
  /** What a subscription with `options` sends as it mounts (before its first poll). */
  async function mount(
    c: Awaited<ReturnType<typeof cachedFor>>,
    options: { refetchInterval: number; staleTime?: number },
  ) {
    const s = c.store.channels.get$(c.arn, options).subscribe();
    await sleep(40);
    s.unsubscribe();
    return [...c.calls];
  }

  it('by default, data older than the interval is read as the query starts', async () => {
    expect(await mount(await cachedFor(300), { refetchInterval: 100 })).toEqual(['GetChannel']);
  });

  it('staleTime: Infinity shows the cache as it is (polling still runs)', async () => {
    expect(await mount(await cachedFor(300), { refetchInterval: 100, staleTime: Number.POSITIVE_INFINITY })).toEqual(
      [],
    );
  });

  it('staleTime: 0 reads as every query starts, however fresh', async () => {
    const c = await cachedFor(0);
    expect(await mount(c, { refetchInterval: 60_000 })).toEqual([]);
    expect(await mount(c, { refetchInterval: 60_000, staleTime: 0 })).toEqual(['GetChannel']);
  });

  it('a bad staleTime is an error entry naming it, and nothing is sent', async () => {
    const c = await cachedFor(0);
    const e = await until(c.store.channels.get$(c.arn, { staleTime: -1 }), () => true);
    expect(e.status === 'error' && e.error.field).toBe('staleTime');
    expect(c.calls).toEqual([]);
  });
});
