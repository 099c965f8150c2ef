import {
  CreateAdConfigurationCommand,
  CreateChannelCommand,
  CreatePlaybackRestrictionPolicyCommand,
  CreateRecordingConfigurationCommand,
  GetChannelCommand,
  GetStreamSessionCommand,
  CreateStreamKeyCommand,
  DeleteStreamKeyCommand,
  InsertAdBreakCommand,
  ListAdConfigurationsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAdConfigurationCommand,
  UpdateChannelCommand,
} from '@aws-sdk/client-ivs';
import { CreateStageCommand, TagResourceCommand as RealtimeTagResourceCommand } from '@aws-sdk/client-ivs-realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, startTestSimulator, type TestSimulator } from './harness.js';

/**
 * Limits of the IVS service model (botocore `ivs/2020-07-14`) the simulator once got
 * wrong, sent through the real clients. model-conformance.test.ts checks every limit
 * of the table; these pin the ones that were found broken.
 */
const mt = (id: string) => ({
  playbackConfigurationArn: `arn:aws:mediatailor:us-east-1:123456789012:playbackConfiguration/${id}`,
});

describe('IVS model limits through the real IvsClient', () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startTestSimulator();
  });
  afterAll(() => t.stop());

  it('IVS tag keys and values are letters, spaces, numbers and _.:/=+-@ only', async () => {
    // Unicode letters, separators and numbers are allowed; other punctuation is not.
    const ok = await t.ivs.send(
      new CreateChannelCommand({ tags: { 'équipe vidéo': 'München 2024', 'a_.:/=+-@': '' } }),
    );
    const arn = ok.channel!.arn!;
    await expectServiceError(
      t.ivs.send(new CreateChannelCommand({ tags: { 'bad!': 'x' } })),
      'ValidationException',
      400,
      /'tags\.key'.*pattern/,
    );
    await expectServiceError(
      t.ivs.send(new CreateChannelCommand({ tags: { ok: 'bad#value' } })),
      'ValidationException',
      400,
      /'tags\.ok'.*pattern/,
    );
    await expectServiceError(
      t.ivs.send(new TagResourceCommand({ resourceArn: arn, tags: { 'a*b': '1' } })),
      'ValidationException',
      400,
      /pattern/,
    );
    await expectServiceError(
      t.ivs.send(new TagResourceCommand({ resourceArn: arn, tags: { k: 'v'.repeat(257) } })),
      'ValidationException',
      400,
      /less than or equal to 256/,
    );
    await t.ivs.send(new DeleteStreamKeyCommand({ arn: ok.streamKey!.arn! }));
    await expectServiceError(
      t.ivs.send(new CreateStreamKeyCommand({ channelArn: arn, tags: { '<k>': 'v' } })),
      'ValidationException',
      400,
      /pattern/,
    );
  });

  it('UntagResource tag keys follow the tag key rules', async () => {
    const { channel } = await t.ivs.send(new CreateChannelCommand({ tags: { keep: '1' } }));
    await expectServiceError(
      t.ivs.send(new UntagResourceCommand({ resourceArn: channel!.arn, tagKeys: ['keep', 'no!'] })),
      'ValidationException',
      400,
      /'tagKeys\.2\.member'.*pattern/,
    );
    await expectServiceError(
      t.ivs.send(new UntagResourceCommand({ resourceArn: channel!.arn, tagKeys: ['k'.repeat(129)] })),
      'ValidationException',
      400,
      /128/,
    );
    await t.ivs.send(new UntagResourceCommand({ resourceArn: channel!.arn, tagKeys: ['keep', 'équipe'] }));
  });

  it('RealTime tags have lengths but no character rules in their model', async () => {
    const { stage } = await t.realtime.send(new CreateStageCommand({ tags: { 'any!thing': '#ok' } }));
    await t.realtime.send(new RealtimeTagResourceCommand({ resourceArn: stage!.arn, tags: { '<k>': '*' } }));
    await expectServiceError(
      t.realtime.send(new RealtimeTagResourceCommand({ resourceArn: stage!.arn, tags: { '': 'x' } })),
      'ValidationException',
      400,
      /'tags\.key'/,
    );
  });

  it('InsertAdBreak durationSeconds is 1–300 and the ad break id is 12 letters or digits', async () => {
    const { arn } = t.sim.control.ivs.createChannel({ name: 'ad-breaks' });
    const ad = await t.ivs.send(new CreateAdConfigurationCommand({ mediaTailorPlaybackConfigurations: [mt('pc')] }));
    await t.ivs.send(new UpdateChannelCommand({ arn, adConfigurationArn: ad.adConfiguration!.arn }));
    t.sim.control.ivs.goLive(arn);
    await expectServiceError(
      t.ivs.send(new InsertAdBreakCommand({ channelArn: arn, durationSeconds: 301 })),
      'ValidationException',
      400,
      /'durationSeconds'.*less than or equal to 300/,
    );
    await expectServiceError(
      t.ivs.send(new InsertAdBreakCommand({ channelArn: arn, durationSeconds: 0 })),
      'ValidationException',
      400,
      /'durationSeconds'/,
    );
    const out = await t.ivs.send(new InsertAdBreakCommand({ channelArn: arn, durationSeconds: 300 }));
    expect(out.adBreakId).toMatch(/^[a-zA-Z0-9]{12}$/);
    t.sim.control.ivs.goOffline(arn);
  });

  it('ad configurations take 1–3 MediaTailor playback configurations, each ARN optional, ≤ 128 and MediaTailor-shaped', async () => {
    const three = await t.ivs.send(
      new CreateAdConfigurationCommand({ mediaTailorPlaybackConfigurations: [mt('a'), mt('b'), {}] }),
    );
    expect(three.adConfiguration?.mediaTailorPlaybackConfigurations).toEqual([mt('a'), mt('b'), {}]);
    const arn = three.adConfiguration!.arn!;
    await expectServiceError(
      t.ivs.send(
        new CreateAdConfigurationCommand({ mediaTailorPlaybackConfigurations: [mt('a'), mt('b'), mt('c'), mt('d')] }),
      ),
      'ValidationException',
      400,
      /'mediaTailorPlaybackConfigurations'.*less than or equal to 3/,
    );
    await expectServiceError(
      t.ivs.send(new CreateAdConfigurationCommand({ mediaTailorPlaybackConfigurations: [] })),
      'ValidationException',
      400,
      /greater than or equal to 1/,
    );
    await expectServiceError(
      t.ivs.send(
        new UpdateAdConfigurationCommand({
          arn,
          mediaTailorPlaybackConfigurations: [
            { playbackConfigurationArn: 'arn:aws:ivs:us-east-1:123456789012:channel/x' },
          ],
        }),
      ),
      'ValidationException',
      400,
      /playbackConfigurationArn'.*pattern/,
    );
    // The prefix is 65 characters: an id of 63 makes 128, of 64 makes 129.
    await t.ivs.send(new CreateAdConfigurationCommand({ mediaTailorPlaybackConfigurations: [mt('x'.repeat(63))] }));
    await expectServiceError(
      t.ivs.send(new CreateAdConfigurationCommand({ mediaTailorPlaybackConfigurations: [mt('x'.repeat(64))] })),
      'ValidationException',
      400,
      /less than or equal to 128/,
    );
  });

  it('ListAdConfigurations summaries carry their (required) MediaTailor playback configurations', async () => {
    const { adConfiguration } = await t.ivs.send(
      new CreateAdConfigurationCommand({ name: 'listed', mediaTailorPlaybackConfigurations: [mt('listed')] }),
    );
    const { adConfigurations } = await t.ivs.send(new ListAdConfigurationsCommand({}));
    const summary = adConfigurations?.find((a) => a.arn === adConfiguration!.arn);
    expect(summary).toMatchObject({ name: 'listed', mediaTailorPlaybackConfigurations: [mt('listed')] });
  });

  it('an ARN with another account is not found, not invalid: the model takes any digits as the account', async () => {
    await expectServiceError(
      t.ivs.send(new GetChannelCommand({ arn: 'arn:aws:ivs:us-east-1:42:channel/abc' })),
      'ResourceNotFoundException',
      404,
    );
    await expectServiceError(
      t.ivs.send(new GetChannelCommand({ arn: 'arn:aws:ivs:us-east-1:4x:channel/abc' })),
      'ValidationException',
      400,
      /'arn'/,
    );
  });

  it('preset takes only the two presets: channels answer "" for none, but "" is not an input value', async () => {
    await expectServiceError(
      t.ivs.send(new CreateChannelCommand({ preset: '' as never })),
      'ValidationException',
      400,
      /'preset'.*enum/,
    );
    const { channel } = await t.ivs.send(
      new CreateChannelCommand({ type: 'ADVANCED_SD', preset: 'CONSTRAINED_BANDWIDTH_DELIVERY' }),
    );
    expect((await t.ivs.send(new UpdateChannelCommand({ arn: channel!.arn, type: 'STANDARD' }))).channel?.preset).toBe(
      '',
    );
  });

  it('playback restriction policies: country codes of 2 letters, origins of 0–128 characters, lists unbounded', async () => {
    const many = Array.from({ length: 300 }, () => 'DE');
    const { playbackRestrictionPolicy } = await t.ivs.send(
      new CreatePlaybackRestrictionPolicyCommand({
        allowedCountries: many,
        allowedOrigins: ['', ...Array.from({ length: 60 }, (_, i) => `https://o${i}.example`)],
      }),
    );
    expect(playbackRestrictionPolicy?.allowedOrigins).toHaveLength(61);
    await expectServiceError(
      t.ivs.send(new CreatePlaybackRestrictionPolicyCommand({ allowedCountries: ['*'] })),
      'ValidationException',
      400,
      /greater than or equal to 2/,
    );
    await expectServiceError(
      t.ivs.send(new CreatePlaybackRestrictionPolicyCommand({ allowedCountries: ['de'] })),
      'ValidationException',
      400,
      /ISO 3166-1/,
    );
    await expectServiceError(
      t.ivs.send(new CreatePlaybackRestrictionPolicyCommand({ allowedOrigins: ['o'.repeat(129)] })),
      'ValidationException',
      400,
      /128/,
    );
  });

  it('recording configurations need one destination; thumbnail storage and renditions are not size-limited by the model', async () => {
    await expectServiceError(
      t.ivs.send(new CreateRecordingConfigurationCommand({ destinationConfiguration: {} })),
      'ValidationException',
      400,
      /destination/,
    );
    const { recordingConfiguration } = await t.ivs.send(
      new CreateRecordingConfigurationCommand({
        destinationConfiguration: { s3: { bucketName: 'bucket' } },
        thumbnailConfiguration: { storage: ['SEQUENTIAL', 'LATEST', 'LATEST'] },
        renditionConfiguration: {
          renditionSelection: 'CUSTOM',
          renditions: ['SD', 'HD', 'FULL_HD', 'LOWEST_RESOLUTION', 'SD'],
        },
      }),
    );
    expect(recordingConfiguration?.renditionConfiguration?.renditions).toHaveLength(5);
  });

  it("a stream session's recording configuration has the shape GetRecordingConfiguration answers, state included", async () => {
    const { recordingConfiguration } = await t.ivs.send(
      new CreateRecordingConfigurationCommand({
        name: 'session-rec',
        destinationConfiguration: { s3: { bucketName: 'bucket' } },
      }),
    );
    const { arn } = t.sim.control.ivs.createChannel({ name: 'recorded-session' });
    await t.ivs.send(new UpdateChannelCommand({ arn, recordingConfigurationArn: recordingConfiguration!.arn }));
    t.sim.control.ivs.goLive(arn);
    const { streamSession } = await t.ivs.send(new GetStreamSessionCommand({ channelArn: arn }));
    expect(streamSession?.recordingConfiguration).toMatchObject({
      arn: recordingConfiguration!.arn,
      name: 'session-rec',
      state: 'ACTIVE',
    });
    t.sim.control.ivs.goOffline(arn);
  });
});
