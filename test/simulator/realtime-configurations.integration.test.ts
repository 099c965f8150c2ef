import { generateKeyPairSync } from 'node:crypto';
import {
  CreateEncoderConfigurationCommand,
  CreateIngestConfigurationCommand,
  CreateStageCommand,
  CreateStorageConfigurationCommand,
  DeleteEncoderConfigurationCommand,
  DeleteIngestConfigurationCommand,
  DeletePublicKeyCommand,
  DeleteStorageConfigurationCommand,
  DisconnectParticipantCommand,
  GetEncoderConfigurationCommand,
  GetIngestConfigurationCommand,
  GetParticipantCommand,
  GetPublicKeyCommand,
  GetStorageConfigurationCommand,
  ImportPublicKeyCommand,
  ListEncoderConfigurationsCommand,
  ListIngestConfigurationsCommand,
  ListParticipantsCommand,
  ListPublicKeysCommand,
  ListStorageConfigurationsCommand,
  UpdateIngestConfigurationCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-ivs-realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, startTestSimulator, type TestSimulator } from './harness.js';

const pem = () =>
  generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('IVS RealTime encoder, storage and ingest configurations and public keys through the real client', () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startTestSimulator();
  });
  afterAll(() => t.stop());

  it('encoder configurations: defaults, get, list (summaries), delete, video limits named', async () => {
    const enc = (
      await t.realtime.send(new CreateEncoderConfigurationCommand({ name: 'defaults', tags: { tier: 'sd' } }))
    ).encoderConfiguration!;
    expect(enc.arn).toMatch(/^arn:aws:ivs:us-east-1:123456789012:encoder-configuration\/[a-zA-Z0-9]{12}$/);
    expect(enc).toMatchObject({
      name: 'defaults',
      video: { width: 1280, height: 720, framerate: 30, bitrate: 2_500_000 },
      tags: { tier: 'sd' },
    });
    const custom = (
      await t.realtime.send(
        new CreateEncoderConfigurationCommand({ video: { width: 1080, height: 1920, framerate: 29.97 } }),
      )
    ).encoderConfiguration!;
    expect(custom.video).toEqual({ width: 1080, height: 1920, framerate: 29.97, bitrate: 2_500_000 });
    expect((await t.realtime.send(new GetEncoderConfigurationCommand({ arn: enc.arn }))).encoderConfiguration).toEqual(
      enc,
    );
    const listed = await t.realtime.send(new ListEncoderConfigurationsCommand({}));
    expect(listed.encoderConfigurations).toEqual([
      { arn: enc.arn, name: 'defaults', tags: { tier: 'sd' } },
      { arn: custom.arn, name: '', tags: {} },
    ]);

    await expectServiceError(
      t.realtime.send(new CreateEncoderConfigurationCommand({ video: { width: 4000 } })),
      'ValidationException',
      400,
      /'video.width'.*1920/,
    );
    await expectServiceError(
      t.realtime.send(new CreateEncoderConfigurationCommand({ video: { width: 1281 } })),
      'ValidationException',
      400,
      /'video.width'.*even/,
    );
    await expectServiceError(
      t.realtime.send(new CreateEncoderConfigurationCommand({ video: { width: 1920, height: 1920 } })),
      'ValidationException',
      400,
      /'video'.*2073600/,
    );
    await expectServiceError(
      t.realtime.send(new CreateEncoderConfigurationCommand({ video: { framerate: 61 } })),
      'ValidationException',
      400,
      /'video.framerate'/,
    );
    await expectServiceError(
      t.realtime.send(new CreateEncoderConfigurationCommand({ video: { bitrate: 8_500_001 } })),
      'ValidationException',
      400,
      /'video.bitrate'/,
    );
    await expectServiceError(
      t.realtime.send(new CreateEncoderConfigurationCommand({ name: 'no spaces' })),
      'ValidationException',
      400,
      /'name'/,
    );
    expect((await t.realtime.send(new ListEncoderConfigurationsCommand({}))).encoderConfigurations).toHaveLength(2);

    expect(
      (await t.realtime.send(new DeleteEncoderConfigurationCommand({ arn: custom.arn }))).$metadata.httpStatusCode,
    ).toBe(200);
    await expectServiceError(
      t.realtime.send(new GetEncoderConfigurationCommand({ arn: custom.arn })),
      'ResourceNotFoundException',
      404,
    );
    await expectServiceError(
      t.realtime.send(new DeleteEncoderConfigurationCommand({ arn: custom.arn })),
      'ResourceNotFoundException',
      404,
    );
  });

  it('storage configurations: get, list, delete; one a stage records to cannot be deleted (409)', async () => {
    const sto = (
      await t.realtime.send(new CreateStorageConfigurationCommand({ name: 'vault', s3: { bucketName: 'recordings' } }))
    ).storageConfiguration!;
    expect(sto).toMatchObject({ name: 'vault', s3: { bucketName: 'recordings' }, tags: {} });
    expect((await t.realtime.send(new GetStorageConfigurationCommand({ arn: sto.arn }))).storageConfiguration).toEqual(
      sto,
    );
    expect(
      (await t.realtime.send(new ListStorageConfigurationsCommand({}))).storageConfigurations?.find(
        (s) => s.arn === sto.arn,
      ),
    ).toEqual({
      arn: sto.arn,
      name: 'vault',
      s3: { bucketName: 'recordings' },
      tags: {},
    });
    await expectServiceError(
      t.realtime.send(new CreateStorageConfigurationCommand({ s3: { bucketName: 'UPPER' } })),
      'ValidationException',
      400,
      /'s3.bucketName'/,
    );

    const { stage } = await t.realtime.send(
      new CreateStageCommand({ autoParticipantRecordingConfiguration: { storageConfigurationArn: sto.arn } }),
    );
    await expectServiceError(
      t.realtime.send(new DeleteStorageConfigurationCommand({ arn: sto.arn })),
      'ConflictException',
      409,
      /records its participants/,
    );
    await t.realtime.send(
      new UpdateStageCommand({
        arn: stage!.arn!,
        autoParticipantRecordingConfiguration: { storageConfigurationArn: '' },
      }),
    );
    expect(
      (await t.realtime.send(new DeleteStorageConfigurationCommand({ arn: sto.arn }))).$metadata.httpStatusCode,
    ).toBe(200);
    await expectServiceError(
      t.realtime.send(
        new CreateStageCommand({ autoParticipantRecordingConfiguration: { storageConfigurationArn: sto.arn } }),
      ),
      'ResourceNotFoundException',
      404,
    );
  });

  it('public keys: import (fingerprint), get, list, duplicate 409, not PEM 400, delete', async () => {
    const material = pem();
    const { publicKey } = await t.realtime.send(
      new ImportPublicKeyCommand({ publicKeyMaterial: material, name: 'jwt', tags: { use: 'tokens' } }),
    );
    expect(publicKey?.arn).toMatch(/^arn:aws:ivs:us-east-1:123456789012:public-key\/[a-zA-Z0-9]{12}$/);
    expect(publicKey).toMatchObject({ name: 'jwt', publicKeyMaterial: material, tags: { use: 'tokens' } });
    expect(publicKey?.fingerprint).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
    expect((await t.realtime.send(new GetPublicKeyCommand({ arn: publicKey!.arn }))).publicKey).toEqual(publicKey);
    expect((await t.realtime.send(new ListPublicKeysCommand({}))).publicKeys).toEqual([
      { arn: publicKey!.arn, name: 'jwt', tags: { use: 'tokens' } },
    ]);
    await expectServiceError(
      t.realtime.send(new ImportPublicKeyCommand({ publicKeyMaterial: material })),
      'ConflictException',
      409,
      /already imported/,
    );
    await expectServiceError(
      t.realtime.send(new ImportPublicKeyCommand({ publicKeyMaterial: 'not a key' })),
      'ValidationException',
      400,
      /'publicKeyMaterial'/,
    );
    const broken = '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n';
    await expectServiceError(
      t.realtime.send(new ImportPublicKeyCommand({ publicKeyMaterial: broken })),
      'ValidationException',
      400,
      /'publicKeyMaterial'/,
    );
    await t.realtime.send(new DeletePublicKeyCommand({ arn: publicKey!.arn }));
    await expectServiceError(
      t.realtime.send(new GetPublicKeyCommand({ arn: publicKey!.arn })),
      'ResourceNotFoundException',
      404,
    );
    expect((await t.realtime.send(new ListPublicKeysCommand({}))).publicKeys).toEqual([]);
    // Once deleted, the same key may be imported again.
    expect(
      (await t.realtime.send(new ImportPublicKeyCommand({ publicKeyMaterial: material }))).publicKey?.fingerprint,
    ).toBe(publicKey?.fingerprint);
  });

  it('ingest configurations: create (stream key, participant id), RTMP needs insecureIngest, get, update, list filters', async () => {
    const stageArn = t.sim.control.realtime.createStage({ name: 'ingest' }).arn;
    const { ingestConfiguration: ic } = await t.realtime.send(
      new CreateIngestConfigurationCommand({
        ingestProtocol: 'RTMPS',
        stageArn,
        userId: 'encoder',
        name: 'obs',
        attributes: { cam: '1' },
        tags: { src: 'obs' },
      }),
    );
    expect(ic?.arn).toMatch(/^arn:aws:ivs:us-east-1:123456789012:ingest-configuration\/[a-zA-Z0-9]{12}$/);
    expect(ic).toMatchObject({
      name: 'obs',
      ingestProtocol: 'RTMPS',
      stageArn,
      userId: 'encoder',
      state: 'INACTIVE',
      attributes: { cam: '1' },
      redundantIngest: false,
      tags: { src: 'obs' },
    });
    expect(ic?.streamKey).toMatch(new RegExp(`^rt_123456789012_us-east-1_${ic?.arn?.split('/')[1]}_[a-zA-Z0-9]{36}$`));
    expect(ic?.participantId).toMatch(/^[a-zA-Z0-9]{12}$/);
    expect(ic?.redundantIngestCredentials).toBeUndefined();
    expect((await t.realtime.send(new GetIngestConfigurationCommand({ arn: ic!.arn }))).ingestConfiguration).toEqual(
      ic,
    );

    await expectServiceError(
      t.realtime.send(new CreateIngestConfigurationCommand({ ingestProtocol: 'RTMP' })),
      'ValidationException',
      400,
      /'insecureIngest'/,
    );
    const rtmp = (
      await t.realtime.send(
        new CreateIngestConfigurationCommand({ ingestProtocol: 'RTMP', insecureIngest: true, redundantIngest: true }),
      )
    ).ingestConfiguration!;
    expect(rtmp).toMatchObject({ ingestProtocol: 'RTMP', stageArn: '', redundantIngest: true });
    expect(rtmp.redundantIngestCredentials).toHaveLength(1);
    expect(rtmp.redundantIngestCredentials?.[0]?.streamKey).not.toBe(rtmp.streamKey);
    await expectServiceError(
      t.realtime.send(
        new CreateIngestConfigurationCommand({
          ingestProtocol: 'RTMPS',
          stageArn: 'arn:aws:ivs:us-east-1:123456789012:stage/ghost',
        }),
      ),
      'ValidationException',
      400,
      /'stageArn'/,
    );
    await expectServiceError(
      t.realtime.send(new CreateIngestConfigurationCommand({ ingestProtocol: 'SRT' as 'RTMP' })),
      'ValidationException',
      400,
      /'ingestProtocol'/,
    );

    const other = t.sim.control.realtime.createStage({ name: 'ingest-2' }).arn;
    const moved = (await t.realtime.send(new UpdateIngestConfigurationCommand({ arn: ic!.arn, stageArn: other })))
      .ingestConfiguration!;
    expect(moved).toMatchObject({ stageArn: other, streamKey: ic?.streamKey, participantId: ic?.participantId });
    await expectServiceError(
      t.realtime.send(
        new UpdateIngestConfigurationCommand({
          arn: ic!.arn,
          stageArn: 'arn:aws:ivs:us-east-1:123456789012:stage/ghost',
        }),
      ),
      'ResourceNotFoundException',
      404,
    );
    expect(
      (
        await t.realtime.send(new ListIngestConfigurationsCommand({ filterByStageArn: other }))
      ).ingestConfigurations?.map((x) => x.arn),
    ).toEqual([ic!.arn]);
    const summary = (await t.realtime.send(new ListIngestConfigurationsCommand({}))).ingestConfigurations?.find(
      (x) => x.arn === ic!.arn,
    );
    expect(summary).toEqual({
      arn: ic!.arn,
      name: 'obs',
      ingestProtocol: 'RTMPS',
      stageArn: other,
      participantId: ic!.participantId,
      state: 'INACTIVE',
      userId: 'encoder',
      redundantIngest: false,
    });
    await expectServiceError(
      t.realtime.send(new ListIngestConfigurationsCommand({ filterByStageArn: other, filterByState: 'ACTIVE' })),
      'ValidationException',
      400,
      /filterByStageArn and filterByState/,
    );
    await t.realtime.send(new DeleteIngestConfigurationCommand({ arn: rtmp.arn }));
    await t.realtime.send(new DeleteIngestConfigurationCommand({ arn: ic!.arn }));
  });

  it('an encoder publishing through an ingest configuration: ACTIVE, no update, delete needs force and disconnects', async () => {
    const stageArn = t.sim.control.realtime.createStage({ name: 'rtmp-stage' }).arn;
    const ic = (
      await t.realtime.send(new CreateIngestConfigurationCommand({ ingestProtocol: 'RTMPS', stageArn, userId: 'obs' }))
    ).ingestConfiguration!;
    const joined = t.sim.control.realtime.startIngest(ic.arn!);
    expect(joined).toMatchObject({ participantId: ic.participantId, stageArn });
    expect((await t.realtime.send(new GetIngestConfigurationCommand({ arn: ic.arn }))).ingestConfiguration?.state).toBe(
      'ACTIVE',
    );
    expect(
      (
        await t.realtime.send(new ListIngestConfigurationsCommand({ filterByState: 'ACTIVE' }))
      ).ingestConfigurations?.map((x) => x.arn),
    ).toEqual([ic.arn]);
    const { participant } = await t.realtime.send(
      new GetParticipantCommand({ stageArn, sessionId: joined.sessionId, participantId: joined.participantId }),
    );
    expect(participant).toMatchObject({
      userId: 'obs',
      protocol: 'RTMPS',
      ingestConfigurationArn: ic.arn,
      published: true,
      state: 'CONNECTED',
    });
    expect(participant?.browserName).toBeUndefined();

    await expectServiceError(
      t.realtime.send(new UpdateIngestConfigurationCommand({ arn: ic.arn, redundantIngest: true })),
      'ConflictException',
      409,
      /ACTIVE/,
    );
    await expectServiceError(
      t.realtime.send(new DeleteIngestConfigurationCommand({ arn: ic.arn })),
      'ConflictException',
      409,
      /force/,
    );

    // The encoder stopping makes it INACTIVE again; it can reconnect.
    t.sim.control.realtime.stopIngest(ic.arn!);
    expect((await t.realtime.send(new GetIngestConfigurationCommand({ arn: ic.arn }))).ingestConfiguration?.state).toBe(
      'INACTIVE',
    );
    const again = t.sim.control.realtime.startIngest(ic.arn!);
    expect(again.participantId).toBe(ic.participantId);

    await t.realtime.send(new DeleteIngestConfigurationCommand({ arn: ic.arn, force: true }));
    await expectServiceError(
      t.realtime.send(new GetIngestConfigurationCommand({ arn: ic.arn })),
      'ResourceNotFoundException',
      404,
    );
    const list = await t.realtime.send(new ListParticipantsCommand({ stageArn, sessionId: again.sessionId }));
    expect(list.participants?.map((p) => [p.participantId, p.state])).toEqual([[ic.participantId, 'DISCONNECTED']]);
    expect(() => t.sim.control.realtime.startIngest(ic.arn!)).toThrow(/Ingest configuration not found/);
  });

  it('DisconnectParticipant on an ingest participant detaches its configuration from the stage', async () => {
    const stageArn = t.sim.control.realtime.createStage({ name: 'detach' }).arn;
    const ic = (await t.realtime.send(new CreateIngestConfigurationCommand({ ingestProtocol: 'RTMPS', stageArn })))
      .ingestConfiguration!;
    t.sim.control.realtime.startIngest(ic.arn!);
    await t.realtime.send(new DisconnectParticipantCommand({ stageArn, participantId: ic.participantId }));
    const after = (await t.realtime.send(new GetIngestConfigurationCommand({ arn: ic.arn }))).ingestConfiguration!;
    expect(after).toMatchObject({ stageArn: '', state: 'INACTIVE' });
    expect(() => t.sim.control.realtime.startIngest(ic.arn!)).toThrow(/attached to no stage/);
    await t.realtime.send(new DeleteIngestConfigurationCommand({ arn: ic.arn }));
  });
});
