import { arn, bool, int, list, map, name, num, object, oneOf, optionalArn, paging, str } from './rules.js';
import { realtimeTagRules, tagSpecs } from './tags.js';
import type { OperationSpec, Rule } from './types.js';

/**
 * Every IVS RealTime operation. Routes, success statuses and required members are the
 * SDK model's (test/simulator/coverage.test.ts checks them against it); limits are the
 * service model's (botocore `ivs-realtime/2020-07-14`). Limits that
 * span several values (attributes ≤ 1 KB in total, even video sizes, fractional frame
 * rates) are checked by the handlers, in handlers/realtime/limits.ts.
 */
const REALTIME_ARN_TYPES = [
  'stage',
  'composition',
  'encoder-configuration',
  'storage-configuration',
  'public-key',
  'ingest-configuration',
];

const stageArn = arn('stage');
const tags = realtimeTagRules.tags;
const userId = str(0, 128);
/** No per-entry limits in the model; "1 KB total" is checked by the handlers. */
const attributes = map();
const capabilities = list(0, 2, oneOf('PUBLISH', 'SUBSCRIBE'));
const duration = int(1, 20160);
const sessionId = str(16, 16, /^st-[a-zA-Z0-9]+$/, 'st-[a-zA-Z0-9]+');
const participantId = str(0, 64, /^[a-zA-Z0-9-]*$/, '[a-zA-Z0-9-]*');
/** DisconnectParticipant's participant id is a `ParticipantTokenId`, which also allows `_`. */
const participantTokenId = str(0, 64, /^[a-zA-Z0-9-_]*$/, '[a-zA-Z0-9-_]*');
const attributeKey = name();
const thumbnailStorage = list(0, 2, oneOf('SEQUENTIAL', 'LATEST'));
const fillMode = oneOf('FILL', 'COVER', 'CONTAIN');

const autoParticipantRecordingConfiguration: Rule = object(
  {
    storageConfigurationArn: optionalArn('storage-configuration'),
    mediaTypes: list(0, 1, oneOf('AUDIO_VIDEO', 'AUDIO_ONLY', 'NONE')),
    thumbnailConfiguration: object({
      targetIntervalSeconds: int(1, 86400),
      storage: thumbnailStorage,
      recordingMode: oneOf('INTERVAL', 'DISABLED'),
    }),
    recordingReconnectWindowSeconds: int(0, 300),
    hlsConfiguration: object({ targetSegmentDurationSeconds: int(2, 10) }),
    recordParticipantReplicas: bool(),
  },
  ['storageConfigurationArn'],
);

const participantTokenConfiguration: Rule = object({ duration, userId, attributes, capabilities });

const layout: Rule = object({
  grid: object({
    featuredParticipantAttribute: attributeKey,
    omitStoppedVideo: bool(),
    videoAspectRatio: oneOf('AUTO', 'VIDEO', 'SQUARE', 'PORTRAIT'),
    videoFillMode: fillMode,
    gridGap: int(0),
    participantOrderAttribute: attributeKey,
  }),
  pip: object({
    featuredParticipantAttribute: attributeKey,
    omitStoppedVideo: bool(),
    videoFillMode: fillMode,
    gridGap: int(0),
    pipParticipantAttribute: attributeKey,
    pipBehavior: oneOf('STATIC', 'DYNAMIC'),
    pipOffset: int(0),
    pipPosition: oneOf('TOP_LEFT', 'TOP_RIGHT', 'BOTTOM_LEFT', 'BOTTOM_RIGHT'),
    pipWidth: int(1),
    pipHeight: int(1),
    participantOrderAttribute: attributeKey,
  }),
});

const destination: Rule = object({
  name: name(),
  channel: object({ channelArn: arn('channel'), encoderConfigurationArn: arn('encoder-configuration') }, [
    'channelArn',
  ]),
  s3: object(
    {
      storageConfigurationArn: arn('storage-configuration'),
      encoderConfigurationArns: list(1, 1, arn('encoder-configuration')),
      recordingConfiguration: object({
        hlsConfiguration: object({ targetSegmentDurationSeconds: int(2, 10) }),
        format: oneOf('HLS'),
      }),
      thumbnailConfigurations: list(0, 1, object({ targetIntervalSeconds: int(1, 86400), storage: thumbnailStorage })),
    },
    ['storageConfigurationArn', 'encoderConfigurationArns'],
  ),
});

