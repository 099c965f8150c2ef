import { UpdateChannelCommand } from '@aws-sdk/client-ivs';
import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { ok, sleep, startStoreWorld, type StoreWorld, until } from '../support/world.js';

let w: StoreWorld | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

/** A world with `n` channels named c00, c01, …, and a clean request log. */
async function world(n: number, refetchInterval = 60_000, graceTime?: number) {
  w = await startStoreWorld({}, { refetchInterval, ...(graceTime === undefined ? {} : { graceTime }) });
  const arns = Array.from(
    { length: n },
    (_, i) => w?.sim.control.ivs.createChannel({ name: `c${String(i).padStart(2, '0')}` }).arn as string,
  );
  w.sim.control.clearRequests();
  return { ...w, arns };
}

describe('pages$ against the simulator', () => {
  it('reads one page per call, with the page size as maxResults, and follows nextToken to the end', async () => {
    const { sim, store } = await world(12);
    const pages$ = store.channels.pages$(undefined, { pageSize: 5 });
    const sub = pages$.subscribe();
    let e = await until(pages$, ok);
    expect(e.data?.pages.map((p) => p.length)).toEqual([5]);
    expect(e.hasNextPage).toBe(true);
    expect(sim.control.countRequests({ operation: 'ListChannels' })).toBe(1);
    await e.fetchNextPage();
    await e.fetchNextPage();
    e = await until(pages$, (x) => x.data?.pages.length === 3);
    expect(e.data?.pages.map((p) => p.length)).toEqual([5, 5, 2]);
    expect(e.data?.items.map((c) => c.name)).toEqual(
      Array.from({ length: 12 }, (_, i) => `c${String(i).padStart(2, '0')}`),
    );
    expect(e.hasNextPage).toBe(false);
    await e.fetchNextPage(); // the end: no call
    expect(sim.control.countRequests({ operation: 'ListChannels' })).toBe(3);
    expect(sim.control.countRequests()).toBe(3);
    sub.unsubscribe();
  });

  it('concurrent fetchNextPage calls make one call', async () => {
    const { sim, store } = await world(6);
    const pages$ = store.channels.pages$(undefined, { pageSize: 2 });
    const sub = pages$.subscribe();
    const e = await until(pages$, ok);
    await Promise.all([e.fetchNextPage(), e.fetchNextPage(), e.fetchNextPage()]);
    expect(sim.control.countRequests({ operation: 'ListChannels' })).toBe(2);
    const last = await firstValueFrom(pages$);
    expect(last.data?.pages.length).toBe(2);
    sub.unsubscribe();
  });

  it('shares the channel entries with get$ and list$ both ways', async () => {
    const { sim, store, ivs, arns } = await world(4);
    const pages$ = store.channels.pages$(undefined, { pageSize: 2 });
    const subs = [pages$.subscribe(), store.channels.get$(arns[3] as string).subscribe()];
    await until(pages$, ok);
    await until(store.channels.get$(arns[3] as string), ok);
    // get$'s read of a rename shows in the pages.
    await ivs.send(new UpdateChannelCommand({ arn: arns[0], name: 'renamed' }));
    // (staleTime 0: the entry is fresh from the page read, and get$ would not read it again.)
    const one = store.channels.get$(arns[0] as string, { staleTime: 0 }).subscribe();
    await until(pages$, (e) => e.data?.items[0]?.name === 'renamed');
    // A page read brings a rename get$ shows.
    await ivs.send(new UpdateChannelCommand({ arn: arns[3], name: 'renamed-3' }));
    const e = await firstValueFrom(pages$);
    await e.fetchNextPage();
    await until(store.channels.get$(arns[3] as string), (x) => x.data?.name === 'renamed-3');
    // And list$ shows what both read, from the same entries.
    const list = await until(store.channels.list$(), ok);
    expect(list.data?.map((c) => c.name)).toEqual(['renamed', 'c01', 'c02', 'renamed-3']);
    expect(sim.control.countRequests({ operation: 'ListChannels' })).toBe(3); // two pages, one list
    for (const s of [...subs, one]) s.unsubscribe();
  });

  it('a poll re-reads the pages loaded, from the first; a failed next page keeps the pages', async () => {
    const { sim, store, ivs, arns } = await world(5, 300);
    const pages$ = store.channels.pages$(undefined, { pageSize: 2 });
    const sub = pages$.subscribe();
    const e = await until(pages$, ok);
    await e.fetchNextPage();
    await until(pages$, (x) => x.data?.pages.length === 2);
    sim.control.clearRequests();
    await ivs.send(new UpdateChannelCommand({ arn: arns[2], name: 'moved' }));
    const moved = await until(pages$, (x) => x.data?.items[2]?.name === 'moved', 5000);
    // The poll read both pages again (the change is on the second), and kept two pages.
    expect(moved.data?.pages.map((p) => p.length)).toEqual([2, 2]);
    expect(sim.control.countRequests({ operation: 'ListChannels' })).toBeGreaterThanOrEqual(2);

    const fault = sim.control.injectFault({
      operations: ['ListChannels'],
      error: 'AccessDeniedException',
      errorRate: 1,
    });
    const failed = await firstValueFrom(pages$);
    await failed.fetchNextPage().catch(() => undefined);
    const after = await until(pages$, (x) => x.status === 'error');
    expect(after.error?.kind).toBe('access');
    expect(after.data?.items.length).toBeGreaterThanOrEqual(4);
    fault.remove();
    sub.unsubscribe();
  });

  it('refuses a page size beyond the operation limit, naming it, before any call', async () => {
    const { sim, store } = await world(0);
    const e = await firstValueFrom(store.channels.pages$(undefined, { pageSize: 101 }));
    expect(e).toMatchObject({ status: 'error', error: { kind: 'validation', field: 'pageSize' } });
    expect(e.error?.message).toMatch(/ListChannels: 'pageSize' must be an integer 1–100/);
    const zero = await firstValueFrom(store.recordingConfigurations.pages$({ pageSize: 0 }));
    expect(zero.error?.field).toBe('pageSize');
    await sleep(50);
    expect(sim.control.countRequests()).toBe(0);
  });

  it('stops polling once unsubscribed', async () => {
    const { sim, store } = await world(3, 100, 0);
    const pages$ = store.channels.pages$(undefined, { pageSize: 2 });
    const sub = pages$.subscribe();
    await until(pages$, ok);
    await sleep(350);
    expect(sim.control.countRequests()).toBeGreaterThan(1); // it polled
    sub.unsubscribe();
    await sleep(150); // a poll already sent may land
    const n = sim.control.countRequests();
    await sleep(500);
    expect(sim.control.countRequests()).toBe(n);
  });
});
