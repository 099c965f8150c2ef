import { conflict, notFound } from '../../operations/errors.js';
import type { AutoRecordingConfig, ParticipantRecord, StageRecord } from '../../world/realtime-state.js';
import type { World } from '../../world/world.js';
import { announceParticipantRecording } from './stage-events.js';

/**
 * Individual participant recording. A stage records its publishers when its
 * `autoParticipantRecordingConfiguration` names a storage configuration ("" = off).
 * Recording follows publishing: ACTIVE while the participant publishes, STOPPED after;
 * DISABLED for participants that are not recorded (stage not recording, never published,
 * media type NONE, or a replica when replicas are not recorded).
 */

export const RECORDING_OFF: AutoRecordingConfig = {
  storageConfigurationArn: '',
  mediaTypes: ['AUDIO_VIDEO'],
  thumbnailConfiguration: { targetIntervalSeconds: 60, storage: ['SEQUENTIAL'], recordingMode: 'DISABLED' },
  recordingReconnectWindowSeconds: 0,
  hlsConfiguration: { targetSegmentDurationSeconds: 6 },
  recordParticipantReplicas: true,
};

/**
 * The stored configuration for a (validated) input, defaults filled in. "" as the
 * storage configuration resets everything else to defaults, as the model says.
 */
export function recordingConfig(world: World, input: unknown): AutoRecordingConfig {
  if (input === undefined) return structuredClone(RECORDING_OFF);
  const c = input as Partial<AutoRecordingConfig> & { storageConfigurationArn: string };
  if (c.storageConfigurationArn === '') return structuredClone(RECORDING_OFF);
  if (!world.realtime.storageConfigurations.has(c.storageConfigurationArn))
    throw notFound('Storage configuration', c.storageConfigurationArn);
  return {
    storageConfigurationArn: c.storageConfigurationArn,
    mediaTypes: c.mediaTypes ?? RECORDING_OFF.mediaTypes,
    thumbnailConfiguration: { ...RECORDING_OFF.thumbnailConfiguration, ...c.thumbnailConfiguration },
    recordingReconnectWindowSeconds: c.recordingReconnectWindowSeconds ?? 0,
    hlsConfiguration: { ...RECORDING_OFF.hlsConfiguration, ...c.hlsConfiguration },
    recordParticipantReplicas: c.recordParticipantReplicas ?? true,
  };
}

/** UpdateStage: the configuration "cannot be updated while recording is active". */
export function checkRecordingChangeAllowed(world: World, stage: StageRecord): void {
  const recording = [...world.realtime.participants.values()].some(
    (p) => p.stageArn === stage.arn && p.recordingState === 'ACTIVE',
  );
  if (recording)
    throw conflict(
      `Stage ${stage.arn} is recording participants; its autoParticipantRecordingConfiguration cannot change until they stop`,
    );
}

function records(stage: StageRecord, p: ParticipantRecord): boolean {
  const r = stage.recording;
  if (r.storageConfigurationArn === '' || r.mediaTypes.includes('NONE')) return false;
  return p.replicationType !== 'REPLICA' || r.recordParticipantReplicas;
}

/** Where a participant's recording goes, set when it joins (`""` when it is not recorded). */
export function recordingTarget(world: World, stage: StageRecord, p: ParticipantRecord): void {
  const storage = world.realtime.storageConfigurations.get(stage.recording.storageConfigurationArn);
  if (!storage || !records(stage, p)) return;
  p.recordingS3BucketName = storage.s3.bucketName;
  p.recordingS3Prefix = `${stage.arn.split('/')[1] ?? ''}/${p.sessionId}/${p.participantId}`;
}

/** Publishing started or stopped, or the participant left: move the recording state along. */
export function updateRecording(world: World, p: ParticipantRecord): void {
  const stage = world.realtime.stages.get(p.stageArn);
  const was = p.recordingState;
  if (p.publishing && stage && p.recordingS3BucketName !== '' && records(stage, p)) p.recordingState = 'ACTIVE';
  else if (p.recordingState === 'ACTIVE') p.recordingState = 'STOPPED';
  if ((was === 'ACTIVE') !== (p.recordingState === 'ACTIVE'))
    announceParticipantRecording(world, p, p.recordingState === 'ACTIVE');
}