/** The frame rate is the model's only float: 1–60, fractions allowed. */
const video: Rule = object({
  width: int(2, 1920),
  height: int(2, 1920),
  framerate: num(1, 60),
  bitrate: int(1, 8_500_000),
});

const publicKeyMaterial = str(
  1,
  undefined,
  /^.*-----BEGIN PUBLIC KEY-----\r?\n([a-zA-Z0-9+/=\r\n]+)\r?\n-----END PUBLIC KEY-----(\r?\n)?.*$/,
  '.*-----BEGIN PUBLIC KEY-----\\r?\\n([a-zA-Z0-9+/=\\r\\n]+)\\r?\\n-----END PUBLIC KEY-----(\\r?\\n)?.*',
);

type Shorthand = Omit<OperationSpec, 'service' | 'method' | 'status' | 'tps' | 'path' | 'required'> & {
  tps?: number;
  required?: string[];
};
const op = (s: Shorthand): OperationSpec => ({
  service: 'realtime',
  method: 'POST',
  status: 200,
  tps: 5,
  path: `/${s.name}`,
  required: [],
  ...s,
});
const byArn = (n: string, arnType: string, tps = 5, extra: Record<string, Rule> = {}) =>
  op({ name: n, required: ['arn'], fields: { arn: arn(arnType), ...extra }, tps });
/** A list operation: `nextToken` and `maxResults` 1–100 besides its own members. */
const lst = (n: string, fields: Record<string, Rule> = {}, more: Omit<Partial<Shorthand>, 'fields'> = {}) =>
  op({ name: n, fields: { ...paging(100), ...fields }, ...more });

