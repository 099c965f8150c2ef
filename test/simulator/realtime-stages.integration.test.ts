import {
  CreateParticipantTokenCommand,
  CreateStageCommand,
  CreateStorageConfigurationCommand,
  DeleteStageCommand,
  GetStageCommand,
  GetStageSessionCommand,
  ListStageSessionsCommand,
  ListStagesCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-ivs-realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, startTestSimulator, type TestSimulator } from './harness.js';

const GHOST_STAGE = 'arn:aws:ivs:us-east-1:123456789012:stage/ghost';

describe('IVS RealTime stages and stage sessions through the real IVSRealTimeClient', () => {
  let t: TestSimulator;
  let now = Date.parse('2026-11-23T12:00:00Z');
  beforeAll(async () => {
    t = await startTestSimulator({ clock: () => now });
  });
  afterAll(() => t.stop());

  it('CreateStage returns the stage, its endpoints, default recording settings and the tokens asked for', async () => {
    const out = await t.realtime.send(
      new CreateStageCommand({
        name: 'studio',
        tags: { show: 'daily' },
        participantTokenConfigurations: [
          { userId: 'host', capabilities: ['PUBLISH', 'SUBSCRIBE'], attributes: { role: 'host' } },
          { userId: 'viewer', duration: 60, capabilities: ['SUBSCRIBE'] },
        ],
      }),
    );
    const stage = out.stage!;
    expect(stage.arn).toMatch(/^arn:aws:ivs:us-east-1:123456789012:stage\/[a-zA-Z0-9]{12}$/);
    expect(stage).toMatchObject({ name: 'studio', tags: { show: 'daily' } });
    expect(stage.activeSessionId).toBeUndefined();
    expect(stage.endpoints).toMatchObject({
      events: 'wss://global.events.live-video.net',
      whip: 'https://global.whip.live-video.net',
    });
    expect(stage.endpoints?.rtmps).toMatch(/^rtmps:\/\/.+:443\/app\/$/);
    expect(stage.autoParticipantRecordingConfiguration).toMatchObject({
      storageConfigurationArn: '',
      mediaTypes: ['AUDIO_VIDEO'],
      recordParticipantReplicas: true,
    });

    const [host, viewer] = out.participantTokens ?? [];
    expect(host).toMatchObject({
      userId: 'host',
      attributes: { role: 'host' },
      duration: 720,
      capabilities: ['PUBLISH', 'SUBSCRIBE'],
    });
    expect(viewer).toMatchObject({ userId: 'viewer', duration: 60, capabilities: ['SUBSCRIBE'] });
    expect(viewer?.expirationTime).toEqual(new Date(now + 60 * 60_000));
    expect(host?.token?.split('.')).toHaveLength(3);
    expect(host?.participantId).not.toBe(viewer?.participantId);

    // GetStage answers what CreateStage did.
    expect((await t.realtime.send(new GetStageCommand({ arn: stage.arn }))).stage).toEqual(stage);
  });

  it('CreateStage with no input at all makes an unnamed stage and no tokens', async () => {
    const out = await t.realtime.send(new CreateStageCommand({}));
    expect(out.stage?.name).toBe('');
    expect(out.stage?.tags).toEqual({});
    expect(out.participantTokens).toEqual([]);
  });

  it('CreateParticipantToken: defaults (720 min, PUBLISH+SUBSCRIBE), given values, unknown stage 404', async () => {
    const { arn } = t.sim.control.realtime.createStage({ name: 'tokens' });
    const { participantToken: tok } = await t.realtime.send(
      new CreateParticipantTokenCommand({ stageArn: arn, userId: 'u1', attributes: { role: 'host' } }),
    );
    expect(tok).toMatchObject({
      userId: 'u1',
      attributes: { role: 'host' },
      duration: 720,
      capabilities: ['PUBLISH', 'SUBSCRIBE'],
    });
    expect(tok?.participantId).toMatch(/^[a-zA-Z0-9]{12}$/);
    expect(tok?.expirationTime).toEqual(new Date(now + 720 * 60_000));
    const short = await t.realtime.send(
      new CreateParticipantTokenCommand({ stageArn: arn, duration: 1, capabilities: ['SUBSCRIBE'] }),
    );
    expect(short.participantToken).toMatchObject({ duration: 1, capabilities: ['SUBSCRIBE'], userId: '' });
    expect(short.participantToken?.expirationTime).toEqual(new Date(now + 60_000));
    await expectServiceError(
      t.realtime.send(new CreateParticipantTokenCommand({ stageArn: GHOST_STAGE })),
      'ResourceNotFoundException',
      404,
      /Stage not found/,
    );
  });

  it('UpdateStage renames and switches individual participant recording on and off ("" = off)', async () => {
    const { arn } = t.sim.control.realtime.createStage({ name: 'before' });
    const renamed = await t.realtime.send(new UpdateStageCommand({ arn, name: 'after' }));
    expect(renamed.stage?.name).toBe('after');
    const sto = (await t.realtime.send(new CreateStorageConfigurationCommand({ s3: { bucketName: 'rec-bucket' } })))
      .storageConfiguration!;
    const on = await t.realtime.send(
      new UpdateStageCommand({
        arn,
        autoParticipantRecordingConfiguration: {
          storageConfigurationArn: sto.arn,
          mediaTypes: ['AUDIO_ONLY'],
          hlsConfiguration: { targetSegmentDurationSeconds: 4 },
        },
      }),
    );
    expect(on.stage?.name).toBe('after');
    expect(on.stage?.autoParticipantRecordingConfiguration).toMatchObject({
      storageConfigurationArn: sto.arn,
      mediaTypes: ['AUDIO_ONLY'],
      hlsConfiguration: { targetSegmentDurationSeconds: 4 },
      thumbnailConfiguration: { targetIntervalSeconds: 60, recordingMode: 'DISABLED' },
    });
    const off = await t.realtime.send(
      new UpdateStageCommand({ arn, autoParticipantRecordingConfiguration: { storageConfigurationArn: '' } }),
    );
    expect(off.stage?.autoParticipantRecordingConfiguration).toMatchObject({
      storageConfigurationArn: '',
      mediaTypes: ['AUDIO_VIDEO'],
      hlsConfiguration: { targetSegmentDurationSeconds: 6 },
    });
    await expectServiceError(
      t.realtime.send(
        new UpdateStageCommand({
          arn,
          autoParticipantRecordingConfiguration: {
            storageConfigurationArn: 'arn:aws:ivs:us-east-1:123456789012:storage-configuration/none',
          },
        }),
      ),
      'ResourceNotFoundException',
      404,
    );
    await expectServiceError(
      t.realtime.send(new UpdateStageCommand({ arn: GHOST_STAGE, name: 'x' })),
      'ResourceNotFoundException',
      404,
    );
  });

  it('UpdateStage cannot change recording while a participant is being recorded (409)', async () => {
    const sto = (await t.realtime.send(new CreateStorageConfigurationCommand({ s3: { bucketName: 'busy-bucket' } })))
      .storageConfiguration!;
    const { stage } = await t.realtime.send(
      new CreateStageCommand({ autoParticipantRecordingConfiguration: { storageConfigurationArn: sto.arn } }),
    );
    const arn = stage!.arn!;
    const p = t.sim.control.realtime.join(arn, { userId: 'rec', publish: true });
    await expectServiceError(
      t.realtime.send(
        new UpdateStageCommand({ arn, autoParticipantRecordingConfiguration: { storageConfigurationArn: '' } }),
      ),
      'ConflictException',
      409,
      /recording/,
    );
    // A rename is not a recording change.
    expect((await t.realtime.send(new UpdateStageCommand({ arn, name: 'still-ok' }))).stage?.name).toBe('still-ok');
    t.sim.control.realtime.unpublish(arn, p.participantId);
    const off = await t.realtime.send(
      new UpdateStageCommand({ arn, autoParticipantRecordingConfiguration: { storageConfigurationArn: '' } }),
    );
    expect(off.stage?.autoParticipantRecordingConfiguration?.storageConfigurationArn).toBe('');
    t.sim.control.realtime.leave(arn, p.participantId);
  });

  it('sessions: a join starts one (activeSessionId in GetStage and ListStages), the last leave ends it', async () => {
    const { arn } = t.sim.control.realtime.createStage({ name: 'sessions' });
    expect((await t.realtime.send(new ListStageSessionsCommand({ stageArn: arn }))).stageSessions).toEqual([]);
    const startedAt = now;
    const a = t.sim.control.realtime.join(arn, { userId: 'a' });
    expect(a.sessionId).toMatch(/^st-[a-zA-Z0-9]{13}$/);
    expect((await t.realtime.send(new GetStageCommand({ arn }))).stage?.activeSessionId).toBe(a.sessionId);
    const listed = await t.realtime.send(new ListStagesCommand({}));
    expect(listed.stages?.find((s) => s.arn === arn)).toMatchObject({ name: 'sessions', activeSessionId: a.sessionId });
    const open = await t.realtime.send(new GetStageSessionCommand({ stageArn: arn, sessionId: a.sessionId }));
    expect(open.stageSession).toEqual({ sessionId: a.sessionId, startTime: new Date(startedAt) });

    now += 30_000;
    t.sim.control.realtime.leave(arn, a.participantId);
    const ended = await t.realtime.send(new GetStageSessionCommand({ stageArn: arn, sessionId: a.sessionId }));
    expect(ended.stageSession).toEqual({
      sessionId: a.sessionId,
      startTime: new Date(startedAt),
      endTime: new Date(startedAt + 30_000),
    });
    expect((await t.realtime.send(new GetStageCommand({ arn }))).stage?.activeSessionId).toBeUndefined();
    expect(
      (await t.realtime.send(new ListStagesCommand({}))).stages?.find((s) => s.arn === arn)?.activeSessionId,
    ).toBeUndefined();

    // The next join is a new session; sessions list newest first.
    now += 1_000;
    const b = t.sim.control.realtime.join(arn, { userId: 'b' });
    expect(b.sessionId).not.toBe(a.sessionId);
    const sessions = await t.realtime.send(new ListStageSessionsCommand({ stageArn: arn }));
    expect(sessions.stageSessions?.map((s) => [s.sessionId, s.endTime?.getTime()])).toEqual([
      [b.sessionId, undefined],
      [a.sessionId, startedAt + 30_000],
    ]);
    t.sim.control.realtime.leave(arn, b.participantId);

    await expectServiceError(
      t.realtime.send(new GetStageSessionCommand({ stageArn: arn, sessionId: 'st-doesNotExist1' })),
      'ResourceNotFoundException',
      404,
    );
    // A session of another stage is not this stage's.
    const other = t.sim.control.realtime.createStage({ name: 'other' }).arn;
    await expectServiceError(
      t.realtime.send(new GetStageSessionCommand({ stageArn: other, sessionId: a.sessionId })),
      'ResourceNotFoundException',
      404,
    );
    // ListStageSessions models no ResourceNotFoundException: an unknown stage has no sessions.
    expect((await t.realtime.send(new ListStageSessionsCommand({ stageArn: GHOST_STAGE }))).stageSessions).toEqual([]);
  });

  it('DeleteStage disconnects everyone, ends the session and deletes the stage and its tags', async () => {
    const { arn } = t.sim.control.realtime.createStage({ name: 'doomed', tags: { a: 'b' } });
    const p = t.sim.control.realtime.join(arn, { userId: 'last', publish: true });
    t.sim.control.realtime.join(arn, { userId: 'watcher' });
    now += 5_000;
    const out = await t.realtime.send(new DeleteStageCommand({ arn }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    await expectServiceError(t.realtime.send(new GetStageCommand({ arn })), 'ResourceNotFoundException', 404);
    await expectServiceError(t.realtime.send(new DeleteStageCommand({ arn })), 'ResourceNotFoundException', 404);
    expect(t.sim.control.realtime.stageArns()).not.toContain(arn);
    expect((await t.realtime.send(new ListStagesCommand({ maxResults: 100 }))).stages?.map((s) => s.arn)).not.toContain(
      arn,
    );
    expect(() => t.sim.control.realtime.leave(arn, p.participantId)).toThrow(/Stage not found/);
  });

  it('ListStages pages stably while stages are created between pages', async () => {
    const s = await startTestSimulator({ scenario: { stages: 7 } });
    try {
      const seen: string[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const out = await s.realtime.send(new ListStagesCommand({ maxResults: 3, nextToken }));
        expect(out.stages!.length).toBeLessThanOrEqual(3);
        seen.push(...out.stages!.map((x) => x.arn!));
        nextToken = out.nextToken;
        if (pages++ === 0) s.sim.control.realtime.createStage({ name: 'late' });
      } while (nextToken);
      expect(pages).toBe(3);
      expect(seen).toHaveLength(8);
      expect(new Set(seen).size).toBe(8);
      // The default page (50) holds them all.
      const all = await s.realtime.send(new ListStagesCommand({}));
      expect(all.stages).toHaveLength(8);
      expect(all.nextToken).toBeUndefined();
      // A token is bound to the operation that issued it.
      const first = await s.realtime.send(new ListStagesCommand({ maxResults: 1 }));
      await expectServiceError(
        s.realtime.send(new ListStageSessionsCommand({ stageArn: seen[0]!, nextToken: first.nextToken })),
        'ValidationException',
        400,
        /'nextToken'/,
      );
    } finally {
      await s.stop();
    }
  });

  it('ListStageSessions pages newest first, stably while new sessions start', async () => {
    const { arn } = t.sim.control.realtime.createStage({ name: 'many-sessions' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      now += 1_000;
      const p = t.sim.control.realtime.join(arn, { userId: `u${i}` });
      ids.push(p.sessionId);
      t.sim.control.realtime.leave(arn, p.participantId);
    }
    const page1 = await t.realtime.send(new ListStageSessionsCommand({ stageArn: arn, maxResults: 2 }));
    expect(page1.stageSessions?.map((s) => s.sessionId)).toEqual([ids[4], ids[3]]);
    const late = t.sim.control.realtime.join(arn, { userId: 'late' });
    const page2 = await t.realtime.send(
      new ListStageSessionsCommand({ stageArn: arn, maxResults: 2, nextToken: page1.nextToken }),
    );
    const page3 = await t.realtime.send(
      new ListStageSessionsCommand({ stageArn: arn, maxResults: 2, nextToken: page2.nextToken }),
    );
    expect([...page2.stageSessions!, ...page3.stageSessions!].map((s) => s.sessionId)).toEqual([
      ids[2],
      ids[1],
      ids[0],
    ]);
    expect(page3.nextToken).toBeUndefined();
    expect(
      (await t.realtime.send(new ListStageSessionsCommand({ stageArn: arn, maxResults: 1 }))).stageSessions?.[0]
        ?.sessionId,
    ).toBe(late.sessionId);
    t.sim.control.realtime.leave(arn, late.participantId);
  });
});
