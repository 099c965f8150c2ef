import { generateKeyPairSync } from 'node:crypto';
import { CreateChannelCommand } from '@aws-sdk/client-ivs';
import {
  CreateEncoderConfigurationCommand,
  CreateIngestConfigurationCommand,
  CreateStageCommand,
  CreateStorageConfigurationCommand,
  DeleteEncoderConfigurationCommand,
  DeleteIngestConfigurationCommand,
  DeletePublicKeyCommand,
  DeleteStorageConfigurationCommand,
  GetCompositionCommand,
  GetEncoderConfigurationCommand,
  GetIngestConfigurationCommand,
  GetPublicKeyCommand,
  GetStorageConfigurationCommand,
  ImportPublicKeyCommand,
  ListCompositionsCommand,
  ListEncoderConfigurationsCommand,
  ListIngestConfigurationsCommand,
  ListParticipantEventsCommand,
  ListParticipantReplicasCommand,
  ListParticipantsCommand,
  ListPublicKeysCommand,
  ListStorageConfigurationsCommand,
  ListTagsForResourceCommand,
  StartCompositionCommand,
  StartParticipantReplicationCommand,
  StopCompositionCommand,
  StopParticipantReplicationCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateIngestConfigurationCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-ivs-realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, startTestSimulator, type TestSimulator } from './harness.js';

