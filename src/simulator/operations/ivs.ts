import { arn, bool, int, list, name, object, oneOf, optionalArn, paging, str } from './rules.js';
import { ivsTagRules, tagSpecs } from './tags.js';
import type { OperationSpec, Rule } from './types.js';

/**
 * Every IVS (low-latency) operation: route and required members as in the SDK model
 * (test/simulator/coverage.test.ts checks them against it), limits from the botocore service model (test/simulator/model-conformance.test.ts checks them).
 */
const IVS_ARN_TYPES = [
  'channel',
  'stream-key',
  'playback-key',
  'recording-configuration',
  'playback-restriction-policy',
  'ad-configuration',
];

const channelArn = arn('channel');
const tags = ivsTagRules.tags;
const channelFields: Record<string, Rule> = {
  name: name(),
  latencyMode: oneOf('NORMAL', 'LOW'),
  type: oneOf('BASIC', 'STANDARD', 'ADVANCED_SD', 'ADVANCED_HD'),
  authorized: bool(),
  insecureIngest: bool(),
  // Channels answer preset "" when they have none, but the model's enum does not take "" as input.
  preset: oneOf('HIGHER_BANDWIDTH_DELIVERY', 'CONSTRAINED_BANDWIDTH_DELIVERY'),
  recordingConfigurationArn: optionalArn('recording-configuration'),
  playbackRestrictionPolicyArn: optionalArn('playback-restriction-policy'),
  adConfigurationArn: optionalArn('ad-configuration'),
  containerFormat: oneOf('TS', 'FRAGMENTED_MP4'),
  multitrackInputConfiguration: object({
    enabled: bool(),
    policy: oneOf('ALLOW', 'REQUIRE'),
    maximumResolution: oneOf('SD', 'HD', 'FULL_HD'),
  }),
};
const restrictionFields: Record<string, Rule> = {
  name: name(),
  // The model bounds neither list; that a country is an ISO 3166-1 code the handler checks.
  allowedCountries: list(undefined, undefined, str(2, 2)),
  allowedOrigins: list(undefined, undefined, str(0, 128)),
  enableStrictOriginEnforcement: bool(),
};
const MEDIATAILOR_ARN_TEXT = 'arn:aws:mediatailor:[a-z0-9-]+:[0-9]+:playbackConfiguration/[a-zA-Z0-9-]+';
const MEDIATAILOR_ARN = new RegExp(`^${MEDIATAILOR_ARN_TEXT}$`);
const adFields: Record<string, Rule> = {
  name: name(),
  // Up to 3 MediaTailor playback configurations; each ARN is optional in the model.
  mediaTailorPlaybackConfigurations: list(
    1,
    3,
    object({ playbackConfigurationArn: str(0, 128, MEDIATAILOR_ARN, MEDIATAILOR_ARN_TEXT) }),
  ),
  postRollConfiguration: object({ durationSeconds: int(1, 120), enabled: bool() }, ['durationSeconds', 'enabled']),
};
const revocation = object(
  { channelArn, viewerId: str(1, 40), viewerSessionVersionsLessThanOrEqualTo: int(0, 2147483647) },
  ['channelArn', 'viewerId'],
);

type Partial5 = Omit<OperationSpec, 'service' | 'method' | 'status' | 'tps'> & { status?: 200 | 204; tps?: number };
const op = (s: Partial5): OperationSpec => ({ service: 'ivs', method: 'POST', status: 200, tps: 5, ...s });
const get = (n: string, arnType: string, tps = 5) =>
  op({ name: n, path: `/${n}`, required: ['arn'], fields: { arn: arn(arnType) }, tps });
const del = (n: string, arnType: string, status: 200 | 204, tps = 5) =>
  op({ name: n, path: `/${n}`, required: ['arn'], fields: { arn: arn(arnType) }, status, tps });
const lst = (n: string, max = 100, tps = 5, extra: Record<string, Rule> = {}, required: string[] = []) =>
  op({ name: n, path: `/${n}`, required, fields: { ...paging(max), ...extra }, tps });

