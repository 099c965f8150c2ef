import { generateKeyPairSync } from 'node:crypto';
import type { IvsClient } from '@aws-sdk/client-ivs';
import type { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import { realtimeResources } from '../../../src/realtime/index.js';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIvsStore, Secret, type IvsStore, type ParticipantChange } from '../../../src/index.js';
import type { IvsSimulator } from '../../../src/simulator/index.js';
import { mostWithin, ok, sendTimes, sleep, startStoreWorld, until, type StoreWorld } from '../../support/world.js';

describe('IVS RealTime through the store', () => {
  let w: StoreWorld;
  let sim: IvsSimulator;
  let ivs: IvsClient;
  let realtime: IVSRealTimeClient;
  let store: IvsStore;
  beforeEach(async () => {
    w = await startStoreWorld({ seed: 51, quotas: true, timings: { compositionStartMs: 300, compositionStopMs: 200 } });
    ({ sim, store, ivs, realtime } = w);
  });
  afterEach(() => w.stop());

  it('changes$ yields exactly the joins, publishes and leaves, and follows a new session', async () => {
    const stage = sim.control.realtime.createStage({ name: 'show' }).arn;
    const changes: ParticipantChange[] = [];
    const sub = store.participants.changes$(stage, { refetchInterval: 100 }).subscribe((c) => changes.push(c));
    // Each move waits until the store has seen the previous one (polling under a 5 TPS
    // quota on a loaded machine is not a fixed number of milliseconds), so every change
    // lands in its own snapshot; the sequence asserted below is unchanged.
    await until(store.participants.list$(stage, { refetchInterval: 100 }), ok);
    const seen = async (n: number) => {
      const start = Date.now();
      while (changes.length < n && Date.now() - start < 10_000) await sleep(20);
    };
    const alice = sim.control.realtime.join(stage, { userId: 'alice' });
    const bob = sim.control.realtime.join(stage, { userId: 'bob' });
    await seen(2);
    sim.control.realtime.publish(stage, alice.participantId);
    await seen(3);
    sim.control.realtime.leave(stage, alice.participantId);
    await seen(5);
    sim.control.realtime.leave(stage, bob.participantId);
    await seen(6);
    const carol = sim.control.realtime.join(stage, { userId: 'carol' });
    expect(carol.sessionId).not.toBe(alice.sessionId);
    await seen(7);
    await sleep(500); // nothing more arrives
    expect(changes.map((c) => `${c.type}:${c.participant.userId}`)).toEqual([
      'joined:alice',
      'joined:bob',
      'published:alice',
      'unpublished:alice',
      'left:alice',
      'left:bob',
      'joined:carol',
    ]);
    expect(sim.control.countRequests({ status: 429 })).toBe(0);
    sub.unsubscribe();
  });

  it('list$ follows the active session; disconnect shows at once; events$ has the history', async () => {
    const stage = sim.control.realtime.createStage({ name: 'list' }).arn;
    const p = sim.control.realtime.join(stage, { userId: 'dana', publish: true });
    const list = store.participants.list$(stage);
    const sub = list.subscribe();
    expect((await until(list, (e) => ok(e) && (e.data?.length ?? 0) === 1)).data?.[0]).toMatchObject({
      userId: 'dana',
      state: 'CONNECTED',
      published: true,
    });
    const before = sim.control.countRequests({ operation: 'ListParticipants' });
    await store.participants.disconnect(stage, p.participantId, 'bye');
    expect((await until(list, (e) => e.data?.[0]?.state === 'DISCONNECTED', 50)).data?.[0]?.userId).toBe('dana');
    expect(sim.control.countRequests({ operation: 'ListParticipants' })).toBe(before); // from the cache, before any read
    const events = await until(store.participants.events$(stage, p.sessionId, p.participantId), ok);
    expect(events.data?.map((e) => e.name)).toEqual(['JOINED', 'PUBLISH_STARTED', 'PUBLISH_STOPPED', 'LEFT']);
    expect((await until(store.participants.get$(stage, p.sessionId, p.participantId), ok)).data).toMatchObject({
      userId: 'dana',
      state: 'DISCONNECTED',
    });
    sub.unsubscribe();
  });

  it('watching many stages costs one ListStages sweep, not a GetStage each', async () => {
    const arns = Array.from({ length: 12 }, (_, i) => sim.control.realtime.createStage({ name: `s${i}` }).arn);
    sim.control.realtime.join(arns[0]!, { userId: 'x' });
    const entries = await Promise.all(arns.map((arn) => until(store.stages.get$(arn), ok)));
    expect(entries[0]?.data?.activeSessionId).toMatch(/^st-/);
    expect(entries[1]?.data?.activeSessionId).toBeUndefined();
    expect(sim.control.countRequests({ operation: 'ListStages' })).toBe(1);
    expect(sim.control.countRequests({ operation: 'GetStage' })).toBe(0);
    const one = await until(store.stages.get$(sim.control.realtime.createStage({ name: 'alone' }).arn), ok);
    expect(one.data?.endpoints?.whip).toMatch(/^https:/); // a lone stage: GetStage, with endpoints
  });

  it('stages: create with tokens (Secrets), update, sessions, delete', async () => {
    const { stage, participantTokens } = await store.stages.create({
      name: 'made',
      participantTokenConfigurations: [{ userId: 'host' }],
    });
    expect(participantTokens[0]?.token).toBeInstanceOf(Secret);
    expect(JSON.stringify(participantTokens)).not.toContain(participantTokens[0]!.token!.reveal());
    const token = await store.participants.createToken({ stageArn: stage.arn!, userId: 'guest', duration: 60 });
    expect(token.token?.reveal().split('.')).toHaveLength(3);
    expect(String(token.token)).toBe('[redacted]');
    await expect(store.participants.createToken({ stageArn: stage.arn!, duration: 0 })).rejects.toMatchObject({
      kind: 'validation',
      field: 'duration',
    });
    const s$ = store.stages.get$(stage.arn!);
    const sub = s$.subscribe();
    await store.stages.update({ arn: stage.arn!, name: 'renamed' });
    await until(s$, (e) => e.data?.name === 'renamed');
    const p = sim.control.realtime.join(stage.arn!, { token: token.token!.reveal() });
    expect(p.participantId).toBe(token.participantId);
    expect((await until(store.stages.sessions$(stage.arn!), ok)).data?.map((x) => x.sessionId)).toEqual([p.sessionId]);
    expect((await until(store.stages.session$(stage.arn!, p.sessionId), ok)).data?.endTime).toBeUndefined();
    await store.stages.delete(stage.arn!);
    await until(s$, (e) => e.status === 'not-found');
    sub.unsubscribe();
  });

  it('compositions: start, state tracked while watched, stop; configurations around them', async () => {
    const stage = sim.control.realtime.createStage({ name: 'comp' }).arn;
    sim.control.realtime.join(stage, { userId: 'host', publish: true });
    const channel = sim.control.ivs.createChannel({ name: 'out' }).arn;
    const enc = await store.encoderConfigurations.create({ name: 'hd', video: { width: 1280, height: 720 } });
    const sto = await store.storageConfigurations.create({ name: 'arch', s3: { bucketName: 'arch-1' } });
    expect((await until(store.encoderConfigurations.list$(), ok)).data?.map((e) => e.arn)).toEqual([enc.arn]);
    expect((await until(store.storageConfigurations.get$(sto.arn!), ok)).data?.s3?.bucketName).toBe('arch-1');
    const c = await store.compositions.start({
      stageArn: stage,
      destinations: [{ channel: { channelArn: channel, encoderConfigurationArn: enc.arn } }],
    });
    expect(c.state).toBe('STARTING');
    const c$ = store.compositions.get$(c.arn!, { refetchInterval: 100 });
    const sub = c$.subscribe();
    await until(c$, (e) => e.data?.state === 'ACTIVE');
    expect((await until(store.compositions.list$({ filterByStageArn: stage }), ok)).data?.map((x) => x.arn)).toEqual([
      c.arn,
    ]);
    await expect(store.encoderConfigurations.delete(enc.arn!)).rejects.toMatchObject({ kind: 'conflict' });
    await store.compositions.stop(c.arn!);
    await until(c$, (e) => e.data?.state === 'STOPPED');
    await store.encoderConfigurations.delete(enc.arn!);
    await store.storageConfigurations.delete(sto.arn!);
    sub.unsubscribe();
  });

  it('ingest configurations (stream key as a Secret), public keys, replication and tags', async () => {
    const stage = sim.control.realtime.createStage({ name: 'ingest' }).arn;
    const ic = await store.ingestConfigurations.create({ ingestProtocol: 'RTMPS', stageArn: stage, name: 'obs' });
    expect(ic.streamKey).toBeInstanceOf(Secret);
    expect(JSON.stringify(ic)).not.toContain(ic.streamKey!.reveal());
    expect(
      (await until(store.ingestConfigurations.list$({ filterByStageArn: stage }), ok)).data?.map((x) => x.arn),
    ).toEqual([ic.arn]);
    expect((await store.ingestConfigurations.update({ arn: ic.arn!, redundantIngest: true })).redundantIngest).toBe(
      true,
    );
    await store.ingestConfigurations.delete(ic.arn!);

    const material = generateKeyPairSync('ec', { namedCurve: 'secp384r1' })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const key = await store.publicKeys.import({ publicKeyMaterial: material, name: 'jwt' });
    expect((await until(store.publicKeys.get$(key.arn!), ok)).data?.fingerprint).toBe(key.fingerprint);
    expect((await until(store.publicKeys.list$(), ok)).data).toHaveLength(1);
    await store.publicKeys.delete(key.arn!);

    const dst = sim.control.realtime.createStage({ name: 'dst' }).arn;
    const p = sim.control.realtime.join(stage, { userId: 'star', publish: true });
    await store.replication.start({ sourceStageArn: stage, destinationStageArn: dst, participantId: p.participantId });
    const replicas = store.replication.replicas$(stage, p.participantId);
    const rsub = replicas.subscribe();
    expect(
      (await until(replicas, (e) => e.data?.[0]?.replicationState === 'ACTIVE')).data?.[0]?.destinationStageArn,
    ).toBe(dst);
    await store.replication.stop({ sourceStageArn: stage, destinationStageArn: dst, participantId: p.participantId });
    await until(replicas, (e) => e.data?.[0]?.replicationState === 'STOPPED');
    rsub.unsubscribe();

    const s$ = store.stages.get$(stage);
    const ssub = s$.subscribe();
    await until(s$, ok);
    await store.realtimeTags.tag(stage, { env: 'test' });
    expect((await until(s$, (e) => e.data?.tags?.env === 'test')).data?.tags).toEqual({ env: 'test' });
    expect((await until(store.realtimeTags.get$(stage), ok)).data).toEqual({ env: 'test' });
    await store.realtimeTags.untag(stage, ['env']);
    await until(s$, (e) => e.data?.tags?.env === undefined);
    ssub.unsubscribe();
  });

  it("participant lists of many stages stretch to fit ListParticipants' 5 TPS, and metrics$ says so", async () => {
    const sent = sendTimes(realtime, 'ListParticipants');
    const stages = Array.from({ length: 12 }, (_, i) => sim.control.realtime.createStage({ name: `busy${i}` }).arn);
    stages.forEach((arn, i) => sim.control.realtime.join(arn, { userId: `u${i}` }));
    const subs = stages.map((arn) => store.participants.list$(arn, { refetchInterval: 1000 }).subscribe());
    await sleep(3500);
    const metrics = await firstValueFrom(store.metrics$);
    const polling = metrics.polling['participants:lists'];
    expect(polling?.watched).toBe(12);
    expect(polling?.requestedMs).toBe(1000);
    expect(polling!.effectiveMs).toBeGreaterThan(1000);
    expect(sim.control.countRequests({ operation: 'ListParticipants', status: 429 })).toBe(0);
    expect(sent.length).toBeGreaterThan(5);
    expect(mostWithin(sent)).toBeLessThanOrEqual(5);
    subs.forEach((s) => s.unsubscribe());
  });

  it('without a RealTime client, RealTime resources say what is missing', () => {
    const only = createIvsStore({ ivs });
    expect(() => only.stages.get$('x')).toThrow(
      /store.stages.get\$: IVS RealTime needs the realtime option: realtimeResources\(new IVSRealTimeClient\(config\)\), from 'ivs-store\/realtime'/,
    );
    only.dispose();
  });

  it('a bare IVSRealTimeClient as `realtime` is refused with the way to pass it', () => {
    expect(() => createIvsStore({ ivs, realtime: realtime as never })).toThrow(
      /createIvsStore: realtime must be realtimeResources\(new IVSRealTimeClient\(config\)\), from 'ivs-store\/realtime'/,
    );
    expect(() => realtimeResources({} as never)).toThrow(/realtimeResources: client must be an IVSRealTimeClient/);
  });
});
