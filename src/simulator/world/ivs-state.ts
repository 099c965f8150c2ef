import type { StoredResource } from './stored.js';

/**
 * A live stream's health.
 * @inline
 */
export type Health = 'HEALTHY' | 'STARVING' | 'UNKNOWN';

export interface ChannelRecord extends StoredResource {
  name: string;
  latencyMode: string;
  type: string;
  authorized: boolean;
  insecureIngest: boolean;
  preset: string;
  recordingConfigurationArn: string;
  playbackRestrictionPolicyArn: string;
  adConfigurationArn: string;
  containerFormat: string;
  multitrackInputConfiguration: { enabled: boolean; policy?: string; maximumResolution?: string };
  ingestEndpoint: string;
  playbackUrl: string;
  srt: { endpoint: string; passphrase: string };
}

export interface StreamKeyRecord extends StoredResource {
  channelArn: string;
  value: string;
}

export interface LiveStream {
  /** Orders ListStreams pages. */
  seq: number;
  channelArn: string;
  streamId: string;
  startTime: Date;
  health: Health;
  viewerCount: number;
}

export interface StreamEventRecord {
  name: string;
  type: string;
  eventTime: Date;
  code?: string;
}

export interface StreamSessionRecord extends StoredResource {
  streamId: string;
  channelArn: string;
  startTime: Date;
  endTime: Date | undefined;
  /** Newest last here; served newest first, at most 500. */
  events: StreamEventRecord[];
  /** The channel and recording configuration as they were when the session started. */
  channel: Record<string, unknown>;
  recordingConfiguration: Record<string, unknown> | undefined;
}

export interface RecordingConfigurationRecord extends StoredResource {
  name: string;
  destinationConfiguration: Record<string, unknown>;
  thumbnailConfiguration: Record<string, unknown>;
  renditionConfiguration: Record<string, unknown>;
  recordingReconnectWindowSeconds: number;
}

export interface PlaybackKeyPairRecord extends StoredResource {
  name: string;
  fingerprint: string;
}

export interface PlaybackRestrictionPolicyRecord extends StoredResource {
  name: string;
  allowedCountries: string[];
  allowedOrigins: string[];
  enableStrictOriginEnforcement: boolean;
}

export interface AdConfigurationRecord extends StoredResource {
  name: string;
  mediaTailorPlaybackConfigurations: Array<Record<string, unknown>>;
  postRollConfiguration: { durationSeconds: number; enabled: boolean };
}

/** State of the simulated IVS (low-latency) service. */
export interface IvsState {
  channels: Map<string, ChannelRecord>;
  streamKeys: Map<string, StreamKeyRecord>;
  /** Live streams by channel ARN; a channel absent here is offline. */
  live: Map<string, LiveStream>;
  /** Stream sessions by stream id. */
  sessions: Map<string, StreamSessionRecord>;
  recordingConfigurations: Map<string, RecordingConfigurationRecord>;
  playbackKeyPairs: Map<string, PlaybackKeyPairRecord>;
  playbackRestrictionPolicies: Map<string, PlaybackRestrictionPolicyRecord>;
  adConfigurations: Map<string, AdConfigurationRecord>;
  /** Highest revoked viewer-session version per `channelArn|viewerId`. */
  revocations: Map<string, number>;
}

export function createIvsState(): IvsState {
  return {
    channels: new Map(),
    streamKeys: new Map(),
    live: new Map(),
    sessions: new Map(),
    recordingConfigurations: new Map(),
    playbackKeyPairs: new Map(),
    playbackRestrictionPolicies: new Map(),
    adConfigurations: new Map(),
    revocations: new Map(),
  };
}
