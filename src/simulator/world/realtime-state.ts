import type { StoredResource } from '../handlers/collection.js';

export interface StageRecord extends StoredResource {
  name: string;
  activeSessionId: string | undefined;
  autoParticipantRecordingConfiguration: Record<string, unknown> | undefined;
  endpoints: Record<string, string>;
  /** Since when nobody has been connected (ms); undefined while someone is. */
  emptySince: number | undefined;
}

export interface StageSessionRecord extends StoredResource {
  sessionId: string;
  stageArn: string;
  startTime: Date;
  endTime: Date | undefined;
}

export interface ParticipantEventRecord {
  seq: number;
  name: string;
  participantId: string;
  eventTime: Date;
  remoteParticipantId?: string;
  errorCode?: string;
  destinationStageArn?: string;
  destinationSessionId?: string;
  replica?: boolean;
}

export interface ParticipantRecord {
  seq: number;
  participantId: string;
  stageArn: string;
  sessionId: string;
  userId: string;
  attributes: Record<string, string>;
  state: 'CONNECTED' | 'DISCONNECTED';
  firstJoinTime: Date;
  /** Ever published in this session. */
  published: boolean;
  /** Publishing right now. */
  publishing: boolean;
  recordingState: string;
  client: { ispName: string; osName: string; osVersion: string; browserName: string; browserVersion: string; sdkVersion: string };
  protocol: string;
  replicationType: 'SOURCE' | 'REPLICA' | 'NONE';
  replicationState: 'ACTIVE' | 'STOPPED' | undefined;
  sourceStageArn: string | undefined;
  sourceSessionId: string | undefined;
  events: ParticipantEventRecord[];
}

export interface TokenRecord {
  participantId: string;
  stageArn: string;
  token: string;
  userId: string;
  attributes: Record<string, string>;
  capabilities: string[];
  duration: number;
  expirationTime: Date;
}

export interface CompositionRecord extends StoredResource {
  stageArn: string;
  layout: Record<string, unknown>;
  destinations: Array<{ id: string; configuration: Record<string, unknown> }>;
  idempotencyToken: string | undefined;
  startedAt: number;
  /** When it was asked (or decided by itself) to stop; undefined while running. */
  stopAt: number | undefined;
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
  ingestProtocol: string;
  streamKey: string;
  stageArn: string;
  participantId: string;
  userId: string;
  attributes: Record<string, string>;
  insecureIngest: boolean;
  redundantIngest: boolean;
}

export interface ReplicationRecord {
  seq: number;
  sourceStageArn: string;
  sourceSessionId: string;
  participantId: string;
  destinationStageArn: string;
  destinationSessionId: string;
  replicaParticipantId: string;
  state: 'ACTIVE' | 'STOPPED';
}

/** State of the simulated IVS RealTime service. */
export interface RealtimeState {
  stages: Map<string, StageRecord>;
  /** By session id. */
  sessions: Map<string, StageSessionRecord>;
  /** By `sessionId|participantId`. */
  participants: Map<string, ParticipantRecord>;
  /** By participant id. */
  tokens: Map<string, TokenRecord>;
  compositions: Map<string, CompositionRecord>;
  encoderConfigurations: Map<string, EncoderConfigurationRecord>;
  storageConfigurations: Map<string, StorageConfigurationRecord>;
  publicKeys: Map<string, PublicKeyRecord>;
  ingestConfigurations: Map<string, IngestConfigurationRecord>;
  /** By `sourceStageArn|participantId|destinationStageArn`. */
  replications: Map<string, ReplicationRecord>;
}

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
    replications: new Map(),
  };
}
