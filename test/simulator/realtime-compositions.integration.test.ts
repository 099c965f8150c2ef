import { CreateChannelCommand } from '@aws-sdk/client-ivs';
import {
  CreateEncoderConfigurationCommand,
  CreateStorageConfigurationCommand,
  DeleteEncoderConfigurationCommand,
  DeleteStageCommand,
  DeleteStorageConfigurationCommand,
  GetCompositionCommand,
  ListCompositionsCommand,
  StartCompositionCommand,
  StopCompositionCommand,
} from '@aws-sdk/client-ivs-realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, startTestSimulator, type TestSimulator } from './harness.js';

const START_MS = 2_000;
const STOP_MS = 1_000;
const IDLE_MS = 60_000;

describe('IVS RealTime compositions through the real IVSRealTimeClient, on a hand-moved clock', () => {
  let t: TestSimulator;
  let now = Date.parse('2026-11-23T14:00:00Z');
  beforeAll(async () => {
    t = await startTestSimulator({
      clock: () => now,
      timings: { compositionStartMs: START_MS, compositionStopMs: STOP_MS, compositionIdleStopMs: IDLE_MS },
    });
  });
  afterAll(() => t.stop());

  let n = 0;
  async function setup() {
    n++;
    const stageArn = t.sim.control.realtime.createStage({ name: `comp-${n}` }).arn;
    const channelArn = (await t.ivs.send(new CreateChannelCommand({ name: `out-${n}` }))).channel!.arn!;
    const enc = (
      await t.realtime.send(
        new CreateEncoderConfigurationCommand({
          name: 'hd',
          video: { width: 1920, height: 1080, framerate: 30, bitrate: 6_000_000 },
        }),
      )
    ).encoderConfiguration!.arn!;
    const sto = (
      await t.realtime.send(
        new CreateStorageConfigurationCommand({ name: 'archive', s3: { bucketName: 'rt-archive' } }),
      )
    ).storageConfiguration!.arn!;
    return { stageArn, channelArn, enc, sto };
  }
  const state = async (arn: string | undefined) =>
    (await t.realtime.send(new GetCompositionCommand({ arn }))).composition?.state;

  it('STARTING → ACTIVE → STOPPING → STOPPED, holding its channel and configurations until STOPPED', async () => {
    const { stageArn, channelArn, enc, sto } = await setup();
    const host = t.sim.control.realtime.join(stageArn, { userId: 'host', publish: true });
    const startedAt = now;
    const { composition: c } = await t.realtime.send(
      new StartCompositionCommand({
        stageArn,
        destinations: [
          { name: 'live', channel: { channelArn, encoderConfigurationArn: enc } },
          { s3: { storageConfigurationArn: sto, encoderConfigurationArns: [enc] } },
        ],
        tags: { kind: 'show' },
      }),
    );
    expect(c?.arn).toMatch(/^arn:aws:ivs:us-east-1:123456789012:composition\/[a-zA-Z0-9]{12}$/);
    expect(c).toMatchObject({ stageArn, state: 'STARTING', tags: { kind: 'show' } });
    expect(c?.startTime).toEqual(new Date(startedAt));
    expect(c?.endTime).toBeUndefined();
    expect(c?.layout?.grid).toMatchObject({ videoAspectRatio: 'VIDEO', gridGap: 2, omitStoppedVideo: false });
    expect(c?.destinations?.map((d) => d.state)).toEqual(['STARTING', 'STARTING']);
    expect(c?.destinations?.[0]?.configuration).toEqual({
      name: 'live',
      channel: { channelArn, encoderConfigurationArn: enc },
    });
    expect(c?.destinations?.[1]?.configuration?.s3).toMatchObject({
      storageConfigurationArn: sto,
      encoderConfigurationArns: [enc],
      recordingConfiguration: { format: 'HLS' },
    });
    expect(c?.destinations?.[1]?.detail?.s3?.recordingPrefix).toMatch(/^[a-zA-Z0-9]+\/[a-zA-Z0-9]+\/[a-zA-Z0-9]+$/);

    now += START_MS - 1;
    expect(await state(c?.arn)).toBe('STARTING');
    now += 1;
    expect(await state(c?.arn)).toBe('ACTIVE');

    // Held while not STOPPED: configurations cannot be deleted, the channel takes no other composition.
    await expectServiceError(
      t.realtime.send(new DeleteEncoderConfigurationCommand({ arn: enc })),
      'ConflictException',
      409,
      /composition/,
    );
    await expectServiceError(
      t.realtime.send(new DeleteStorageConfigurationCommand({ arn: sto })),
      'ConflictException',
      409,
      /composition/,
    );
    await expectServiceError(
      t.realtime.send(new StartCompositionCommand({ stageArn, destinations: [{ channel: { channelArn } }] })),
      'ConflictException',
      409,
      /already the destination/,
    );

    const listed = await t.realtime.send(new ListCompositionsCommand({ filterByStageArn: stageArn }));
    expect(listed.compositions?.map((x) => [x.arn, x.state, x.tags?.kind])).toEqual([[c?.arn, 'ACTIVE', 'show']]);
    expect(listed.compositions?.[0]?.destinations?.map((d) => d.state)).toEqual(['ACTIVE', 'ACTIVE']);
    expect(
      (await t.realtime.send(new ListCompositionsCommand({ filterByEncoderConfigurationArn: enc }))).compositions?.map(
        (x) => x.arn,
      ),
    ).toEqual([c?.arn]);

    await t.realtime.send(new StopCompositionCommand({ arn: c?.arn }));
    const stopAt = now;
    expect(await state(c?.arn)).toBe('STOPPING');
    await expectServiceError(
      t.realtime.send(new DeleteEncoderConfigurationCommand({ arn: enc })),
      'ConflictException',
      409,
    );
    now += STOP_MS;
    const stopped = (await t.realtime.send(new GetCompositionCommand({ arn: c?.arn }))).composition!;
    expect(stopped.state).toBe('STOPPED');
    expect(stopped.endTime).toEqual(new Date(stopAt + STOP_MS));
    expect(stopped.destinations?.map((d) => [d.state, d.endTime?.getTime()])).toEqual([
      ['STOPPED', stopAt + STOP_MS],
      ['STOPPED', stopAt + STOP_MS],
    ]);
    // Stopping again changes nothing; now the configurations are free.
    await t.realtime.send(new StopCompositionCommand({ arn: c?.arn }));
    expect((await t.realtime.send(new GetCompositionCommand({ arn: c?.arn }))).composition?.endTime).toEqual(
      new Date(stopAt + STOP_MS),
    );
    expect((await t.realtime.send(new DeleteEncoderConfigurationCommand({ arn: enc }))).$metadata.httpStatusCode).toBe(
      200,
    );
    expect((await t.realtime.send(new DeleteStorageConfigurationCommand({ arn: sto }))).$metadata.httpStatusCode).toBe(
      200,
    );
    t.sim.control.realtime.leave(stageArn, host.participantId);
  });

  it('stops by itself a minute after its stage empties, and stays stopped when someone comes back', async () => {
    const { stageArn, channelArn } = await setup();
    const p = t.sim.control.realtime.join(stageArn, { userId: 'solo', publish: true });
    const { composition } = await t.realtime.send(
      new StartCompositionCommand({ stageArn, destinations: [{ channel: { channelArn } }] }),
    );
    now += 5_000;
    t.sim.control.realtime.leave(stageArn, p.participantId);
    const emptiedAt = now;
    now += IDLE_MS - 1;
    expect(await state(composition?.arn)).toBe('ACTIVE');
    now += 1;
    expect(await state(composition?.arn)).toBe('STOPPING');
    now += STOP_MS;
    const done = (await t.realtime.send(new GetCompositionCommand({ arn: composition?.arn }))).composition!;
    expect(done.state).toBe('STOPPED');
    expect(done.endTime).toEqual(new Date(emptiedAt + IDLE_MS + STOP_MS));
    t.sim.control.realtime.join(stageArn, { userId: 'late' });
    now += 10_000;
    expect(await state(composition?.arn)).toBe('STOPPED');
  });

  it('someone joining within the minute keeps it running', async () => {
    const { stageArn, channelArn } = await setup();
    const p = t.sim.control.realtime.join(stageArn, { userId: 'a' });
    const { composition } = await t.realtime.send(
      new StartCompositionCommand({ stageArn, destinations: [{ channel: { channelArn } }] }),
    );
    t.sim.control.realtime.leave(stageArn, p.participantId);
    now += IDLE_MS / 2;
    t.sim.control.realtime.join(stageArn, { userId: 'b' });
    now += IDLE_MS * 2;
    expect(await state(composition?.arn)).toBe('ACTIVE');
  });

  it('may start on an empty stage, and then stops after the idle minute', async () => {
    const { stageArn, sto, enc } = await setup();
    const { composition } = await t.realtime.send(
      new StartCompositionCommand({
        stageArn,
        destinations: [{ s3: { storageConfigurationArn: sto, encoderConfigurationArns: [enc] } }],
      }),
    );
    now += START_MS;
    expect(await state(composition?.arn)).toBe('ACTIVE');
    now += IDLE_MS;
    expect(await state(composition?.arn)).toBe('STOPPED');
  });

  it('an idempotencyToken makes StartComposition idempotent; reusing it for another request is 409', async () => {
    const { stageArn, channelArn } = await setup();
    const input = {
      stageArn,
      idempotencyToken: `once-${n}`,
      destinations: [{ channel: { channelArn } }],
      layout: { pip: { pipPosition: 'TOP_LEFT' as const } },
    };
    const first = (await t.realtime.send(new StartCompositionCommand(input))).composition!;
    expect(first.layout?.pip).toMatchObject({ pipPosition: 'TOP_LEFT', pipBehavior: 'STATIC', videoFillMode: 'COVER' });
    now += START_MS;
    const retry = (await t.realtime.send(new StartCompositionCommand(input))).composition!;
    expect(retry.arn).toBe(first.arn);
    expect(retry.state).toBe('ACTIVE');
    expect(
      (await t.realtime.send(new ListCompositionsCommand({ filterByStageArn: stageArn }))).compositions,
    ).toHaveLength(1);
    await expectServiceError(
      t.realtime.send(new StartCompositionCommand({ ...input, layout: undefined })),
      'ConflictException',
      409,
      /idempotencyToken/,
    );
  });

  it('checks what it references: stage, channel (offline, unused), encoder and storage configurations', async () => {
    const { stageArn, channelArn, sto } = await setup();
    const ghost = (type: string) => `arn:aws:ivs:us-east-1:123456789012:${type}/ghost`;
    await expectServiceError(
      t.realtime.send(
        new StartCompositionCommand({ stageArn: ghost('stage'), destinations: [{ channel: { channelArn } }] }),
      ),
      'ResourceNotFoundException',
      404,
      /Stage/,
    );
    await expectServiceError(
      t.realtime.send(
        new StartCompositionCommand({ stageArn, destinations: [{ channel: { channelArn: ghost('channel') } }] }),
      ),
      'ResourceNotFoundException',
      404,
      /Channel/,
    );
    await expectServiceError(
      t.realtime.send(
        new StartCompositionCommand({
          stageArn,
          destinations: [{ channel: { channelArn, encoderConfigurationArn: ghost('encoder-configuration') } }],
        }),
      ),
      'ResourceNotFoundException',
      404,
      /Encoder configuration/,
    );
    await expectServiceError(
      t.realtime.send(
        new StartCompositionCommand({
          stageArn,
          destinations: [
            {
              s3: {
                storageConfigurationArn: ghost('storage-configuration'),
                encoderConfigurationArns: [ghost('encoder-configuration')],
              },
            },
          ],
        }),
      ),
      'ResourceNotFoundException',
      404,
      /Storage configuration/,
    );
    t.sim.control.ivs.goLive(channelArn);
    await expectServiceError(
      t.realtime.send(new StartCompositionCommand({ stageArn, destinations: [{ channel: { channelArn } }] })),
      'ConflictException',
      409,
      /broadcasting/,
    );
    t.sim.control.ivs.goOffline(channelArn);

    await expectServiceError(
      t.realtime.send(new StartCompositionCommand({ stageArn, destinations: [] })),
      'ValidationException',
      400,
      /'destinations'/,
    );
    await expectServiceError(
      t.realtime.send(new StartCompositionCommand({ stageArn, destinations: [{ name: 'neither' }] })),
      'ValidationException',
      400,
      /'destinations.1.member'.*exactly one of channel and s3/,
    );
    await expectServiceError(
      t.realtime.send(
        new StartCompositionCommand({
          stageArn,
          destinations: [{ channel: { channelArn } }, { channel: { channelArn } }],
        }),
      ),
      'ValidationException',
      400,
      /'destinations'.*one channel destination/,
    );
    await expectServiceError(
      t.realtime.send(
        new StartCompositionCommand({
          stageArn,
          destinations: [{ channel: { channelArn } }],
          layout: { grid: {}, pip: {} },
        }),
      ),
      'ValidationException',
      400,
      /'layout'/,
    );
    await expectServiceError(
      t.realtime.send(
        new StartCompositionCommand({
          stageArn,
          destinations: [{ channel: { channelArn } }],
          layout: { grid: { gridGap: -1 } },
        }),
      ),
      'ValidationException',
      400,
      /'layout.grid.gridGap'/,
    );
    await expectServiceError(
      t.realtime.send(
        new StartCompositionCommand({
          stageArn,
          destinations: [{ s3: { storageConfigurationArn: sto, encoderConfigurationArns: [] } }],
        }),
      ),
      'ValidationException',
      400,
      /'destinations.1.member.s3.encoderConfigurationArns'/,
    );
    await expectServiceError(
      t.realtime.send(new GetCompositionCommand({ arn: ghost('composition') })),
      'ResourceNotFoundException',
      404,
    );
    await expectServiceError(
      t.realtime.send(new StopCompositionCommand({ arn: ghost('composition') })),
      'ResourceNotFoundException',
      404,
    );
  });

  it("DeleteStage stops the stage's compositions", async () => {
    const { stageArn, channelArn } = await setup();
    t.sim.control.realtime.join(stageArn, { userId: 'x' });
    const { composition } = await t.realtime.send(
      new StartCompositionCommand({ stageArn, destinations: [{ channel: { channelArn } }] }),
    );
    now += START_MS;
    await t.realtime.send(new DeleteStageCommand({ arn: stageArn }));
    expect(await state(composition?.arn)).toBe('STOPPING');
    now += STOP_MS;
    expect(await state(composition?.arn)).toBe('STOPPED');
  });

  it('deleting the stage of a composition that already stopped by itself leaves its end time alone', async () => {
    const { stageArn, channelArn } = await setup();
    const startedAt = now;
    const { composition } = await t.realtime.send(
      new StartCompositionCommand({ stageArn, destinations: [{ channel: { channelArn } }] }),
    );
    now += IDLE_MS * 3;
    await t.realtime.send(new DeleteStageCommand({ arn: stageArn }));
    const c = (await t.realtime.send(new GetCompositionCommand({ arn: composition?.arn }))).composition!;
    expect(c.state).toBe('STOPPED');
    expect(c.endTime).toEqual(new Date(startedAt + IDLE_MS + STOP_MS));
  });

  it('ListCompositions pages stably while compositions start', async () => {
    const s = await startTestSimulator();
    try {
      const stageArn = s.sim.control.realtime.createStage({ name: 'paging' }).arn;
      const enc = (await s.realtime.send(new CreateEncoderConfigurationCommand({}))).encoderConfiguration!.arn!;
      const sto = (await s.realtime.send(new CreateStorageConfigurationCommand({ s3: { bucketName: 'pages' } })))
        .storageConfiguration!.arn!;
      const start = () =>
        s.realtime.send(
          new StartCompositionCommand({
            stageArn,
            destinations: [{ s3: { storageConfigurationArn: sto, encoderConfigurationArns: [enc] } }],
          }),
        );
      const arns: string[] = [];
      for (let i = 0; i < 5; i++) arns.push((await start()).composition!.arn!);
      const page1 = await s.realtime.send(new ListCompositionsCommand({ maxResults: 2 }));
      arns.push((await start()).composition!.arn!);
      const rest: string[] = [];
      let token = page1.nextToken;
      while (token) {
        const page = await s.realtime.send(new ListCompositionsCommand({ maxResults: 2, nextToken: token }));
        rest.push(...page.compositions!.map((c) => c.arn!));
        token = page.nextToken;
      }
      expect([...page1.compositions!.map((c) => c.arn!), ...rest]).toEqual(arns);
      expect(
        (
          await s.realtime.send(
            new ListCompositionsCommand({ filterByStageArn: 'arn:aws:ivs:us-east-1:123456789012:stage/other' }),
          )
        ).compositions,
      ).toEqual([]);
    } finally {
      await s.stop();
    }
  });
});
