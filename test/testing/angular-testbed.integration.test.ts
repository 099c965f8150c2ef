// @vitest-environment happy-dom
import '@angular/compiler';
import { TestBed } from '@angular/core/testing';
import { BrowserTestingModule, platformBrowserTesting } from '@angular/platform-browser/testing';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IVS_STORE, injectChannel } from '../../src/angular/index.js';
import { createTestStore, waitFor, type TestStore } from '../../src/testing/index.js';
import { pollNow, provideIvsTestStore } from '../../src/testing/angular.js';
import { until } from '../bindings/setup.js';
import { ChannelPage, ChannelTile, textOf } from './angular-channel-tile.js';

/**
 * `provideIvsTestStore` in Angular's TestBed as an app's tests use it: a browser testing
 * platform (happy-dom), JIT, zoneless change detection (Angular 21's default), real
 * standalone components rendered by `TestBed.createComponent`.
 */
beforeAll(() => {
  TestBed.initTestEnvironment(BrowserTestingModule, platformBrowserTesting());
});

describe('ivs-store/testing/angular in TestBed (zoneless)', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await createTestStore({ seed: 24 });
  });
  afterEach(async () => {
    // vitest without `globals: true` has no global afterEach for TestBed to reset itself with.
    TestBed.resetTestingModule();
    await t.stop();
  });

  it("the README's example: injectChannel in TestBed's injection context, read after settled()", async () => {
    TestBed.configureTestingModule({ providers: [provideIvsTestStore(t.store)] });
    const arn = t.control.ivs.createChannel({ name: 'lobby' }).arn;
    const channel = TestBed.runInInjectionContext(() => injectChannel(arn));
    await t.settled();
    expect(channel().data?.name).toBe('lobby');
  });

  it('a component with injectChannel(() => this.arn()) renders the world, its changes, and a new ARN', async () => {
    TestBed.configureTestingModule({ providers: [provideIvsTestStore(t.store)] });
    const a = t.control.ivs.createChannel({ name: 'uno' }).arn;
    const b = t.control.ivs.createChannel({ name: 'dos' }).arn;
    const fixture = TestBed.createComponent(ChannelTile);
    fixture.componentRef.setInput('arn', a);
    fixture.detectChanges();
    expect(textOf(fixture.nativeElement)).toBe('loading · …');

    await until(() => fixture.componentInstance.health()?.state === 'OFFLINE');
    await fixture.whenStable();
    expect(textOf(fixture.nativeElement)).toBe('uno · OFFLINE');

    t.control.ivs.goLive(a, { viewerCount: 4 });
    await t.pollNow();
    await until(() => fixture.componentInstance.health()?.state === 'LIVE');
    await fixture.whenStable();
    expect(textOf(fixture.nativeElement)).toBe('uno · LIVE');

    fixture.componentRef.setInput('arn', b);
    fixture.detectChanges();
    expect(textOf(fixture.nativeElement)).toBe('loading · …'); // never the previous ARN's channel
    await until(() => fixture.componentInstance.channel().data?.name === 'dos');
    await until(() => fixture.componentInstance.health()?.state === 'OFFLINE');
    await fixture.whenStable();
    expect(textOf(fixture.nativeElement)).toBe('dos · OFFLINE');
    fixture.destroy();
  });

  it('a page passing a signal to the tile through its template: set() re-renders without detectChanges', async () => {
    TestBed.configureTestingModule({ providers: [provideIvsTestStore(t.store)] });
    const a = t.control.ivs.createChannel({ name: 'north' }).arn;
    const b = t.control.ivs.createChannel({ name: 'south' }).arn;
    t.control.ivs.goLive(b);
    const fixture = TestBed.createComponent(ChannelPage);
    fixture.componentInstance.arn.set(a);
    await until(() => textOf(fixture.nativeElement) === 'north · OFFLINE'); // autoDetect: zoneless' default
    fixture.componentInstance.arn.set(b);
    await until(() => textOf(fixture.nativeElement) === 'south · LIVE');
    await fixture.whenStable();
    expect(textOf(fixture.nativeElement)).toBe('south · LIVE');
  });

  it('provideIvsTestStore(store): the given store outlives the fixture and TestBed', async () => {
    TestBed.configureTestingModule({ providers: [provideIvsTestStore(t.store)] });
    const arn = t.control.ivs.createChannel({ name: 'kept' }).arn;
    const fixture = TestBed.createComponent(ChannelTile);
    fixture.componentRef.setInput('arn', arn);
    await until(() => textOf(fixture.nativeElement) === 'kept · OFFLINE');
    expect(TestBed.inject(IVS_STORE)).toBe(t.store);
    fixture.destroy();
    TestBed.resetTestingModule();
    await expect(t.store.channels.refresh()).resolves.toBeUndefined();
    expect((await waitFor(t.store.channels.get$(arn), (e) => e.status === 'success')).data?.name).toBe('kept');
  });

  it('provideIvsTestStore(options): the store it made lives while TestBed does, and is disposed when it resets', async () => {
    TestBed.configureTestingModule({ providers: [provideIvsTestStore({ ivs: t.ivs })] });
    const arn = t.control.ivs.createChannel({ name: 'made' }).arn;
    const fixture = TestBed.createComponent(ChannelTile);
    fixture.componentRef.setInput('arn', arn);
    const made = TestBed.inject(IVS_STORE);
    expect(made).not.toBe(t.store);
    await until(() => textOf(fixture.nativeElement) === 'made · OFFLINE');

    t.control.ivs.goLive(arn);
    pollNow(made); // a store the provider made: the test's pollNow is for t.store
    await t.settled();
    await until(() => textOf(fixture.nativeElement) === 'made · LIVE');

    fixture.destroy(); // the component's reads end; the store belongs to TestBed's injector
    await expect(made.channels.refresh()).resolves.toBeUndefined();
    TestBed.resetTestingModule();
    await expect(made.channels.refresh()).rejects.toMatchObject({ kind: 'disposed' });
  });

  it('provideIvsTestStore(options): resetting TestBed with the fixture still alive disposes the store too', async () => {
    TestBed.configureTestingModule({ providers: [provideIvsTestStore({ ivs: t.ivs })] });
    const arn = t.control.ivs.createChannel({ name: 'torn' }).arn;
    const fixture = TestBed.createComponent(ChannelTile);
    fixture.componentRef.setInput('arn', arn);
    const made = TestBed.inject(IVS_STORE);
    await until(() => textOf(fixture.nativeElement) === 'torn · OFFLINE');
    TestBed.resetTestingModule();
    await expect(made.channels.refresh()).rejects.toMatchObject({ kind: 'disposed' });
    const calls = t.control.countRequests();
    await new Promise((r) => setTimeout(r, 300));
    expect(t.control.countRequests()).toBe(calls); // nothing reads after the reset
  });
});
