import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IvsStore } from '../../../src/index.js';
import type { IvsSimulator } from '../../../src/simulator/index.js';
import { ok, startStoreWorld, until, type StoreWorld } from '../../support/world.js';

const pem = () =>
  generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('the other IVS resources through the store', () => {
  let w: StoreWorld;
  let sim: IvsSimulator;
  let store: IvsStore;
  beforeEach(async () => {
    w = await startStoreWorld({ seed: 41 });
    ({ sim, store } = w);
  });
  afterEach(() => w.stop());

  it('recording configurations: create, get$, list$; a channel using one makes delete a conflict, unchanged', async () => {
    const rc = await store.recordingConfigurations.create({
      name: 'rec',
      destinationConfiguration: { s3: { bucketName: 'bucket-1' } },
    });
    expect(rc).toMatchObject({ name: 'rec', state: 'ACTIVE' });
    expect((await until(store.recordingConfigurations.get$(rc.arn!), ok)).data?.name).toBe('rec');
    const list = store.recordingConfigurations.list$();
    const sub = list.subscribe();
    expect((await until(list, ok)).data?.map((r) => r.arn)).toEqual([rc.arn]);
    await store.channels.create({ name: 'uses-rec', recordingConfigurationArn: rc.arn! });
    await expect(store.recordingConfigurations.delete(rc.arn!)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'ConflictException',
      status: 409,
    });
    await expect(
      store.recordingConfigurations.create({
        name: 'bad name',
        destinationConfiguration: { s3: { bucketName: 'b-2' } },
      }),
    ).rejects.toMatchObject({ kind: 'validation', field: 'name' });
    sub.unsubscribe();
  });

  it('playback key pairs: import, get$, list$, delete → not-found', async () => {
    const kp = await store.playbackKeyPairs.import({ publicKeyMaterial: pem(), name: 'signer' });
    expect(kp.fingerprint).toMatch(/:/);
    const one = store.playbackKeyPairs.get$(kp.arn!);
    const sub = one.subscribe();
    await until(one, ok);
    expect((await until(store.playbackKeyPairs.list$(), ok)).data?.map((k) => k.name)).toEqual(['signer']);
    await store.playbackKeyPairs.delete(kp.arn!);
    await until(one, (e) => e.status === 'not-found');
    sub.unsubscribe();
  });

  it('playback restriction policies and ad configurations: create, update (cache follows), list, delete', async () => {
    const p = await store.playbackRestrictionPolicies.create({ name: 'eu', allowedCountries: ['DE'] });
    const p$ = store.playbackRestrictionPolicies.get$(p.arn!);
    const sub = p$.subscribe();
    await until(p$, ok);
    await store.playbackRestrictionPolicies.update({ arn: p.arn, allowedCountries: ['DE', 'FR'] });
    expect((await until(p$, (e) => e.data?.allowedCountries?.length === 2)).data?.allowedCountries).toEqual([
      'DE',
      'FR',
    ]);
    expect((await until(store.playbackRestrictionPolicies.list$(), ok)).data).toHaveLength(1);
    await store.playbackRestrictionPolicies.delete(p.arn!);
    await until(p$, (e) => e.status === 'not-found');
    sub.unsubscribe();

    const ad = await store.adConfigurations.create({
      name: 'ads',
      mediaTailorPlaybackConfigurations: [
        { playbackConfigurationArn: 'arn:aws:mediatailor:us-east-1:123456789012:playbackConfiguration/x' },
      ],
    });
    const updated = await store.adConfigurations.update({
      arn: ad.arn,
      postRollConfiguration: { enabled: true, durationSeconds: 20 },
    });
    expect(updated.postRollConfiguration).toEqual({ enabled: true, durationSeconds: 20 });
    expect((await until(store.adConfigurations.get$(ad.arn!), ok)).data?.postRollConfiguration?.enabled).toBe(true);
    expect((await until(store.adConfigurations.list$(), ok)).data?.map((a) => a.arn)).toEqual([ad.arn]);

    const { channel } = await store.channels.create({ name: 'with-ads', adConfigurationArn: ad.arn });
    sim.control.ivs.goLive(channel.arn!);
    expect(await store.streams.insertAdBreak(channel.arn!, 30)).toMatch(/^[a-zA-Z0-9]{12}$/);
    await expect(store.streams.insertAdBreak(channel.arn!, 0)).rejects.toMatchObject({
      kind: 'validation',
      field: 'durationSeconds',
    });
    sim.control.ivs.goOffline(channel.arn!);
    await store.channels.update({ arn: channel.arn!, adConfigurationArn: '' });
    await store.adConfigurations.delete(ad.arn!);
  });

  it('stream sessions: newest first, the latest or a given one, with events', async () => {
    const arn = sim.control.ivs.createChannel({ name: 'sessions' }).arn;
    const first = sim.control.ivs.goLive(arn).streamId;
    sim.control.ivs.goOffline(arn);
    const second = sim.control.ivs.goLive(arn).streamId;
    expect((await until(store.streamSessions.list$(arn), ok)).data?.map((s) => s.streamId)).toEqual([second, first]);
    expect((await until(store.streamSessions.get$(arn), ok)).data?.streamId).toBe(second);
    const old = await until(store.streamSessions.get$(arn, first), ok);
    expect(old.data?.endTime).toBeInstanceOf(Date);
    expect(old.data?.truncatedEvents?.map((e) => e.name)).toContain('Stream Start');
    expect((await until(store.streamSessions.get$(arn, 'nope'), (e) => e.status === 'error')).error).toMatchObject({
      kind: 'validation',
      field: 'streamId',
    });
  });

  it('tags: get$, tag and untag, reflected into the cached resource', async () => {
    const { channel } = await store.channels.create({ name: 'tagged', tags: { a: '1' } });
    const ch$ = store.channels.get$(channel.arn!);
    const t$ = store.tags.get$(channel.arn!);
    const subs = [ch$.subscribe(), t$.subscribe()];
    expect((await until(t$, ok)).data).toEqual({ a: '1' });
    await store.tags.tag(channel.arn!, { b: '2' });
    expect((await until(ch$, (e) => e.data?.tags?.b === '2')).data?.tags).toEqual({ a: '1', b: '2' });
    expect((await until(t$, (e) => e.data?.b === '2')).data).toEqual({ a: '1', b: '2' });
    await store.tags.untag(channel.arn!, ['a']);
    expect((await until(ch$, (e) => e.data?.tags?.a === undefined)).data?.tags).toEqual({ b: '2' });
    // A bad argument of an Observable method is an error entry, never a synchronous throw.
    expect(
      (await until(store.tags.get$('arn:aws:ivs:us-east-1:123456789012:stage/abc'), (e) => e.status === 'error')).error,
    ).toMatchObject({
      kind: 'validation',
      field: 'resourceArn',
      message: expect.stringMatching(/must be the ARN of a taggable resource \(channel, /),
    });
    await expect(
      store.tags.tag(channel.arn!, Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))),
    ).rejects.toMatchObject({ kind: 'validation', field: 'tags' });
    subs.forEach((s) => s.unsubscribe());
  });

  it('viewer-session revocations of one tick go out as one batch, each failing only on its own error', async () => {
    const arn = sim.control.ivs.createChannel({ name: 'viewers' }).arn;
    const ghost = 'arn:aws:ivs:us-east-1:123456789012:channel/ghostChannel';
    const results = await Promise.allSettled([
      store.viewerSessions.revoke({ channelArn: arn, viewerId: 'v1' }),
      store.viewerSessions.revoke({ channelArn: arn, viewerId: 'v2', viewerSessionVersionsLessThanOrEqualTo: 3 }),
      store.viewerSessions.revoke({ channelArn: ghost, viewerId: 'v3' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({
      kind: 'not-found',
      code: 'ResourceNotFoundException',
    });
    expect(sim.control.requests({ operation: 'BatchStartViewerSessionRevocation' }).map((r) => r.keys)).toEqual([3]);
    await store.viewerSessions.revoke({ channelArn: arn, viewerId: 'alone' });
    expect(sim.control.countRequests({ operation: 'StartViewerSessionRevocation' })).toBe(1);
    const many = await Promise.allSettled(
      Array.from({ length: 45 }, (_, i) => store.viewerSessions.revoke({ channelArn: arn, viewerId: `m${i}` })),
    );
    expect(many.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(sim.control.requests({ operation: 'BatchStartViewerSessionRevocation' }).map((r) => r.keys)).toEqual([
      3, 20, 20, 5,
    ]);
    await expect(store.viewerSessions.revoke({ channelArn: arn, viewerId: '' })).rejects.toMatchObject({
      kind: 'validation',
      field: 'viewerId',
    });
  });
});
