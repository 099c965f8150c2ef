import type {
  AdConfigurationRecord,
  PlaybackKeyPairRecord,
  PlaybackRestrictionPolicyRecord,
  RecordingConfigurationRecord,
} from '../../world/ivs-state.js';
import type { World } from '../../world/world.js';
import { validation } from '../../operations/errors.js';
import { collectionHandlers, stringOr } from '../collection.js';
import { fingerprintForImport } from '../public-key.js';
import type { HandlerTable } from '../types.js';

const usedBy = (
  world: World,
  field: 'recordingConfigurationArn' | 'playbackRestrictionPolicyArn' | 'adConfigurationArn',
  arn: string,
) => {
  const channel = [...world.ivs.channels.values()].find((c) => c[field] === arn);
  return channel ? `it is used by channel ${channel.arn}` : undefined;
};

/** "You define one and only one type of destination configuration"; s3 is the only type so far. */
function destination(input: Record<string, unknown>): Record<string, unknown> {
  const d = input.destinationConfiguration as Record<string, unknown>;
  if (!d.s3)
    throw validation(
      "Value at 'destinationConfiguration' failed to satisfy constraint: Member must define one destination (s3)",
    );
  return d;
}

/** Allowed countries are ISO 3166-1 alpha-2 codes (the model only says "2 characters"). */
function countries(value: unknown): string[] | undefined {
  const list = value as string[] | undefined;
  const bad = list?.find((c) => !/^[A-Z]{2}$/.test(c));
  if (bad !== undefined)
    throw validation(
      `Value at 'allowedCountries' failed to satisfy constraint: Member must be ISO 3166-1 alpha-2 country codes (got '${bad}')`,
    );
  return list;
}

/** A recording configuration as GetRecordingConfiguration (and a stream session) shows it. */
export function recordingConfigurationView(r: RecordingConfigurationRecord): Record<string, unknown> {
  return {
    arn: r.arn,
    name: r.name,
    destinationConfiguration: r.destinationConfiguration,
    state: 'ACTIVE',
    thumbnailConfiguration: r.thumbnailConfiguration,
    recordingReconnectWindowSeconds: r.recordingReconnectWindowSeconds,
    renditionConfiguration: r.renditionConfiguration,
  };
}

const recordingConfigurations = collectionHandlers<RecordingConfigurationRecord>({
  label: 'Recording configuration',
  arnType: 'recording-configuration',
  singular: 'recordingConfiguration',
  plural: 'recordingConfigurations',
  ops: {
    create: 'CreateRecordingConfiguration',
    get: 'GetRecordingConfiguration',
    delete: 'DeleteRecordingConfiguration',
    list: 'ListRecordingConfigurations',
  },
  store: (w) => w.ivs.recordingConfigurations,
  create: (input, base) => ({
    ...base,
    name: stringOr(input.name),
    destinationConfiguration: destination(input),
    thumbnailConfiguration: {
      recordingMode: 'INTERVAL',
      targetIntervalSeconds: 60,
      resolution: 'LOWEST_RESOLUTION',
      storage: ['SEQUENTIAL'],
      ...(input.thumbnailConfiguration as object | undefined),
    },
    renditionConfiguration: {
      renditionSelection: 'ALL',
      renditions: [],
      ...(input.renditionConfiguration as object | undefined),
    },
    recordingReconnectWindowSeconds: (input.recordingReconnectWindowSeconds as number | undefined) ?? 0,
  }),
  view: (r) => recordingConfigurationView(r),
  summary: (r) => ({ arn: r.arn, name: r.name, destinationConfiguration: r.destinationConfiguration, state: 'ACTIVE' }),
  blocksDelete: (r, world) => usedBy(world, 'recordingConfigurationArn', r.arn),
});

