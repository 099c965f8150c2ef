// @vitest-environment happy-dom
// zone.js before Angular, as an app's polyfills load it (this file's worker only: vitest isolates files).
// `mix` patches Node's event emitters too, so the SDK's answers over Node's http come back in
// the zone that sent the call, as fetch's do in a browser.
import 'zone.js/mix';
import 'zone.js/testing';
import '@angular/compiler';
import { ApplicationRef, NgZone, provideZoneChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { BrowserTestingModule, platformBrowserTesting } from '@angular/platform-browser/testing';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  IVS_STORE,
  injectInfiniteChannels,
  injectMutation,
  injectParticipantChanges,
} from '../../src/angular/index.js';
import { createTestStore, type TestStore } from '../../src/testing/index.js';
import { pollNow, provideIvsTestStore } from '../../src/testing/angular.js';
import { ChannelPage, ChannelTile, textOf } from '../testing/angular-channel-tile.js';
import { until } from './setup.js';

/**
 * ivs-store/angular under zone.js change detection (`provideZoneChangeDetection`), the same
 * components and flow as the zoneless TestBed tests: the values land in signals, and the
 * view shows them with `detectChanges()` or on its own with `autoDetectChanges()`.
 */
beforeAll(() => {
  TestBed.initTestEnvironment(BrowserTestingModule, platformBrowserTesting());
});