export const realtimeSpecs: OperationSpec[] = [
  // Stages
  op({
    name: 'CreateStage',
    fields: {
      name: name(),
      participantTokenConfigurations: list(0, 12, participantTokenConfiguration),
      tags,
      autoParticipantRecordingConfiguration,
    },
  }),
  byArn('GetStage', 'stage'),
  byArn('UpdateStage', 'stage', 5, { name: name(), autoParticipantRecordingConfiguration }),
  byArn('DeleteStage', 'stage'),
  lst('ListStages'),
  // Stage sessions
  op({ name: 'GetStageSession', required: ['stageArn', 'sessionId'], fields: { stageArn, sessionId } }),
  lst('ListStageSessions', { stageArn }, { required: ['stageArn'] }),
  // Participants and their tokens (CreateParticipantToken: 50 TPS)
  op({
    name: 'CreateParticipantToken',
    required: ['stageArn'],
    fields: { stageArn, duration, userId, attributes, capabilities },
    tps: 50,
  }),
  op({
    name: 'GetParticipant',
    required: ['stageArn', 'sessionId', 'participantId'],
    fields: { stageArn, sessionId, participantId },
  }),
  lst(
    'ListParticipants',
    {
      stageArn,
      sessionId,
      filterByUserId: userId,
      filterByPublished: bool(),
      filterByState: oneOf('CONNECTED', 'DISCONNECTED'),
      filterByRecordingState: oneOf('STARTING', 'ACTIVE', 'STOPPING', 'STOPPED', 'FAILED'),
    },
    {
      required: ['stageArn', 'sessionId'],
      // "Only one of filterByUserId, filterByPublished, filterByState, or filterByRecordingState can be
      // provided per request"; the operation models no error for it but ValidationException.
      exclusive: {
        members: ['filterByUserId', 'filterByPublished', 'filterByState', 'filterByRecordingState'],
        error: 'ValidationException',
      },
    },
  ),
  lst(
    'ListParticipantEvents',
    { stageArn, sessionId, participantId },
    { required: ['stageArn', 'sessionId', 'participantId'] },
  ),
  op({
    name: 'DisconnectParticipant',
    required: ['stageArn', 'participantId'],
    fields: { stageArn, participantId: participantTokenId, reason: str(0, 128) },
  }),
  // Participant replication
  op({
    name: 'StartParticipantReplication',
    required: ['sourceStageArn', 'destinationStageArn', 'participantId'],
    fields: {
      sourceStageArn: stageArn,
      destinationStageArn: stageArn,
      participantId,
      reconnectWindowSeconds: int(0, 300),
      attributes,
    },
  }),
  op({
    name: 'StopParticipantReplication',
    required: ['sourceStageArn', 'destinationStageArn', 'participantId'],
    fields: { sourceStageArn: stageArn, destinationStageArn: stageArn, participantId },
  }),
  op({
    name: 'ListParticipantReplicas',
    required: ['sourceStageArn', 'participantId'],
    fields: { ...paging(50), sourceStageArn: stageArn, participantId },
  }),
  // Compositions
  op({
    name: 'StartComposition',
    required: ['stageArn', 'destinations'],
    fields: {
      stageArn,
      idempotencyToken: str(1, 64, /^[a-zA-Z0-9-_]*$/, '[a-zA-Z0-9-_]*'),
      layout,
      destinations: list(1, 2, destination),
      tags,
    },
  }),
  byArn('GetComposition', 'composition'),
  byArn('StopComposition', 'composition'),
  lst('ListCompositions', {
    filterByStageArn: stageArn,
    filterByEncoderConfigurationArn: arn('encoder-configuration'),
  }),
  // Encoder and storage configurations
  op({ name: 'CreateEncoderConfiguration', fields: { name: name(), video, tags } }),
  byArn('GetEncoderConfiguration', 'encoder-configuration'),
  byArn('DeleteEncoderConfiguration', 'encoder-configuration'),
  lst('ListEncoderConfigurations'),
  op({
    name: 'CreateStorageConfiguration',
    required: ['s3'],
    fields: {
      name: name(),
      s3: object({ bucketName: str(3, 63, /^[a-z0-9-.]+$/, '[a-z0-9-.]+') }, ['bucketName']),
      tags,
    },
  }),
  byArn('GetStorageConfiguration', 'storage-configuration'),
  byArn('DeleteStorageConfiguration', 'storage-configuration'),
  lst('ListStorageConfigurations'),
  // Ingest configurations
  op({
    name: 'CreateIngestConfiguration',
    required: ['ingestProtocol'],
    fields: {
      name: name(),
      stageArn: optionalArn('stage'),
      userId,
      attributes,
      ingestProtocol: oneOf('RTMP', 'RTMPS'),
      insecureIngest: bool(),
      redundantIngest: bool(),
      tags,
    },
  }),
  byArn('GetIngestConfiguration', 'ingest-configuration'),
  byArn('UpdateIngestConfiguration', 'ingest-configuration', 5, {
    stageArn: optionalArn('stage'),
    redundantIngest: bool(),
  }),
  byArn('DeleteIngestConfiguration', 'ingest-configuration', 5, { force: bool() }),
  lst(
    'ListIngestConfigurations',
    { filterByStageArn: stageArn, filterByState: oneOf('ACTIVE', 'INACTIVE') },
    // "Only one filter (by stage ARN or by state) can be used at a time."
    { exclusive: { members: ['filterByStageArn', 'filterByState'], error: 'ValidationException' } },
  ),
  // Public keys (3 TPS)
  op({
    name: 'ImportPublicKey',
    required: ['publicKeyMaterial'],
    fields: { publicKeyMaterial, name: name(), tags },
    tps: 3,
  }),
  byArn('GetPublicKey', 'public-key', 3),
  byArn('DeletePublicKey', 'public-key', 3),
  lst('ListPublicKeys', {}, { tps: 3 }),
  // Tags (10 TPS)
  ...tagSpecs('realtime', REALTIME_ARN_TYPES, realtimeTagRules, 10),
];