const playbackRestrictionPolicies = collectionHandlers<PlaybackRestrictionPolicyRecord>({
  label: 'Playback restriction policy',
  arnType: 'playback-restriction-policy',
  singular: 'playbackRestrictionPolicy',
  plural: 'playbackRestrictionPolicies',
  ops: {
    create: 'CreatePlaybackRestrictionPolicy',
    get: 'GetPlaybackRestrictionPolicy',
    update: 'UpdatePlaybackRestrictionPolicy',
    delete: 'DeletePlaybackRestrictionPolicy',
    list: 'ListPlaybackRestrictionPolicies',
  },
  store: (w) => w.ivs.playbackRestrictionPolicies,
  create: (input, base) => ({
    ...base,
    name: stringOr(input.name),
    allowedCountries: countries(input.allowedCountries) ?? [],
    allowedOrigins: (input.allowedOrigins as string[] | undefined) ?? [],
    enableStrictOriginEnforcement: (input.enableStrictOriginEnforcement as boolean | undefined) ?? false,
  }),
  update: (r, input) => ({
    ...r,
    name: stringOr(input.name, r.name),
    allowedCountries: countries(input.allowedCountries) ?? r.allowedCountries,
    allowedOrigins: (input.allowedOrigins as string[] | undefined) ?? r.allowedOrigins,
    enableStrictOriginEnforcement:
      (input.enableStrictOriginEnforcement as boolean | undefined) ?? r.enableStrictOriginEnforcement,
  }),
  view: (r) => ({
    arn: r.arn,
    name: r.name,
    allowedCountries: r.allowedCountries,
    allowedOrigins: r.allowedOrigins,
    enableStrictOriginEnforcement: r.enableStrictOriginEnforcement,
  }),
  blocksDelete: (r, world) => usedBy(world, 'playbackRestrictionPolicyArn', r.arn),
});

const adConfigurations = collectionHandlers<AdConfigurationRecord>({
  label: 'Ad configuration',
  arnType: 'ad-configuration',
  singular: 'adConfiguration',
  plural: 'adConfigurations',
  ops: {
    create: 'CreateAdConfiguration',
    get: 'GetAdConfiguration',
    update: 'UpdateAdConfiguration',
    delete: 'DeleteAdConfiguration',
    list: 'ListAdConfigurations',
  },
  store: (w) => w.ivs.adConfigurations,
  create: (input, base) => ({
    ...base,
    name: stringOr(input.name),
    mediaTailorPlaybackConfigurations: input.mediaTailorPlaybackConfigurations as Array<Record<string, unknown>>,
    postRollConfiguration: {
      enabled: false,
      durationSeconds: 15,
      ...(input.postRollConfiguration as object | undefined),
    },
  }),
  update: (r, input) => ({
    ...r,
    name: stringOr(input.name, r.name),
    mediaTailorPlaybackConfigurations:
      (input.mediaTailorPlaybackConfigurations as Array<Record<string, unknown>> | undefined) ??
      r.mediaTailorPlaybackConfigurations,
    postRollConfiguration: { ...r.postRollConfiguration, ...(input.postRollConfiguration as object | undefined) },
  }),
  view: (r) => ({
    arn: r.arn,
    name: r.name,
    mediaTailorPlaybackConfigurations: r.mediaTailorPlaybackConfigurations,
    postRollConfiguration: r.postRollConfiguration,
  }),
  // The model's AdConfigurationSummary requires the playback configurations too.
  summary: (r) => ({
    arn: r.arn,
    name: r.name,
    mediaTailorPlaybackConfigurations: r.mediaTailorPlaybackConfigurations,
  }),
  blocksDelete: (r, world) => usedBy(world, 'adConfigurationArn', r.arn),
});

const playbackKeyPairs = collectionHandlers<PlaybackKeyPairRecord>({
  label: 'Playback key pair',
  arnType: 'playback-key',
  singular: 'keyPair',
  plural: 'keyPairs',
  ops: {
    create: 'ImportPlaybackKeyPair',
    get: 'GetPlaybackKeyPair',
    delete: 'DeletePlaybackKeyPair',
    list: 'ListPlaybackKeyPairs',
  },
  store: (w) => w.ivs.playbackKeyPairs,
  create: (input, base, { world }) => ({
    ...base,
    name: stringOr(input.name),
    fingerprint: fingerprintForImport(input.publicKeyMaterial as string, world.ivs.playbackKeyPairs.values()),
  }),
  view: (r) => ({ arn: r.arn, name: r.name, fingerprint: r.fingerprint }),
  summary: (r) => ({ arn: r.arn, name: r.name }),
});

export const configurationHandlers: HandlerTable = {
  ...recordingConfigurations,
  ...playbackRestrictionPolicies,
  ...adConfigurations,
  ...playbackKeyPairs,
};
