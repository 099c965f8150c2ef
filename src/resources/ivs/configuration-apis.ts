/**
 * The public shapes of the IVS configuration resources (their code is configurations.ts,
 * which had no room left for their docs under the 299-line limit).
 */
import type {
  AdConfiguration,
  AdConfigurationSummary,
  CreateAdConfigurationCommandInput,
  CreatePlaybackRestrictionPolicyCommandInput,
  CreateRecordingConfigurationCommandInput,
  ImportPlaybackKeyPairCommandInput,
  PlaybackKeyPair,
  PlaybackKeyPairSummary,
  PlaybackRestrictionPolicy,
  PlaybackRestrictionPolicySummary,
  RecordingConfiguration,
  RecordingConfigurationSummary,
  UpdateAdConfigurationCommandInput,
  UpdatePlaybackRestrictionPolicyCommandInput,
} from '@aws-sdk/client-ivs';
import type { ConfigurationReads } from '../../query/simple-resource.js';

/** `store.recordingConfigurations`: where channels record to (S3). */
export interface RecordingConfigurationsApi
  extends ConfigurationReads<RecordingConfiguration, RecordingConfigurationSummary> {
  /**
   * Creates a recording configuration; watched lists are refreshed.
   * @example await store.recordingConfigurations.create({ name: 'archive', destinationConfiguration: { s3: { bucketName } } })
   */
  create(input: CreateRecordingConfigurationCommandInput): Promise<RecordingConfiguration>;
  /**
   * Deletes one; one a channel uses cannot be: the service's ConflictException comes back as kind `conflict`.
   * @example await store.recordingConfigurations.delete(arn)
   */
  delete(arn: string): Promise<void>;
}

/** `store.playbackKeyPairs`: keys that verify the playback tokens of private channels. */
export interface PlaybackKeyPairsApi extends ConfigurationReads<PlaybackKeyPair, PlaybackKeyPairSummary> {
  /**
   * Imports a public key (PEM) as a playback key pair; watched lists are refreshed.
   * @example await store.playbackKeyPairs.import({ publicKeyMaterial: pem, name: 'player-tokens' })
   */
  import(input: ImportPlaybackKeyPairCommandInput): Promise<PlaybackKeyPair>;
  /**
   * Deletes a key pair: its entry becomes `not-found`.
   * @example await store.playbackKeyPairs.delete(arn)
   */
  delete(arn: string): Promise<void>;
}

/** `store.playbackRestrictionPolicies`: which countries and origins may play a channel. */
export interface PlaybackRestrictionPoliciesApi
  extends ConfigurationReads<PlaybackRestrictionPolicy, PlaybackRestrictionPolicySummary> {
  /**
   * Creates a policy; watched lists are refreshed.
   * @example await store.playbackRestrictionPolicies.create({ name: 'us-only', allowedCountries: ['US'] })
   */
  create(input?: CreatePlaybackRestrictionPolicyCommandInput): Promise<PlaybackRestrictionPolicy>;
  /**
   * Updates a policy, optimistically: the cache shows the change at once and rolls back on error.
   * @example await store.playbackRestrictionPolicies.update({ arn, allowedOrigins: ['https://example.com'] })
   */
  update(input: UpdatePlaybackRestrictionPolicyCommandInput): Promise<PlaybackRestrictionPolicy>;
  /**
   * Deletes a policy: its entry becomes `not-found`.
   * @example await store.playbackRestrictionPolicies.delete(arn)
   */
  delete(arn: string): Promise<void>;
}

/** `store.adConfigurations`: MediaTailor settings for server-side ad insertion. */
export interface AdConfigurationsApi extends ConfigurationReads<AdConfiguration, AdConfigurationSummary> {
  /**
   * Creates an ad configuration; watched lists are refreshed.
   * @example await store.adConfigurations.create({ name: 'ads', mediaTailorPlaybackConfigurations: [{ playbackConfigurationArn }] })
   */
  create(input: CreateAdConfigurationCommandInput): Promise<AdConfiguration>;
  /**
   * Updates an ad configuration, optimistically: the cache shows the change at once and rolls back on error.
   * @example await store.adConfigurations.update({ arn, name: 'midroll' })
   */
  update(input: UpdateAdConfigurationCommandInput): Promise<AdConfiguration>;
  /**
   * Deletes an ad configuration: its entry becomes `not-found`.
   * @example await store.adConfigurations.delete(arn)
   */
  delete(arn: string): Promise<void>;
}
