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
  DeleteStageCommand,
  DeleteStorageConfigurationCommand,
  ImportPublicKeyCommand,
  ListTagsForResourceCommand,
  StartCompositionCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-ivs-realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, startTestSimulator, type TestSimulator } from './harness.js';

describe('tags on every taggable IVS RealTime resource, through the real client', () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startTestSimulator();
  });
  afterAll(() => t.stop());

  /** One of each taggable resource, each created with a tag. */
  async function everyResource() {
    const created = { from: 'create' };
    const stage = (await t.realtime.send(new CreateStageCommand({ tags: created }))).stage!.arn!;
    const enc = (await t.realtime.send(new CreateEncoderConfigurationCommand({ tags: created }))).encoderConfiguration!
      .arn!;
    const sto = (
      await t.realtime.send(new CreateStorageConfigurationCommand({ s3: { bucketName: 'tagged' }, tags: created }))
    ).storageConfiguration!.arn!;
    const channelArn = (await t.ivs.send(new CreateChannelCommand({}))).channel!.arn!;
    const comp = (
      await t.realtime.send(
        new StartCompositionCommand({ stageArn: stage, destinations: [{ channel: { channelArn } }], tags: created }),
      )
    ).composition!.arn!;
    const material = generateKeyPairSync('ec', { namedCurve: 'secp384r1' })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const key = (await t.realtime.send(new ImportPublicKeyCommand({ publicKeyMaterial: material, tags: created })))
      .publicKey!.arn!;
    const ingest = (
      await t.realtime.send(new CreateIngestConfigurationCommand({ ingestProtocol: 'RTMPS', tags: created }))
    ).ingestConfiguration!.arn!;
    return { stage, comp, enc, sto, key, ingest };
  }

  it('tags given at creation are listed; TagResource merges, UntagResource removes', async () => {
    const all = await everyResource();
    for (const arn of Object.values(all)) {
      expect((await t.realtime.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, arn).toEqual({
        from: 'create',
      });
      await t.realtime.send(new TagResourceCommand({ resourceArn: arn, tags: { env: 'test', owner: 'me' } }));
      expect((await t.realtime.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, arn).toEqual({
        from: 'create',
        env: 'test',
        owner: 'me',
      });
      await t.realtime.send(new TagResourceCommand({ resourceArn: arn, tags: { owner: 'you' } }));
      await t.realtime.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['from', 'env'] }));
      expect((await t.realtime.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, arn).toEqual({
        owner: 'you',
      });
    }
    expect(t.sim.control.requests({ operation: 'TagResource', service: 'realtime' })).toHaveLength(12);
  });

  it('a resource may hold at most 50 tags, counting those it has', async () => {
    const { stage } = await everyResource();
    const tags = (from: number, n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${from + i}`, 'v']));
    await t.realtime.send(new TagResourceCommand({ resourceArn: stage, tags: tags(0, 49) }));
    await expectServiceError(
      t.realtime.send(new TagResourceCommand({ resourceArn: stage, tags: tags(100, 1) })),
      'ValidationException',
      400,
      /'tags'.*50/,
    );
    expect(
      Object.keys((await t.realtime.send(new ListTagsForResourceCommand({ resourceArn: stage }))).tags ?? {}),
    ).toHaveLength(50);
  });

  it('deleted resources have no tags to list (404); an unknown ARN is 404', async () => {
    const { stage, enc, sto, key, ingest } = await everyResource();
    await t.realtime.send(new DeleteStageCommand({ arn: stage }));
    await t.realtime.send(new DeleteIngestConfigurationCommand({ arn: ingest }));
    await t.realtime.send(new DeletePublicKeyCommand({ arn: key }));
    for (const arn of [stage, ingest, key]) {
      await expectServiceError(
        t.realtime.send(new ListTagsForResourceCommand({ resourceArn: arn })),
        'ResourceNotFoundException',
        404,
      );
      await expectServiceError(
        t.realtime.send(new TagResourceCommand({ resourceArn: arn, tags: { a: 'b' } })),
        'ResourceNotFoundException',
        404,
      );
    }
    // Configurations too.
    await t.realtime.send(new DeleteEncoderConfigurationCommand({ arn: enc }));
    await t.realtime.send(new DeleteStorageConfigurationCommand({ arn: sto }));
    await expectServiceError(
      t.realtime.send(new UntagResourceCommand({ resourceArn: enc, tagKeys: ['from'] })),
      'ResourceNotFoundException',
      404,
    );
    await expectServiceError(
      t.realtime.send(
        new ListTagsForResourceCommand({ resourceArn: 'arn:aws:ivs:us-east-1:123456789012:stage/ghost' }),
      ),
      'ResourceNotFoundException',
      404,
    );
  });
});