export const ivsSpecs: OperationSpec[] = [
  // Channels
  op({ name: 'CreateChannel', path: '/CreateChannel', required: [], fields: { ...channelFields, tags } }),
  get('GetChannel', 'channel'),
  op({
    name: 'BatchGetChannel',
    path: '/BatchGetChannel',
    required: ['arns'],
    fields: { arns: list(1, 50, channelArn) },
  }),
  op({
    name: 'UpdateChannel',
    path: '/UpdateChannel',
    required: ['arn'],
    fields: { arn: channelArn, ...channelFields },
  }),
  del('DeleteChannel', 'channel', 204),
  op({
    name: 'ListChannels',
    path: '/ListChannels',
    required: [],
    fields: {
      ...paging(100),
      filterByName: name(),
      filterByRecordingConfigurationArn: optionalArn('recording-configuration'),
      filterByPlaybackRestrictionPolicyArn: optionalArn('playback-restriction-policy'),
      filterByAdConfigurationArn: optionalArn('ad-configuration'),
    },
    exclusive: {
      members: [
        'filterByName',
        'filterByRecordingConfigurationArn',
        'filterByPlaybackRestrictionPolicyArn',
        'filterByAdConfigurationArn',
      ],
      error: 'ConflictException',
    },
  }),
  // Stream keys (quota not published: assume 5)
  op({ name: 'CreateStreamKey', path: '/CreateStreamKey', required: ['channelArn'], fields: { channelArn, tags } }),
  get('GetStreamKey', 'stream-key'),
  op({
    name: 'BatchGetStreamKey',
    path: '/BatchGetStreamKey',
    required: ['arns'],
    fields: { arns: list(1, 50, arn('stream-key')) },
  }),
  del('DeleteStreamKey', 'stream-key', 204),
  lst('ListStreamKeys', 50, 5, { channelArn }, ['channelArn']),
  // Streams and sessions
  op({ name: 'GetStream', path: '/GetStream', required: ['channelArn'], fields: { channelArn } }),
  lst('ListStreams', 100, 5, { filterBy: object({ health: oneOf('HEALTHY', 'STARVING', 'UNKNOWN') }) }),
  op({ name: 'StopStream', path: '/StopStream', required: ['channelArn'], fields: { channelArn } }),
  // The model bounds metadata by nothing but min 1; its documented 1 KB (bytes) is the handler's check.
  op({
    name: 'PutMetadata',
    path: '/PutMetadata',
    required: ['channelArn', 'metadata'],
    fields: { channelArn, metadata: str(1) },
    status: 204,
    tps: 155,
    perResource: { member: 'channelArn', tps: 5 },
  }),
  op({
    name: 'InsertAdBreak',
    path: '/InsertAdBreak',
    required: ['channelArn', 'durationSeconds'],
    fields: { channelArn, durationSeconds: int(1, 300) },
  }),
  op({
    name: 'GetStreamSession',
    path: '/GetStreamSession',
    required: ['channelArn'],
    fields: { channelArn, streamId: str(26, 26, /^st-[a-zA-Z0-9]+$/, 'st-[a-zA-Z0-9]+') },
  }),
  lst('ListStreamSessions', 100, 5, { channelArn }, ['channelArn']),
  // Recording configurations (3 TPS)
  op({
    name: 'CreateRecordingConfiguration',
    path: '/CreateRecordingConfiguration',
    required: ['destinationConfiguration'],
    fields: {
      name: name(),
      // s3 is optional in the model (one destination type of possibly several): the handler requires one.
      destinationConfiguration: object({
        s3: object({ bucketName: str(3, 63, /^[a-z0-9-.]+$/, '[a-z0-9-.]+') }, ['bucketName']),
      }),
      thumbnailConfiguration: object({
        recordingMode: oneOf('DISABLED', 'INTERVAL'),
        targetIntervalSeconds: int(1, 60),
        resolution: oneOf('SD', 'HD', 'FULL_HD', 'LOWEST_RESOLUTION'),
        storage: list(undefined, undefined, oneOf('SEQUENTIAL', 'LATEST')),
      }),
      recordingReconnectWindowSeconds: int(0, 300),
      renditionConfiguration: object({
        renditionSelection: oneOf('ALL', 'NONE', 'CUSTOM'),
        renditions: list(undefined, undefined, oneOf('SD', 'HD', 'FULL_HD', 'LOWEST_RESOLUTION')),
      }),
      tags,
    },
    tps: 3,
  }),
  get('GetRecordingConfiguration', 'recording-configuration', 3),
  del('DeleteRecordingConfiguration', 'recording-configuration', 204, 3),
  lst('ListRecordingConfigurations', 100, 3),
  // Playback key pairs (3 TPS)
  // Any string in the model; the handler refuses what is not a PEM public key.
  op({
    name: 'ImportPlaybackKeyPair',
    path: '/ImportPlaybackKeyPair',
    required: ['publicKeyMaterial'],
    fields: { publicKeyMaterial: str(), name: name(), tags },
    tps: 3,
  }),
  get('GetPlaybackKeyPair', 'playback-key', 3),
  del('DeletePlaybackKeyPair', 'playback-key', 200, 3),
  lst('ListPlaybackKeyPairs', 100, 3),
  // Playback restriction policies
  op({
    name: 'CreatePlaybackRestrictionPolicy',
    path: '/CreatePlaybackRestrictionPolicy',
    required: [],
    fields: { ...restrictionFields, tags },
  }),
  get('GetPlaybackRestrictionPolicy', 'playback-restriction-policy'),
  op({
    name: 'UpdatePlaybackRestrictionPolicy',
    path: '/UpdatePlaybackRestrictionPolicy',
    required: ['arn'],
    fields: { arn: arn('playback-restriction-policy'), ...restrictionFields },
  }),
  del('DeletePlaybackRestrictionPolicy', 'playback-restriction-policy', 204),
  lst('ListPlaybackRestrictionPolicies'),
  // Ad configurations
  op({
    name: 'CreateAdConfiguration',
    path: '/CreateAdConfiguration',
    required: ['mediaTailorPlaybackConfigurations'],
    fields: { ...adFields, tags },
  }),
  get('GetAdConfiguration', 'ad-configuration'),
  op({
    name: 'UpdateAdConfiguration',
    path: '/UpdateAdConfiguration',
    required: ['arn'],
    fields: { arn: arn('ad-configuration'), ...adFields },
  }),
  del('DeleteAdConfiguration', 'ad-configuration', 204),
  lst('ListAdConfigurations'),
  // Viewer-session revocation
  op({
    name: 'StartViewerSessionRevocation',
    path: '/StartViewerSessionRevocation',
    required: ['channelArn', 'viewerId'],
    fields: { channelArn, viewerId: str(1, 40), viewerSessionVersionsLessThanOrEqualTo: int(0, 2147483647) },
  }),
  op({
    name: 'BatchStartViewerSessionRevocation',
    path: '/BatchStartViewerSessionRevocation',
    required: ['viewerSessions'],
    fields: { viewerSessions: list(1, 20, revocation) },
  }),
  // Tags (quota not published: assume 5)
  ...tagSpecs('ivs', IVS_ARN_TYPES, ivsTagRules, 5),
];
