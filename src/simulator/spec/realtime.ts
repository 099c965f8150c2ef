import { arn, bool, int, list, map, name, object, oneOf, optionalArn, paging, str, tags } from './rules.js';
import { tagSpecs } from './tags.js';
import type { OperationSpec, Rule } from './types.js';

/**
 * Every IVS RealTime operation: route and required members as in the SDK model
 * (test/simulator/coverage.test.ts checks them against it), limits from IVS-FACTS.md.
 */
const REALTIME_ARN_TYPES = ['stage', 'composition', 'encoder-configuration', 'storage-configuration', 'public-key', 'ingest-configuration'];

const stageArn = arn('stage');
const userId = str(0, 128);
const attributes = map(undefined, 128, 128);
const capabilities = list(0, 2, oneOf('PUBLISH', 'SUBSCRIBE'));
const duration = int(1, 20160);
const sessionId = str(16, 16, /^st-[a-zA-Z0-9]+$/, 'st-[a-zA-Z0-9]+');
const participantId = str(1, 64, /^[a-zA-Z0-9-]+$/, '[a-zA-Z0-9-]+');
const recording: Rule = object(
  {
    storageConfigurationArn: arn('storage-configuration'),
    mediaTypes: list(0, 1, oneOf('AUDIO_VIDEO', 'AUDIO_ONLY', 'NONE')),
    recordingReconnectWindowSeconds: int(0, 60),
    recordParticipantReplicas: bool(),
  },
  ['storageConfigurationArn'],
);
const destination: Rule = object({
  name: name(),
  channel: object({ channelArn: arn('channel'), encoderConfigurationArn: arn('encoder-configuration') }, ['channelArn']),
  s3: object({ storageConfigurationArn: arn('storage-configuration'), encoderConfigurationArns: list(1, 1, arn('encoder-configuration')) }, ['storageConfigurationArn', 'encoderConfigurationArns']),
});

type Shorthand = Omit<OperationSpec, 'service' | 'method' | 'status' | 'tps' | 'path'> & { tps?: number };
const op = (s: Shorthand): OperationSpec => ({ service: 'realtime', method: 'POST', status: 200, tps: 5, path: `/${s.name}`, ...s });
const byArn = (n: string, arnType: string, tps = 5, extra: Record<string, Rule> = {}) => op({ name: n, required: ['arn'], fields: { arn: arn(arnType), ...extra }, tps });
const lst = (n: string, required: string[] = [], extra: Record<string, Rule> = {}, tps = 5, max = 100) => op({ name: n, required, fields: { ...paging(max), ...extra }, tps });

export const realtimeSpecs: OperationSpec[] = [
  // Stages and sessions
  op({
    name: 'CreateStage',
    required: [],
    fields: {
      name: name(),
      participantTokenConfigurations: list(0, 12, object({ duration, userId, attributes, capabilities })),
      tags: tags(),
      autoParticipantRecordingConfiguration: recording,
    },
  }),
  byArn('GetStage', 'stage'),
  byArn('UpdateStage', 'stage', 5, { name: name(), autoParticipantRecordingConfiguration: recording }),
  byArn('DeleteStage', 'stage'),
  lst('ListStages'),
  op({ name: 'GetStageSession', required: ['stageArn', 'sessionId'], fields: { stageArn, sessionId } }),
  lst('ListStageSessions', ['stageArn'], { stageArn }),
  // Participants
  op({ name: 'CreateParticipantToken', required: ['stageArn'], fields: { stageArn, duration, userId, attributes, capabilities }, tps: 50 }),
  op({ name: 'GetParticipant', required: ['stageArn', 'sessionId', 'participantId'], fields: { stageArn, sessionId, participantId } }),
  op({
    name: 'ListParticipants',
    required: ['stageArn', 'sessionId'],
    fields: {
      ...paging(100),
      stageArn,
      sessionId,
      filterByUserId: userId,
      filterByPublished: bool(),
      filterByState: oneOf('CONNECTED', 'DISCONNECTED'),
      filterByRecordingState: oneOf('STARTING', 'ACTIVE', 'STOPPING', 'STOPPED', 'FAILED', 'DISABLED'),
    },
    exclusive: { members: ['filterByUserId', 'filterByPublished', 'filterByState', 'filterByRecordingState'], error: 'ValidationException' },
  }),
  lst('ListParticipantEvents', ['stageArn', 'sessionId', 'participantId'], { stageArn, sessionId, participantId }),
  op({ name: 'DisconnectParticipant', required: ['stageArn', 'participantId'], fields: { stageArn, participantId, reason: str(0, 128) } }),
  // Replication
  op({
    name: 'StartParticipantReplication',
    required: ['sourceStageArn', 'destinationStageArn', 'participantId'],
    fields: { sourceStageArn: stageArn, destinationStageArn: stageArn, participantId, reconnectWindowSeconds: int(0, 60), attributes },
  }),
  op({ name: 'StopParticipantReplication', required: ['sourceStageArn', 'destinationStageArn', 'participantId'], fields: { sourceStageArn: stageArn, destinationStageArn: stageArn, participantId } }),
  lst('ListParticipantReplicas', ['sourceStageArn', 'participantId'], { sourceStageArn: stageArn, participantId }, 5, 50),
  // Compositions
  op({
    name: 'StartComposition',
    required: ['stageArn', 'destinations'],
    fields: {
      stageArn,
      idempotencyToken: str(1, 64, /^[a-zA-Z0-9-_]*$/, '[a-zA-Z0-9-_]*'),
      layout: object({ grid: object(), pip: object() }),
      destinations: list(1, 2, destination),
      tags: tags(),
    },
  }),
  byArn('GetComposition', 'composition'),
  byArn('StopComposition', 'composition'),
  lst('ListCompositions', [], { filterByStageArn: stageArn, filterByEncoderConfigurationArn: arn('encoder-configuration') }),
  // Encoder and storage configurations
  op({
    name: 'CreateEncoderConfiguration',
    required: [],
    fields: { name: name(), video: object({ width: int(2, 1920), height: int(2, 1920), framerate: int(1, 60), bitrate: int(1, 8_500_000) }), tags: tags() },
  }),
  byArn('GetEncoderConfiguration', 'encoder-configuration'),
  byArn('DeleteEncoderConfiguration', 'encoder-configuration'),
  lst('ListEncoderConfigurations'),
  op({ name: 'CreateStorageConfiguration', required: ['s3'], fields: { name: name(), s3: object({ bucketName: str(3, 63, /^[a-z0-9-.]+$/, '[a-z0-9-.]+') }, ['bucketName']), tags: tags() } }),
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
      tags: tags(),
    },
  }),
  byArn('GetIngestConfiguration', 'ingest-configuration'),
  byArn('UpdateIngestConfiguration', 'ingest-configuration', 5, { stageArn: optionalArn('stage'), redundantIngest: bool() }),
  byArn('DeleteIngestConfiguration', 'ingest-configuration', 5, { force: bool() }),
  lst('ListIngestConfigurations', [], { filterByStageArn: stageArn, filterByState: oneOf('ACTIVE', 'INACTIVE') }),
  // Public keys (3 TPS)
  op({ name: 'ImportPublicKey', required: ['publicKeyMaterial'], fields: { publicKeyMaterial: str(1, 4096), name: name(), tags: tags() }, tps: 3 }),
  byArn('GetPublicKey', 'public-key', 3),
  byArn('DeletePublicKey', 'public-key', 3),
  lst('ListPublicKeys', [], {}, 3),
  // Tags (10 TPS)
  ...tagSpecs('realtime', REALTIME_ARN_TYPES, 10),
];