const pem = () => generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('IVS RealTime compositions, configurations, replication and tags through the real client', () => {
  let t: TestSimulator;
  let now = Date.parse('2026-11-23T14:00:00Z');
  beforeAll(async () => {
    t = await startTestSimulator({ clock: () => now, timings: { compositionStartMs: 2_000, compositionStopMs: 1_000, compositionIdleStopMs: 60_000 } });
  });
  afterAll(() => t.stop());

  async function setup() {
    const stageArn = t.sim.control.realtime.createStage({ name: `comp-${now}` }).arn;
    const channel = (await t.ivs.send(new CreateChannelCommand({ name: 'out' }))).channel!;
    const enc = (await t.realtime.send(new CreateEncoderConfigurationCommand({ name: 'hd', video: { width: 1920, height: 1080, framerate: 30, bitrate: 6_000_000 } }))).encoderConfiguration!;
    const sto = (await t.realtime.send(new CreateStorageConfigurationCommand({ name: 'archive', s3: { bucketName: 'rt-archive' } }))).storageConfiguration!;
    return { stageArn, channelArn: channel.arn!, enc: enc.arn!, sto: sto.arn! };
  }

  it('compositions go STARTING → ACTIVE → STOPPING → STOPPED, and hold their configurations meanwhile', async () => {
    const { stageArn, channelArn, enc, sto } = await setup();
    const host = t.sim.control.realtime.join(stageArn, { userId: 'host', publish: true });
    const started = await t.realtime.send(
      new StartCompositionCommand({
        stageArn,
        idempotencyToken: 'once-1',
        destinations: [{ channel: { channelArn, encoderConfigurationArn: enc } }, { s3: { storageConfigurationArn: sto, encoderConfigurationArns: [enc] } }],
        tags: { kind: 'show' },
      }),
    );
    const c = started.composition!;
    expect(c).toMatchObject({ stageArn, state: 'STARTING', tags: { kind: 'show' } });
    expect(c.destinations).toHaveLength(2);
    const again = await t.realtime.send(new StartCompositionCommand({ stageArn, idempotencyToken: 'once-1', destinations: [{ channel: { channelArn } }] }));
    expect(again.composition?.arn).toBe(c.arn);

    now += 2_000;
    expect((await t.realtime.send(new GetCompositionCommand({ arn: c.arn }))).composition?.state).toBe('ACTIVE');
    await expectServiceError(t.realtime.send(new DeleteEncoderConfigurationCommand({ arn: enc })), 'ConflictException', 409, /composition/);
    await expectServiceError(t.realtime.send(new DeleteStorageConfigurationCommand({ arn: sto })), 'ConflictException', 409, /composition/);
    const listed = await t.realtime.send(new ListCompositionsCommand({ filterByStageArn: stageArn }));
    expect(listed.compositions?.map((x) => [x.arn, x.state])).toEqual([[c.arn, 'ACTIVE']]);
    expect((await t.realtime.send(new ListCompositionsCommand({ filterByEncoderConfigurationArn: enc }))).compositions?.map((x) => x.arn)).toEqual([c.arn]);

    await t.realtime.send(new StopCompositionCommand({ arn: c.arn }));
    expect((await t.realtime.send(new GetCompositionCommand({ arn: c.arn }))).composition?.state).toBe('STOPPING');
    now += 1_000;
    const stopped = (await t.realtime.send(new GetCompositionCommand({ arn: c.arn }))).composition!;
    expect(stopped.state).toBe('STOPPED');
    expect(stopped.endTime).toEqual(new Date(now));
    expect((await t.realtime.send(new DeleteEncoderConfigurationCommand({ arn: enc }))).$metadata.httpStatusCode).toBe(200);
    t.sim.control.realtime.leave(stageArn, host.participantId);
  });

  it('a composition stops by itself a minute after its stage empties, and stays stopped', async () => {
    const { stageArn, channelArn } = await setup();
    const p = t.sim.control.realtime.join(stageArn, { userId: 'solo', publish: true });
    const { composition } = await t.realtime.send(new StartCompositionCommand({ stageArn, destinations: [{ channel: { channelArn } }] }));
    now += 5_000;
    t.sim.control.realtime.leave(stageArn, p.participantId);
    now += 59_000;
    expect((await t.realtime.send(new GetCompositionCommand({ arn: composition!.arn }))).composition?.state).toBe('ACTIVE');
    now += 2_000;
    expect((await t.realtime.send(new GetCompositionCommand({ arn: composition!.arn }))).composition?.state).toBe('STOPPED');
    t.sim.control.realtime.join(stageArn, { userId: 'late' });
    expect((await t.realtime.send(new GetCompositionCommand({ arn: composition!.arn }))).composition?.state).toBe('STOPPED');
  });

  it('StartComposition checks what it references', async () => {
    const { stageArn } = await setup();
    const ghostChannel = 'arn:aws:ivs:us-east-1:123456789012:channel/ghost';
    await expectServiceError(t.realtime.send(new StartCompositionCommand({ stageArn, destinations: [{ channel: { channelArn: ghostChannel } }] })), 'ResourceNotFoundException', 404, /Channel/);
    await expectServiceError(t.realtime.send(new StartCompositionCommand({ stageArn, destinations: [] })), 'ValidationException', 400, /'destinations'/);
    await expectServiceError(t.realtime.send(new StartCompositionCommand({ stageArn, destinations: [{ name: 'neither' }] })), 'ValidationException', 400, /exactly one of channel and s3/);
  });

  it('encoder and storage configurations: get, list, delete; storage used for stage recording is 409', async () => {
    const enc = (await t.realtime.send(new CreateEncoderConfigurationCommand({ name: 'defaults' }))).encoderConfiguration!;
    expect(enc.video).toEqual({ width: 1280, height: 720, framerate: 30, bitrate: 2_500_000 });
    expect((await t.realtime.send(new GetEncoderConfigurationCommand({ arn: enc.arn }))).encoderConfiguration).toEqual(enc);
    expect((await t.realtime.send(new ListEncoderConfigurationsCommand({}))).encoderConfigurations?.map((e) => e.arn)).toContain(enc.arn);
    await expectServiceError(t.realtime.send(new CreateEncoderConfigurationCommand({ video: { width: 4000 } })), 'ValidationException', 400, /'video.width'/);

    const sto = (await t.realtime.send(new CreateStorageConfigurationCommand({ s3: { bucketName: 'recordings' } }))).storageConfiguration!;
    expect((await t.realtime.send(new GetStorageConfigurationCommand({ arn: sto.arn }))).storageConfiguration?.s3).toEqual({ bucketName: 'recordings' });
    expect((await t.realtime.send(new ListStorageConfigurationsCommand({}))).storageConfigurations?.map((s) => s.arn)).toContain(sto.arn);
    const { stage } = await t.realtime.send(new CreateStageCommand({ autoParticipantRecordingConfiguration: { storageConfigurationArn: sto.arn } }));
    expect(stage?.autoParticipantRecordingConfiguration?.storageConfigurationArn).toBe(sto.arn);
    await expectServiceError(t.realtime.send(new DeleteStorageConfigurationCommand({ arn: sto.arn })), 'ConflictException', 409, /participant recording/);
    const p = t.sim.control.realtime.join(stage!.arn!, { userId: 'rec' });
    const list = await t.realtime.send(new ListParticipantsCommand({ stageArn: stage!.arn!, sessionId: p.sessionId, filterByRecordingState: 'ACTIVE' }));
    expect(list.participants?.map((x) => x.participantId)).toEqual([p.participantId]);
    t.sim.control.realtime.leave(stage!.arn!, p.participantId);
    await t.realtime.send(new UpdateStageCommand({ arn: stage!.arn!, autoParticipantRecordingConfiguration: { storageConfigurationArn: (await t.realtime.send(new CreateStorageConfigurationCommand({ s3: { bucketName: 'other' } }))).storageConfiguration!.arn } }));
    expect((await t.realtime.send(new DeleteStorageConfigurationCommand({ arn: sto.arn }))).$metadata.httpStatusCode).toBe(200);
    await expectServiceError(t.realtime.send(new CreateStageCommand({ autoParticipantRecordingConfiguration: { storageConfigurationArn: sto.arn } })), 'ResourceNotFoundException', 404);
  });

  it('public keys: import, get, list, duplicate 409, delete', async () => {
    const material = pem();
    const { publicKey } = await t.realtime.send(new ImportPublicKeyCommand({ publicKeyMaterial: material, name: 'jwt' }));
    expect(publicKey).toMatchObject({ name: 'jwt', publicKeyMaterial: material });
    expect(publicKey?.fingerprint).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
    expect((await t.realtime.send(new GetPublicKeyCommand({ arn: publicKey!.arn }))).publicKey).toEqual(publicKey);
    expect((await t.realtime.send(new ListPublicKeysCommand({}))).publicKeys?.map((k) => k.arn)).toEqual([publicKey!.arn]);
    await expectServiceError(t.realtime.send(new ImportPublicKeyCommand({ publicKeyMaterial: material })), 'ConflictException', 409);
    await t.realtime.send(new DeletePublicKeyCommand({ arn: publicKey!.arn }));
    await expectServiceError(t.realtime.send(new GetPublicKeyCommand({ arn: publicKey!.arn })), 'ResourceNotFoundException', 404);
  });

  it('ingest configurations: create (with stream key), update, list by state, ACTIVE needs force to delete', async () => {
    const stageArn = t.sim.control.realtime.createStage({ name: 'ingest' }).arn;
    const { ingestConfiguration: ic } = await t.realtime.send(new CreateIngestConfigurationCommand({ ingestProtocol: 'RTMPS', stageArn, userId: 'encoder', name: 'obs' }));
    expect(ic).toMatchObject({ name: 'obs', ingestProtocol: 'RTMPS', stageArn, userId: 'encoder', state: 'INACTIVE' });
    expect(ic?.streamKey).toMatch(/^sk_us-east-1_/);
    expect((await t.realtime.send(new GetIngestConfigurationCommand({ arn: ic!.arn }))).ingestConfiguration?.streamKey).toBe(ic?.streamKey);
    const other = t.sim.control.realtime.createStage({ name: 'ingest-2' }).arn;
    expect((await t.realtime.send(new UpdateIngestConfigurationCommand({ arn: ic!.arn, stageArn: other }))).ingestConfiguration?.stageArn).toBe(other);
    expect((await t.realtime.send(new ListIngestConfigurationsCommand({ filterByStageArn: other }))).ingestConfigurations?.map((x) => x.arn)).toEqual([ic!.arn]);
    expect((await t.realtime.send(new ListIngestConfigurationsCommand({ filterByState: 'ACTIVE' }))).ingestConfigurations).toEqual([]);
    expect((await t.realtime.send(new ListIngestConfigurationsCommand({}))).ingestConfigurations?.[0]).not.toHaveProperty('streamKey');
    await expect(t.realtime.send(new DeleteIngestConfigurationCommand({ arn: ic!.arn }))).resolves.toBeDefined();
    await expectServiceError(t.realtime.send(new CreateIngestConfigurationCommand({ ingestProtocol: 'SRT' as 'RTMP' })), 'ValidationException', 400, /'ingestProtocol'/);
  });

  it('participant replication: a replica appears in the destination stage, and stops on request', async () => {
    const src = t.sim.control.realtime.createStage({ name: 'src' }).arn;
    const dst = t.sim.control.realtime.createStage({ name: 'dst' }).arn;
    const p = t.sim.control.realtime.join(src, { userId: 'star', publish: true });
    await t.realtime.send(new StartParticipantReplicationCommand({ sourceStageArn: src, destinationStageArn: dst, participantId: p.participantId }));
    await expectServiceError(t.realtime.send(new StartParticipantReplicationCommand({ sourceStageArn: src, destinationStageArn: dst, participantId: p.participantId })), 'ConflictException', 409);
    const replicas = await t.realtime.send(new ListParticipantReplicasCommand({ sourceStageArn: src, participantId: p.participantId }));
    expect(replicas.replicas).toHaveLength(1);
    expect(replicas.replicas?.[0]).toMatchObject({ sourceStageArn: src, destinationStageArn: dst, replicationState: 'ACTIVE', sourceSessionId: p.sessionId });
    const dstSession = replicas.replicas![0]!.destinationSessionId!;
    const inDst = await t.realtime.send(new ListParticipantsCommand({ stageArn: dst, sessionId: dstSession }));
    expect(inDst.participants?.map((x) => [x.userId, x.replicationType, x.sourceStageArn])).toEqual([['star', 'REPLICA', src]]);
    await t.realtime.send(new StopParticipantReplicationCommand({ sourceStageArn: src, destinationStageArn: dst, participantId: p.participantId }));
    const after = await t.realtime.send(new ListParticipantReplicasCommand({ sourceStageArn: src, participantId: p.participantId }));
    expect(after.replicas?.[0]?.replicationState).toBe('STOPPED');
    const events = await t.realtime.send(new ListParticipantEventsCommand({ stageArn: src, sessionId: p.sessionId, participantId: p.participantId }));
    expect(events.events?.map((e) => e.name)).toEqual(['JOINED', 'PUBLISH_STARTED', 'REPLICATION_STARTED', 'REPLICATION_STOPPED']);
    await expectServiceError(t.realtime.send(new ListParticipantReplicasCommand({ sourceStageArn: src, participantId: p.participantId, maxResults: 51 })), 'ValidationException', 400, /'maxResults'.*50/);
  });

  it('tags work on every taggable RealTime resource', async () => {
    const { stageArn, channelArn, enc, sto } = await setup();
    const comp = (await t.realtime.send(new StartCompositionCommand({ stageArn, destinations: [{ channel: { channelArn } }] }))).composition!.arn;
    const key = (await t.realtime.send(new ImportPublicKeyCommand({ publicKeyMaterial: pem() }))).publicKey!.arn!;
    const ingest = (await t.realtime.send(new CreateIngestConfigurationCommand({ ingestProtocol: 'RTMP' }))).ingestConfiguration!.arn;
    for (const arn of [stageArn, comp, enc, sto, key, ingest]) {
      await t.realtime.send(new TagResourceCommand({ resourceArn: arn, tags: { env: 'test', owner: 'me' } }));
      expect((await t.realtime.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({ env: 'test', owner: 'me' });
      await t.realtime.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['owner'] }));
      expect((await t.realtime.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({ env: 'test' });
    }
    expect(t.sim.control.requests({ operation: 'TagResource', service: 'realtime' })).toHaveLength(6);
  });
});
