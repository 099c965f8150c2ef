import type { Sequenced, StoredResource } from './stored.js';

/**
 * State of the simulated IVS RealTime service: plain records, no behaviour. The state
 * functions in `handlers/realtime/` change it; API handlers and control moves both go
 * through those, never around them.
 */

export type Capability = 'PUBLISH' | 'SUBSCRIBE';
export type ParticipantProtocol = 'UNKNOWN' | 'WHIP' | 'RTMP' | 'RTMPS';
export type RecordingState = 'STARTING' | 'ACTIVE' | 'STOPPING' | 'STOPPED' | 'FAILED' | 'DISABLED';

/** A stage's `autoParticipantRecordingConfiguration`, defaults filled in; `storageConfigurationArn` "" = off. */
export interface AutoRecordingConfig {
  storageConfigurationArn: string;
  mediaTypes: string[];
  thumbnailConfiguration: { targetIntervalSeconds: number; storage: string[]; recordingMode: string };
  recordingReconnectWindowSeconds: number;
  hlsConfiguration: { targetSegmentDurationSeconds: number };
  recordParticipantReplicas: boolean;
}

export interface StageRecord extends StoredResource {
  name: string;
  activeSessionId: string | undefined;
  recording: AutoRecordingConfig;
  endpoints: { events: string; whip: string; rtmp: string; rtmps: string };
  /** Since when nobody has been connected (ms); undefined while someone is. */
  emptySince: number | undefined;
}

export interface StageSessionRecord extends Sequenced {
  sessionId: string;
  stageArn: string;
  startTime: Date;
  /** Undefined while the session is active. */
  endTime: Date | undefined;
}

export interface ParticipantEventRecord extends Sequenced {
  name: string;
  participantId: string;
  eventTime: Date;
  remoteParticipantId?: string;
  errorCode?: string;
  destinationStageArn?: string;
  destinationSessionId?: string;
  replica?: boolean;
}

export interface ClientInfo {
  ispName: string;
  osName: string;
  osVersion: string;
  browserName: string;
  browserVersion: string;
  sdkVersion: string;
}

/** One participant in one stage session (a participant id has one record per session). */
export interface ParticipantRecord extends Sequenced {
  participantId: string;
  stageArn: string;
  sessionId: string;
  userId: string;
  attributes: Record<string, string>;
  capabilities: Capability[];
  state: 'CONNECTED' | 'DISCONNECTED';
  firstJoinTime: Date;
  /** Ever published in this session. */
  published: boolean;
  /** Publishing right now. */
  publishing: boolean;
  recordingState: RecordingState;
  recordingS3BucketName: string;
  recordingS3Prefix: string;
  /** Browser / SDK details; undefined for RTMP(S) and WHIP publishers and for replicas. */
  client: ClientInfo | undefined;
  protocol: ParticipantProtocol;
  /** Set when the participant publishes through an ingest configuration. */
  ingestConfigurationArn: string | undefined;
  redundantIngest: boolean;
  replicationType: 'SOURCE' | 'REPLICA' | 'NONE';
  replicationState: 'ACTIVE' | 'STOPPED' | undefined;
  sourceStageArn: string | undefined;
  sourceSessionId: string | undefined;
  events: ParticipantEventRecord[];
}

/** An issued participant token. A secret: kept only so a control move can join with it. */
export interface TokenRecord {
  participantId: string;
  stageArn: string;
  token: string;
  userId: string;
  attributes: Record<string, string>;
  capabilities: Capability[];
  duration: number;
  expirationTime: Date;
}

export interface CompositionDestinationRecord {
  id: string;
  configuration: Record<string, unknown>;
  /** `detail.s3.recordingPrefix` of an S3 destination. */
  recordingPrefix: string | undefined;
}

export interface CompositionRecord extends StoredResource {
  stageArn: string;
  layout: Record<string, unknown>;
  destinations: CompositionDestinationRecord[];
  idempotencyToken: string | undefined;
  /** The request's parameters, to tell a retry from a different request with the same token. */
  requestFingerprint: string;
  startedAt: number;
  /** When it was asked (or decided by itself) to stop; undefined while running. */
  stopAt: number | undefined;
  /** Stopped because its stage was deleted: it ends in failure, not normally. */
  failed: boolean;
  /** How far its EventBridge events have gone (progress is derived from time, so events are sent when noticed). */
  announced: 'none' | 'started' | 'ended';
}

export interface EncoderConfigurationRecord extends StoredResource {
  name: string;
  video: { width: number; height: number; framerate: number; bitrate: number };
}

export interface StorageConfigurationRecord extends StoredResource {
  name: string;
  s3: { bucketName: string };
}

export interface PublicKeyRecord extends StoredResource {
  name: string;
  publicKeyMaterial: string;
  fingerprint: string;
}

export interface IngestConfigurationRecord extends StoredResource {
  name: string;
  ingestProtocol: 'RTMP' | 'RTMPS';
  /** Secret. */
  streamKey: string;
  /** "" when attached to no stage. */
  stageArn: string;
  participantId: string;
  userId: string;
  attributes: Record<string, string>;
  insecureIngest: boolean;
  redundantIngest: boolean;
  /** The backup credential of a redundant ingest configuration (its stream key is a secret too). */
  redundantIngestCredentials: Array<{ participantId: string; streamKey: string }>;
}

/** One participant replicated from a source stage into a destination stage. */
export interface ReplicationRecord extends Sequenced {
  sourceStageArn: string;
  sourceSessionId: string;
  participantId: string;
  destinationStageArn: string;
  destinationSessionId: string;
  reconnectWindowSeconds: number;
  state: 'ACTIVE' | 'STOPPED';
}

export interface RealtimeState {
  stages: Map<string, StageRecord>;
  /** By session id. */
  sessions: Map<string, StageSessionRecord>;
  /** By `participantKey(sessionId, participantId)`. */
  participants: Map<string, ParticipantRecord>;
  /** By token value. */
  tokens: Map<string, TokenRecord>;
  compositions: Map<string, CompositionRecord>;
  encoderConfigurations: Map<string, EncoderConfigurationRecord>;
  storageConfigurations: Map<string, StorageConfigurationRecord>;
  publicKeys: Map<string, PublicKeyRecord>;
  ingestConfigurations: Map<string, IngestConfigurationRecord>;
  replications: ReplicationRecord[];
}

export const participantKey = (sessionId: string, participantId: string): string => `${sessionId}|${participantId}`;

export function createRealtimeState(): RealtimeState {
  return {
    stages: new Map(),
    sessions: new Map(),
    participants: new Map(),
    tokens: new Map(),
    compositions: new Map(),
    encoderConfigurations: new Map(),
    storageConfigurations: new Map(),
    publicKeys: new Map(),
    ingestConfigurations: new Map(),
    replications: [],
  };
}