describe('ivs-store/angular with zone.js (TestBed, provideZoneChangeDetection)', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await createTestStore({ seed: 25 });
  });
  afterEach(async () => {
    TestBed.resetTestingModule();
    await t.stop();
  });

  /** The app's whenStable(), failing fast rather than at the test's timeout. */
  const stable = (ms = 2000) =>
    Promise.race([
      TestBed.inject(ApplicationRef).whenStable(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`not stable within ${ms} ms`)), ms)),
    ]);

  const configure = (store: Parameters<typeof provideIvsTestStore>[0] = t.store) =>
    TestBed.configureTestingModule({ providers: [provideZoneChangeDetection(), provideIvsTestStore(store)] });

  it('runs in a real NgZone', () => {
    configure();
    const zone = TestBed.inject(NgZone);
    expect(typeof (globalThis as { Zone?: unknown }).Zone).toBe('function');
    expect(zone.constructor).toBe(NgZone); // not the NoopNgZone of zoneless
    expect(zone.run(() => NgZone.isInAngularZone())).toBe(true);
  });

  it('detectChanges(): the values land in signals and the view shows them; a new ARN shows loading at once', async () => {
    configure();
    const a = t.control.ivs.createChannel({ name: 'uno' }).arn;
    const b = t.control.ivs.createChannel({ name: 'dos' }).arn;
    const fixture = TestBed.createComponent(ChannelTile);
    fixture.componentRef.setInput('arn', a);
    fixture.detectChanges();
    expect(textOf(fixture.nativeElement)).toBe('loading · …');

    await until(() => fixture.componentInstance.health()?.state === 'OFFLINE');
    expect(fixture.componentInstance.channel().data?.name).toBe('uno');
    await new Promise((r) => setTimeout(r, 50));
    expect(textOf(fixture.nativeElement)).toBe('loading · …'); // zone.js' default: no autoDetect, the test drives
    fixture.detectChanges();
    expect(textOf(fixture.nativeElement)).toBe('uno · OFFLINE');

    t.control.ivs.goLive(a);
    await t.pollNow();
    await until(() => fixture.componentInstance.health()?.state === 'LIVE');
    fixture.detectChanges();
    expect(textOf(fixture.nativeElement)).toBe('uno · LIVE');

    fixture.componentRef.setInput('arn', b);
    fixture.detectChanges();
    expect(textOf(fixture.nativeElement)).toBe('loading · …');
    await until(() => fixture.componentInstance.health()?.state === 'OFFLINE');
    await until(() => fixture.componentInstance.channel().data?.name === 'dos');
    fixture.detectChanges();
    expect(textOf(fixture.nativeElement)).toBe('dos · OFFLINE');
    fixture.destroy();
  });

  it('autoDetectChanges(): the view follows the store and a signal on its own', async () => {
    configure();
    const a = t.control.ivs.createChannel({ name: 'north' }).arn;
    const b = t.control.ivs.createChannel({ name: 'south' }).arn;
    t.control.ivs.goLive(b);
    const fixture = TestBed.createComponent(ChannelPage);
    fixture.autoDetectChanges();
    fixture.componentInstance.arn.set(a);
    await until(() => textOf(fixture.nativeElement) === 'north · OFFLINE');
    t.control.ivs.goLive(a);
    await t.pollNow();
    await until(() => textOf(fixture.nativeElement) === 'north · LIVE');
    fixture.componentInstance.arn.set(b);
    await until(() => textOf(fixture.nativeElement) === 'south · LIVE');
  });

  it('whenStable() resolves while the component watches (polling does not keep the zone busy)', async () => {
    configure();
    const arn = t.control.ivs.createChannel({ name: 'calm' }).arn;
    const fixture = TestBed.createComponent(ChannelTile);
    fixture.componentRef.setInput('arn', arn);
    fixture.autoDetectChanges();
    await until(() => fixture.componentInstance.health()?.state === 'OFFLINE');
    await stable(); // within 2 s: the next poll is 5 s away
    await fixture.whenStable();
    expect(textOf(fixture.nativeElement)).toBe('calm · OFFLINE');
  });

  it('a store provideIvsTestStore(options) made is disposed when TestBed resets', async () => {
    configure({ ivs: t.ivs });
    const arn = t.control.ivs.createChannel({ name: 'made' }).arn;
    const fixture = TestBed.createComponent(ChannelTile);
    fixture.componentRef.setInput('arn', arn);
    fixture.autoDetectChanges();
    const made = TestBed.inject(IVS_STORE);
    await until(() => textOf(fixture.nativeElement) === 'made · OFFLINE');
    t.control.ivs.goLive(arn);
    pollNow(made);
    await until(() => textOf(fixture.nativeElement) === 'made · LIVE');
    fixture.destroy();
    TestBed.resetTestingModule();
    await expect(made.channels.refresh()).rejects.toMatchObject({ kind: 'disposed' });
  });

  it("stable again after a component that watched is destroyed (grace and gc timers are not the zone's)", async () => {
    configure();
    const arn = t.control.ivs.createChannel({ name: 'gone' }).arn;
    const fixture = TestBed.createComponent(ChannelTile);
    fixture.componentRef.setInput('arn', arn);
    fixture.autoDetectChanges();
    await until(() => textOf(fixture.nativeElement) === 'gone · OFFLINE');
    TestBed.inject(NgZone).run(() => fixture.destroy());
    await stable();
  });

  it('stable after a mutation started in the zone (a click handler) has settled', async () => {
    configure();
    const arn = t.control.ivs.createChannel({ name: 'old' }).arn;
    const rename = TestBed.runInInjectionContext(() => injectMutation((s) => s.channels.update));
    TestBed.inject(NgZone).run(() => rename.mutate({ arn, name: 'new' }));
    await until(() => rename.status() === 'success');
    expect(rename.data()?.name).toBe('new');
    await stable();
  });

  it('stable while a paged list is watched', async () => {
    configure();
    t.control.ivs.createChannel({ name: 'paged' });
    const zone = TestBed.inject(NgZone);
    const list = zone.run(() =>
      TestBed.runInInjectionContext(() => injectInfiniteChannels(undefined, { pageSize: 5 })),
    );
    await until(() => zone.run(() => list()).data?.pages.length === 1);
    await stable();
  });

  it("a callback given to an inject function runs in Angular's zone, though the store works outside it", async () => {
    configure();
    const stage = t.control.realtime.createStage({ name: 'zoned' }).arn;
    await t.store.participants.refresh(); // their code loaded, so settled() sees the first read
    const heard: Array<{ type: string; inZone: boolean }> = [];
    const zone = TestBed.inject(NgZone);
    const last = zone.run(() =>
      TestBed.runInInjectionContext(() =>
        injectParticipantChanges(stage, (c) => heard.push({ type: c.type, inZone: NgZone.isInAngularZone() })),
      ),
    );
    await t.settled();
    t.control.realtime.join(stage, { userId: 'bo' });
    await t.pollNow();
    await until(() => last()?.type === 'joined');
    expect(heard).toEqual([{ type: 'joined', inZone: true }]);
    await stable();
  });
});
