import type { EncoderConfigurationRecord, PublicKeyRecord, StorageConfigurationRecord } from '../../world/realtime-state.js';
import type { World } from '../../world/world.js';
import { collectionHandlers, stringOr } from '../collection.js';
import { fingerprintForImport } from '../public-key.js';
import type { HandlerTable } from '../types.js';
import { runningCompositions } from './compositions.js';


function usedByComposition(world: World, arn: string): string | undefined {
  const c = runningCompositions(world).find((comp) => JSON.stringify(comp.destinations).includes(`"${arn}"`));
  return c ? `it is used by composition ${c.arn}, which is not stopped` : undefined;
}

const encoderConfigurations = collectionHandlers<EncoderConfigurationRecord>({
  label: 'Encoder configuration',
  arnType: 'encoder-configuration',
  singular: 'encoderConfiguration',
  plural: 'encoderConfigurations',
  ops: { create: 'CreateEncoderConfiguration', get: 'GetEncoderConfiguration', delete: 'DeleteEncoderConfiguration', list: 'ListEncoderConfigurations' },
  store: (w) => w.realtime.encoderConfigurations,
  create: (input, base) => ({
    ...base,
    name: stringOr(input.name),
    video: { width: 1280, height: 720, framerate: 30, bitrate: 2_500_000, ...(input.video as object | undefined) },
  }),
  view: (r) => ({ arn: r.arn, name: r.name, video: r.video }),
  summary: (r) => ({ arn: r.arn, name: r.name }),
  blocksDelete: (r, world) => usedByComposition(world, r.arn),
});

const storageConfigurations = collectionHandlers<StorageConfigurationRecord>({
  label: 'Storage configuration',
  arnType: 'storage-configuration',
  singular: 'storageConfiguration',
  plural: 'storageConfigurations',
  ops: { create: 'CreateStorageConfiguration', get: 'GetStorageConfiguration', delete: 'DeleteStorageConfiguration', list: 'ListStorageConfigurations' },
  store: (w) => w.realtime.storageConfigurations,
  create: (input, base) => ({ ...base, name: stringOr(input.name), s3: { ...(input.s3 as { bucketName: string }) } }),
  view: (r) => ({ arn: r.arn, name: r.name, s3: r.s3 }),
  blocksDelete: (r, world) => {
    const stage = [...world.realtime.stages.values()].find((s) => s.autoParticipantRecordingConfiguration?.storageConfigurationArn === r.arn);
    return stage ? `it is used for participant recording by stage ${stage.arn}` : usedByComposition(world, r.arn);
  },
});

const publicKeys = collectionHandlers<PublicKeyRecord>({
  label: 'Public key',
  arnType: 'public-key',
  singular: 'publicKey',
  plural: 'publicKeys',
  ops: { create: 'ImportPublicKey', get: 'GetPublicKey', delete: 'DeletePublicKey', list: 'ListPublicKeys' },
  store: (w) => w.realtime.publicKeys,
  create: (input, base, { world }) => ({
    ...base,
    name: stringOr(input.name),
    publicKeyMaterial: input.publicKeyMaterial as string,
    fingerprint: fingerprintForImport(input.publicKeyMaterial as string, world.realtime.publicKeys.values()),
  }),
  view: (r) => ({ arn: r.arn, name: r.name, publicKeyMaterial: r.publicKeyMaterial, fingerprint: r.fingerprint }),
  summary: (r) => ({ arn: r.arn, name: r.name }),
});

export const realtimeConfigurationHandlers: HandlerTable = { ...encoderConfigurations, ...storageConfigurations, ...publicKeys };
