// @vitest-environment happy-dom
// platform-browser's injectables are compiled at run time (JIT), as in a test of an app.
import '@angular/compiler';
import {
  type ApplicationRef,
  createEnvironmentInjector,
  type EnvironmentInjector,
  provideZonelessChangeDetection,
  runInInjectionContext,
  signal,
} from '@angular/core';
import { createApplication } from '@angular/platform-browser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ParticipantChange } from '../../src/index.js';
import {
  entrySignal,
  injectChannel,
  injectChannels,
  injectIvsStore,
  injectLiveStreams,
  injectParticipantChanges,
  injectParticipants,
  injectStreamHealth,
  provideIvsStore,
  skipToken,
} from '../../src/angular/index.js';
import { sleep, startWorld, until, type BindingWorld } from './setup.js';

/**
 * A real Angular application, zoneless, without a root component: its change-detection
 * scheduler runs the effects the inject functions create, as in an app.
 */
const application = (w: BindingWorld): Promise<ApplicationRef> =>
  createApplication({ providers: [provideZonelessChangeDetection(), provideIvsStore(w.store)] });

describe('ivs-store/angular: signals for changing ARNs, skipToken, enabled, select (a zoneless application)', () => {
  let w: BindingWorld;
  let app: ApplicationRef;
  /** A component's injection context: destroyed like a component. */
  let context: EnvironmentInjector;
  const inContext = <T>(fn: () => T): T => runInInjectionContext(context, fn);
  beforeEach(async () => {
    w = await startWorld();
    app = await application(w);
    context = createEnvironmentInjector([], app.injector);
  });
  afterEach(async () => {
    if (!context.destroyed) context.destroy();
    app.destroy();
    await w.stop();
  });

  const stopsPolling = async (operation?: string) => {
    await sleep(1200); // grace, and any poll already waiting for quota
    const calls = w.sim.control.countRequests(operation ? { operation } : undefined);
    await sleep(500);
    expect(w.sim.control.countRequests(operation ? { operation } : undefined)).toBe(calls);
  };

  it('injectChannel(() => arn()): follows the signal; the old ARN is no longer read; destroy stops the polls', async () => {
    const a = w.sim.control.ivs.createChannel({ name: 'uno' }).arn;
    const b = w.sim.control.ivs.createChannel({ name: 'dos' }).arn;
    const arn = signal(a);
    const channel = inContext(() => injectChannel(() => arn()));
    expect(channel().status).toBe('loading');
    await until(() => channel().data?.name === 'uno');
    arn.set(b);
    expect(channel().status).toBe('loading'); // at once: never the previous ARN's channel
    expect(channel().data).toBeUndefined();
    await until(() => channel().data?.name === 'dos');
    await sleep(300);
    w.sim.control.clearRequests();
    await sleep(1200);
    expect(new Set(w.sim.control.requests({ operation: 'GetChannel' }).map((r) => r.resource))).toEqual(new Set([b]));
    context.destroy();
    await stopsPolling();
  });

  it('skipToken and enabled: nothing read until the signal gives an ARN or enables; disabled again stops', async () => {
    const a = w.sim.control.ivs.createChannel({ name: 'later' }).arn;
    const arn = signal<string | undefined>(undefined);
    const on = signal(false);
    const [channel, health, list] = inContext(
      () =>
        [
          injectChannel(() => arn() ?? skipToken),
          injectStreamHealth(a, () => ({ enabled: on() })),
          injectChannels(undefined, () => ({ enabled: on(), refetchInterval: 200 })),
        ] as const,
    );
    w.sim.control.clearRequests();
    await sleep(500);
    expect(channel()).toMatchObject({ status: 'loading', fetching: false, data: undefined });
    expect(health()).toBeUndefined();
    expect(list().status).toBe('loading');
    expect(w.sim.control.countRequests()).toBe(0);
    arn.set(a);
    await until(() => channel().data?.name === 'later');
    on.set(true);
    await until(() => health()?.state === 'OFFLINE' && list().status === 'success');
    arn.set(undefined);
    on.set(false);
    await until(() => channel().status === 'loading' && list().status === 'loading' && health() === undefined);
    await stopsPolling();
  });

  it('select inline: runs once per data change, not per poll or fetching flip; an equal result keeps its identity', async () => {
    const a = w.sim.control.ivs.createChannel({ name: 'first' }).arn;
    const inputs: unknown[] = [];
    const seen = new Set<unknown>();
    let listSelects = 0;
    const [name, arns] = inContext(
      () =>
        [
          injectChannel(a, {
            select: (c) => {
              inputs.push(c);
              return c.name?.toUpperCase();
            },
          }),
          injectChannels(undefined, {
            select: (list) => {
              listSelects++;
              return list.map((c) => c.arn);
            },
          }),
        ] as const,
    );
    // Both read first: the list's summaries merge into the channel entry, which may be news
    // to it (a field only summaries carry), so only from then on is nothing new.
    await until(() => name().data === 'FIRST' && arns().data !== undefined);
    await sleep(300);
    const settled = inputs.length;
    for (let i = 0; i < 8; i++) {
      // read as a template would, between polls
      name();
      if (arns().data) seen.add(arns().data);
      await sleep(100);
    }
    expect(inputs.length).toBe(settled);
    expect(new Set(inputs).size).toBe(inputs.length); // never twice for the same data
    await w.store.channels.update({ arn: a, name: 'second' });
    await until(() => name().data === 'SECOND');
    expect(inputs.length).toBeGreaterThan(settled);
    await until(() => {
      if (arns().data) seen.add(arns().data);
      return listSelects >= 2;
    });
    if (arns().data) seen.add(arns().data);
    expect(seen.size).toBe(1); // the names changed, the ARNs did not: one array all along
  });

  it('injectChannels(() => filter()) switches the list; injectLiveStreams with select', async () => {
    w.sim.control.ivs.createChannel({ name: 'alpha' });
    const beta = w.sim.control.ivs.createChannel({ name: 'beta' }).arn;
    w.sim.control.ivs.goLive(beta, { viewerCount: 4 });
    const filter = signal({ filterByName: 'alpha' });
    const [list, live] = inContext(
      () =>
        [
          injectChannels(() => filter()),
          injectLiveStreams(undefined, { select: (streams) => streams.map((s) => s.channelArn) }),
        ] as const,
    );
    await until(
      () =>
        list()
          .data?.map((c) => c.name)
          .join() === 'alpha',
    );
    filter.set({ filterByName: 'alpha' }); // an equal filter: no switch
    expect(list().status).toBe('success');
    filter.set({ filterByName: 'beta' });
    await until(
      () =>
        list()
          .data?.map((c) => c.name)
          .join() === 'beta',
    );
    await until(() => live().data?.includes(beta) === true);
  });

  it('injectParticipantChanges: callback and signal while the context lives; nothing after destroy', async () => {
    const stage = w.sim.control.realtime.createStage({ name: 'ng' }).arn;
    const heard: ParticipantChange[] = [];
    const [last, count] = inContext(
      () =>
        [
          injectParticipantChanges(
            () => stage,
            (c) => heard.push(c),
          ),
          injectParticipants(stage, { select: (ps) => ps.length }),
        ] as const,
    );
    await until(() => count().data === 0);
    const { participantId } = w.sim.control.realtime.join(stage, { userId: 'bo' });
    await until(() => last()?.type === 'joined' && count().data === 1);
    expect(last()?.participant.userId).toBe('bo');
    expect(heard.map((c) => c.type)).toEqual(['joined']);
    context.destroy();
    w.sim.control.realtime.leave(stage, participantId);
    await sleep(800);
    expect(heard.map((c) => c.type)).toEqual(['joined']);
  });

  it('entrySignal takes a function of signals too', async () => {
    const a = w.sim.control.ivs.createChannel({ name: 'fn' }).arn;
    const which = signal<string | undefined>(undefined);
    const e = inContext(() => {
      const store = injectIvsStore();
      return entrySignal(() => {
        const arn = which();
        return arn ? store.channels.get$(arn) : undefined;
      });
    });
    await sleep(200);
    expect(e().status).toBe('loading');
    which.set(a);
    await until(() => e().data?.name === 'fn');
  });
});
