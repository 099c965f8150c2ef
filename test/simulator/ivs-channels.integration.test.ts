import {
  BatchGetChannelCommand,
  BatchGetStreamKeyCommand,
  CreateChannelCommand,
  CreateStreamKeyCommand,
  DeleteChannelCommand,
  DeleteStreamKeyCommand,
  GetChannelCommand,
  GetStreamKeyCommand,
  ListChannelsCommand,
  ListStreamKeysCommand,
  UpdateChannelCommand,
} from '@aws-sdk/client-ivs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, startTestSimulator, type TestSimulator } from './harness.js';

describe('IVS channels and stream keys through the real IvsClient', () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startTestSimulator({ region: 'eu-west-1', accountId: '111122223333' });
  });
  afterAll(() => t.stop());

  it('CreateChannel makes a channel with defaults and its one stream key', async () => {
    const out = await t.ivs.send(new CreateChannelCommand({ name: 'lobby', tags: { team: 'video' } }));
    const channel = out.channel!;
    expect(channel.arn).toMatch(/^arn:aws:ivs:eu-west-1:111122223333:channel\/[a-zA-Z0-9]{12}$/);
    expect(channel).toMatchObject({
      name: 'lobby',
      latencyMode: 'LOW',
      type: 'STANDARD',
      authorized: false,
      insecureIngest: false,
      preset: '',
      recordingConfigurationArn: '',
      tags: { team: 'video' },
    });
    expect(channel.ingestEndpoint).toMatch(/\.global-contribute\.live-video\.net$/);
    expect(channel.playbackUrl).toContain(channel.arn!.split('/')[1]);
    expect(channel.srt?.passphrase).toHaveLength(32);
    expect(out.streamKey?.channelArn).toBe(channel.arn);
    expect(out.streamKey?.value).toMatch(/^sk_eu-west-1_[a-zA-Z0-9]{36}$/);
    const key = await t.ivs.send(new GetStreamKeyCommand({ arn: out.streamKey!.arn }));
    expect(key.streamKey?.value).toBe(out.streamKey?.value);
    const keys = await t.ivs.send(new ListStreamKeysCommand({ channelArn: channel.arn }));
    expect(keys.streamKeys?.map((k) => k.arn)).toEqual([out.streamKey?.arn]);
    expect(keys.streamKeys?.[0]).not.toHaveProperty('value');
  });

  it('allows one stream key per channel; after deleting it, CreateStreamKey makes a new one', async () => {
    const { channel, streamKey } = await t.ivs.send(new CreateChannelCommand({ name: 'one-key' }));
    await expectServiceError(
      t.ivs.send(new CreateStreamKeyCommand({ channelArn: channel!.arn })),
      'ServiceQuotaExceededException',
      402,
      /already has a stream key/,
    );
    const del = await t.ivs.send(new DeleteStreamKeyCommand({ arn: streamKey!.arn }));
    expect(del.$metadata.httpStatusCode).toBe(204);
    await expectServiceError(
      t.ivs.send(new GetStreamKeyCommand({ arn: streamKey!.arn })),
      'ResourceNotFoundException',
      404,
    );
    const fresh = await t.ivs.send(new CreateStreamKeyCommand({ channelArn: channel!.arn, tags: { k: 'v' } }));
    expect(fresh.streamKey?.arn).not.toBe(streamKey?.arn);
    expect(fresh.streamKey?.tags).toEqual({ k: 'v' });
  });

  it('GetChannel, UpdateChannel and DeleteChannel (204), with not-found afterwards', async () => {
    const { channel } = await t.ivs.send(new CreateChannelCommand({ name: 'to-update', latencyMode: 'NORMAL' }));
    const got = await t.ivs.send(new GetChannelCommand({ arn: channel!.arn }));
    expect(got.channel).toEqual(channel);
    const updated = await t.ivs.send(
      new UpdateChannelCommand({
        arn: channel!.arn,
        name: 'updated',
        type: 'ADVANCED_HD',
        preset: 'HIGHER_BANDWIDTH_DELIVERY',
        authorized: true,
      }),
    );
    expect(updated.channel).toMatchObject({
      name: 'updated',
      type: 'ADVANCED_HD',
      preset: 'HIGHER_BANDWIDTH_DELIVERY',
      authorized: true,
      latencyMode: 'NORMAL',
    });
    await expectServiceError(
      t.ivs.send(
        new UpdateChannelCommand({ arn: channel!.arn, type: 'STANDARD', preset: 'HIGHER_BANDWIDTH_DELIVERY' }),
      ),
      'ValidationException',
      400,
      /preset/,
    );
    const del = await t.ivs.send(new DeleteChannelCommand({ arn: channel!.arn }));
    expect(del.$metadata.httpStatusCode).toBe(204);
    await expectServiceError(
      t.ivs.send(new GetChannelCommand({ arn: channel!.arn })),
      'ResourceNotFoundException',
      404,
      /Channel not found/,
    );
  });

  it('a live channel can be neither updated nor deleted (409); offline again, it can', async () => {
    const { arn } = t.sim.control.ivs.createChannel({ name: 'busy' });
    t.sim.control.ivs.goLive(arn);
    await expectServiceError(t.ivs.send(new DeleteChannelCommand({ arn })), 'ConflictException', 409, /live/);
    await expectServiceError(
      t.ivs.send(new UpdateChannelCommand({ arn, name: 'x' })),
      'ConflictException',
      409,
      /live/,
    );
    t.sim.control.ivs.goOffline(arn);
    expect((await t.ivs.send(new DeleteChannelCommand({ arn }))).$metadata.httpStatusCode).toBe(204);
  });

  it('BatchGetChannel: found channels plus per-ARN errors, duplicates collapsed', async () => {
    const a = t.sim.control.ivs.createChannel({ name: 'batch-a' }).arn;
    const b = t.sim.control.ivs.createChannel({ name: 'batch-b' }).arn;
    const missing = a.replace(/\/[a-zA-Z0-9]+$/, '/doesNotExist1');
    const out = await t.ivs.send(new BatchGetChannelCommand({ arns: [a, b, a, missing] }));
    expect(out.channels?.map((c) => c.name).sort()).toEqual(['batch-a', 'batch-b']);
    expect(out.errors).toEqual([
      { arn: missing, code: 'ResourceNotFoundException', message: expect.stringContaining(missing) },
    ]);
  });

  it('BatchGetStreamKey works the same way', async () => {
    const { streamKeyArn } = t.sim.control.ivs.createChannel({ name: 'batch-key' });
    const missing = streamKeyArn.replace(/\/[a-zA-Z0-9]+$/, '/nope');
    const out = await t.ivs.send(new BatchGetStreamKeyCommand({ arns: [streamKeyArn, missing] }));
    expect(out.streamKeys?.map((k) => k.arn)).toEqual([streamKeyArn]);
    expect(out.streamKeys?.[0]?.value).toMatch(/^sk_/);
    expect(out.errors?.map((e) => [e.arn, e.code])).toEqual([[missing, 'ResourceNotFoundException']]);
  });

  it('ListChannels filters by name or by a referenced ARN, never both (409)', async () => {
    t.sim.control.ivs.createChannel({ name: 'findme-1' });
    t.sim.control.ivs.createChannel({ name: 'findme-2' });
    const out = await t.ivs.send(new ListChannelsCommand({ filterByName: 'findme' }));
    expect(out.channels?.map((c) => c.name)).toEqual(['findme-1', 'findme-2']);
    expect(out.channels?.[0]).not.toHaveProperty('playbackUrl');
    expect(out.channels?.[0]).not.toHaveProperty('srt');
    await expectServiceError(
      t.ivs.send(
        new ListChannelsCommand({
          filterByName: 'findme',
          filterByRecordingConfigurationArn: 'arn:aws:ivs:eu-west-1:111122223333:recording-configuration/abc',
        }),
      ),
      'ConflictException',
      409,
      /filterByName and filterByRecordingConfigurationArn/,
    );
  });

  it('rejects bad input before any semantics, naming the member and the rule', async () => {
    const ch = 'arn:aws:ivs:eu-west-1:111122223333:channel/abc';
    await expectServiceError(
      t.ivs.send(new GetChannelCommand({ arn: 'arn:aws:ivs:eu-west-1:111122223333:stage/abc' })),
      'ValidationException',
      400,
      /'arn'.*channel/,
    );
    await expectServiceError(
      t.ivs.send(new GetChannelCommand({ arn: 'not-an-arn' })),
      'ValidationException',
      400,
      /'arn'/,
    );
    await expectServiceError(
      t.ivs.send(new ListChannelsCommand({ maxResults: 0 })),
      'ValidationException',
      400,
      /'maxResults'.*greater than or equal to 1/,
    );
    await expectServiceError(
      t.ivs.send(new ListChannelsCommand({ maxResults: 101 })),
      'ValidationException',
      400,
      /'maxResults'.*less than or equal to 100/,
    );
    await expectServiceError(
      t.ivs.send(new ListStreamKeysCommand({ channelArn: ch, maxResults: 51 })),
      'ValidationException',
      400,
      /'maxResults'.*less than or equal to 50/,
    );
    await expectServiceError(
      t.ivs.send(new BatchGetChannelCommand({ arns: Array.from({ length: 51 }, (_, i) => `${ch}${i}`) })),
      'ValidationException',
      400,
      /'arns'.*less than or equal to 50/,
    );
    await expectServiceError(
      t.ivs.send(new BatchGetChannelCommand({ arns: [] })),
      'ValidationException',
      400,
      /'arns'.*greater than or equal to 1/,
    );
    await expectServiceError(
      t.ivs.send(new CreateChannelCommand({ name: 'has spaces' })),
      'ValidationException',
      400,
      /'name'.*pattern/,
    );
    await expectServiceError(
      t.ivs.send(new CreateChannelCommand({ name: 'x'.repeat(129) })),
      'ValidationException',
      400,
      /'name'.*128/,
    );
    await expectServiceError(
      t.ivs.send(new CreateChannelCommand({ latencyMode: 'ULTRA' as 'LOW' })),
      'ValidationException',
      400,
      /'latencyMode'.*NORMAL, LOW/,
    );
    const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    await expectServiceError(t.ivs.send(new CreateChannelCommand({ tags })), 'ValidationException', 400, /'tags'.*50/);
    await expectServiceError(
      t.ivs.send(new CreateChannelCommand({ tags: { ['k'.repeat(129)]: 'v' } })),
      'ValidationException',
      400,
      /'tags.key'/,
    );
    await expectServiceError(
      t.ivs.send(
        new CreateChannelCommand({
          recordingConfigurationArn: 'arn:aws:ivs:eu-west-1:111122223333:recording-configuration/missing',
        }),
      ),
      'ResourceNotFoundException',
      404,
      /Recording configuration/,
    );
  });
});
