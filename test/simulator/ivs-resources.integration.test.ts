import { generateKeyPairSync } from 'node:crypto';
import {
  CreateAdConfigurationCommand,
  CreateChannelCommand,
  CreatePlaybackRestrictionPolicyCommand,
  CreateRecordingConfigurationCommand,
  DeleteAdConfigurationCommand,
  DeletePlaybackKeyPairCommand,
  DeletePlaybackRestrictionPolicyCommand,
  DeleteRecordingConfigurationCommand,
  GetAdConfigurationCommand,
  GetPlaybackKeyPairCommand,
  GetPlaybackRestrictionPolicyCommand,
  GetRecordingConfigurationCommand,
  ImportPlaybackKeyPairCommand,
  ListAdConfigurationsCommand,
  ListChannelsCommand,
  ListPlaybackKeyPairsCommand,
  ListPlaybackRestrictionPoliciesCommand,
  ListRecordingConfigurationsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAdConfigurationCommand,
  UpdateChannelCommand,
  UpdatePlaybackRestrictionPolicyCommand,
} from '@aws-sdk/client-ivs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, startTestSimulator, type TestSimulator } from './harness.js';

const pem = () =>
  generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('IVS configuration resources, tags and pagination through the real IvsClient', () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startTestSimulator();
  });
  afterAll(() => t.stop());

  it('recording configurations: create, get, list, used by a channel → delete is 409, then 204', async () => {
    const created = await t.ivs.send(
      new CreateRecordingConfigurationCommand({
        name: 'rec',
        destinationConfiguration: { s3: { bucketName: 'my-bucket' } },
        recordingReconnectWindowSeconds: 30,
      }),
    );
    const rc = created.recordingConfiguration!;
    expect(rc).toMatchObject({
      name: 'rec',
      state: 'ACTIVE',
      destinationConfiguration: { s3: { bucketName: 'my-bucket' } },
      recordingReconnectWindowSeconds: 30,
    });
    expect(
      (await t.ivs.send(new GetRecordingConfigurationCommand({ arn: rc.arn }))).recordingConfiguration
        ?.thumbnailConfiguration?.recordingMode,
    ).toBe('INTERVAL');
    expect(
      (await t.ivs.send(new ListRecordingConfigurationsCommand({}))).recordingConfigurations?.map((r) => r.arn),
    ).toContain(rc.arn);
    const { channel } = await t.ivs.send(
      new CreateChannelCommand({ name: 'recorded', recordingConfigurationArn: rc.arn }),
    );
    await expectServiceError(
      t.ivs.send(new DeleteRecordingConfigurationCommand({ arn: rc.arn })),
      'ConflictException',
      409,
      /used by channel/,
    );
    const filtered = await t.ivs.send(new ListChannelsCommand({ filterByRecordingConfigurationArn: rc.arn }));
    expect(filtered.channels?.map((c) => c.arn)).toEqual([channel!.arn]);
    await t.ivs.send(new UpdateChannelCommand({ arn: channel!.arn, recordingConfigurationArn: '' }));
    expect((await t.ivs.send(new DeleteRecordingConfigurationCommand({ arn: rc.arn }))).$metadata.httpStatusCode).toBe(
      204,
    );
    await expectServiceError(
      t.ivs.send(new CreateRecordingConfigurationCommand({ destinationConfiguration: { s3: { bucketName: 'NO' } } })),
      'ValidationException',
      400,
      /bucketName/,
    );
  });

  it('playback key pairs: import a PEM public key, fingerprint, duplicates 409, garbage 400', async () => {
    const material = pem();
    const { keyPair } = await t.ivs.send(
      new ImportPlaybackKeyPairCommand({ publicKeyMaterial: material, name: 'signing', tags: { a: '1' } }),
    );
    expect(keyPair?.arn).toMatch(/:playback-key\//);
    expect(keyPair?.fingerprint).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
    expect((await t.ivs.send(new GetPlaybackKeyPairCommand({ arn: keyPair!.arn }))).keyPair).toEqual(keyPair);
    expect((await t.ivs.send(new ListPlaybackKeyPairsCommand({}))).keyPairs).toEqual([
      { arn: keyPair!.arn, name: 'signing', tags: { a: '1' } },
    ]);
    await expectServiceError(
      t.ivs.send(new ImportPlaybackKeyPairCommand({ publicKeyMaterial: material })),
      'ConflictException',
      409,
      /already imported/,
    );
    await expectServiceError(
      t.ivs.send(new ImportPlaybackKeyPairCommand({ publicKeyMaterial: 'not a key' })),
      'ValidationException',
      400,
      /publicKeyMaterial/,
    );
    expect((await t.ivs.send(new DeletePlaybackKeyPairCommand({ arn: keyPair!.arn }))).$metadata.httpStatusCode).toBe(
      200,
    );
    await expectServiceError(
      t.ivs.send(new GetPlaybackKeyPairCommand({ arn: keyPair!.arn })),
      'ResourceNotFoundException',
      404,
    );
  });

  it('playback restriction policies: create, update, list, delete (204)', async () => {
    const { playbackRestrictionPolicy: p } = await t.ivs.send(
      new CreatePlaybackRestrictionPolicyCommand({
        name: 'eu-only',
        allowedCountries: ['DE', 'FR'],
        allowedOrigins: ['https://example.com'],
      }),
    );
    expect(p).toMatchObject({ name: 'eu-only', allowedCountries: ['DE', 'FR'], enableStrictOriginEnforcement: false });
    const updated = await t.ivs.send(
      new UpdatePlaybackRestrictionPolicyCommand({
        arn: p!.arn,
        enableStrictOriginEnforcement: true,
        allowedCountries: ['CA'],
      }),
    );
    expect(updated.playbackRestrictionPolicy).toMatchObject({
      name: 'eu-only',
      allowedCountries: ['CA'],
      enableStrictOriginEnforcement: true,
    });
    expect(
      (await t.ivs.send(new GetPlaybackRestrictionPolicyCommand({ arn: p!.arn }))).playbackRestrictionPolicy,
    ).toEqual(updated.playbackRestrictionPolicy);
    expect(
      (await t.ivs.send(new ListPlaybackRestrictionPoliciesCommand({}))).playbackRestrictionPolicies?.map((x) => x.arn),
    ).toEqual([p!.arn]);
    await expectServiceError(
      t.ivs.send(new CreatePlaybackRestrictionPolicyCommand({ allowedCountries: ['Germany'] })),
      'ValidationException',
      400,
      /allowedCountries/,
    );
    expect(
      (await t.ivs.send(new DeletePlaybackRestrictionPolicyCommand({ arn: p!.arn }))).$metadata.httpStatusCode,
    ).toBe(204);
  });

  it('ad configurations: create with defaults, update, list, delete blocked while used', async () => {
    const mt = [{ playbackConfigurationArn: 'arn:aws:mediatailor:us-east-1:123456789012:playbackConfiguration/pc' }];
    const { adConfiguration: ad } = await t.ivs.send(
      new CreateAdConfigurationCommand({ name: 'ads', mediaTailorPlaybackConfigurations: mt }),
    );
    expect(ad).toMatchObject({
      name: 'ads',
      mediaTailorPlaybackConfigurations: mt,
      postRollConfiguration: { enabled: false, durationSeconds: 15 },
    });
    const up = await t.ivs.send(
      new UpdateAdConfigurationCommand({ arn: ad!.arn, postRollConfiguration: { enabled: true, durationSeconds: 30 } }),
    );
    expect(up.adConfiguration?.postRollConfiguration).toEqual({ enabled: true, durationSeconds: 30 });
    expect((await t.ivs.send(new GetAdConfigurationCommand({ arn: ad!.arn }))).adConfiguration?.name).toBe('ads');
    expect((await t.ivs.send(new ListAdConfigurationsCommand({}))).adConfigurations?.map((a) => a.arn)).toEqual([
      ad!.arn,
    ]);
    const { channel } = await t.ivs.send(new CreateChannelCommand({ adConfigurationArn: ad!.arn }));
    await expectServiceError(t.ivs.send(new DeleteAdConfigurationCommand({ arn: ad!.arn })), 'ConflictException', 409);
    await t.ivs.send(new UpdateChannelCommand({ arn: channel!.arn, adConfigurationArn: '' }));
    expect((await t.ivs.send(new DeleteAdConfigurationCommand({ arn: ad!.arn }))).$metadata.httpStatusCode).toBe(204);
  });

  it('tags work on every taggable IVS resource', async () => {
    const { channel, streamKey } = await t.ivs.send(new CreateChannelCommand({ name: 'tagged' }));
    const rc = (
      await t.ivs.send(
        new CreateRecordingConfigurationCommand({ destinationConfiguration: { s3: { bucketName: 'b-1' } } }),
      )
    ).recordingConfiguration!;
    const kp = (await t.ivs.send(new ImportPlaybackKeyPairCommand({ publicKeyMaterial: pem() }))).keyPair!;
    const pol = (await t.ivs.send(new CreatePlaybackRestrictionPolicyCommand({}))).playbackRestrictionPolicy!;
    const ad = (await t.ivs.send(new CreateAdConfigurationCommand({ mediaTailorPlaybackConfigurations: [{}] })))
      .adConfiguration!;
    for (const arn of [channel!.arn!, streamKey!.arn!, rc.arn!, kp.arn!, pol.arn!, ad.arn!]) {
      await t.ivs.send(new TagResourceCommand({ resourceArn: arn, tags: { env: 'test', owner: 'me' } }));
      expect((await t.ivs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({
        env: 'test',
        owner: 'me',
      });
      await t.ivs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['owner'] }));
      expect((await t.ivs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({ env: 'test' });
    }
    expect((await t.ivs.send(new ListChannelsCommand({ filterByName: 'tagged' }))).channels?.[0]?.tags).toEqual({
      env: 'test',
    });
    await expectServiceError(
      t.ivs.send(new ListTagsForResourceCommand({ resourceArn: 'arn:aws:ivs:us-east-1:123456789012:channel/ghost' })),
      'ResourceNotFoundException',
      404,
    );
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    await expectServiceError(
      t.ivs.send(new TagResourceCommand({ resourceArn: channel!.arn, tags: many })),
      'ValidationException',
      400,
      /at most 50 tags/,
    );
    await expectServiceError(
      t.ivs.send(new UntagResourceCommand({ resourceArn: channel!.arn, tagKeys: [] })),
      'ValidationException',
      400,
      /'tagKeys'/,
    );
  });

  it('paginates with opaque tokens that stay stable while channels are added', async () => {
    const s = await startTestSimulator({ scenario: { channels: 25 } });
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const out = await s.ivs.send(new ListChannelsCommand({ maxResults: 10, nextToken }));
      seen.push(...(out.channels ?? []).map((c) => c.arn!));
      nextToken = out.nextToken;
      if (pages++ === 0) for (let i = 0; i < 3; i++) s.sim.control.ivs.createChannel({ name: `late-${i}` });
      if (nextToken) expect(nextToken).toMatch(/^[a-zA-Z0-9+/=_-]{1,1024}$/);
    } while (nextToken);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(28);
    expect(new Set(seen).size).toBe(28);
    const first = await s.ivs.send(new ListChannelsCommand({ maxResults: 10 }));
    await expectServiceError(
      s.ivs.send(new ListChannelsCommand({ maxResults: 10, nextToken: 'forged-token' })),
      'ValidationException',
      400,
      /nextToken/,
    );
    await expectServiceError(
      s.ivs.send(new ListChannelsCommand({ filterByName: 'late', nextToken: first.nextToken })),
      'ValidationException',
      400,
      /nextToken/,
    );
    await s.stop();
  });
});
