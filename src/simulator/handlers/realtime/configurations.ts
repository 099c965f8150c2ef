import { conflict } from '../../errors.js';
import type { EncoderConfigurationRecord, PublicKeyRecord, StorageConfigurationRecord } from '../../world/realtime-state.js';
import type { World } from '../../world/world.js';
import { collectionHandlers } from '../collection.js';
import { publicKeyFingerprint } from '../public-key.js';
import type { HandlerTable } from '../types.js';
import { runningCompositions } from './compositions.js';

const str = (v: unknown, fallback = '') => (typeof v === 'string' ? v : fallback);

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
    name: str(input.name),
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
  create: (input, base) => ({ ...base, name: str(input.name), s3: { ...(input.s3 as { bucketName: string }) } }),
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
  create: (input, base, { world }) => {
    const fingerprint = publicKeyFingerprint(input.publicKeyMaterial as string);
    const dup = [...world.realtime.publicKeys.values()].find((k) => k.fingerprint === fingerprint);
    if (dup) throw conflict(`This public key is already imported as ${dup.arn}`);
    return { ...base, name: str(input.name), publicKeyMaterial: input.publicKeyMaterial as string, fingerprint };
  },
  view: (r) => ({ arn: r.arn, name: r.name, publicKeyMaterial: r.publicKeyMaterial, fingerprint: r.fingerprint }),
  summary: (r) => ({ arn: r.arn, name: r.name }),
});

export const realtimeConfigurationHandlers: HandlerTable = { ...encoderConfigurations, ...storageConfigurations, ...publicKeys };
