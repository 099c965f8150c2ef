/**
 * Every cache collection the resources use, named once. A resource writes into another's
 * collection only through these names (deleting a channel ends its stream and its keys;
 * tags show on the tagged resource), whether or not the other's code is loaded yet.
 */
export const C = {
  channels: 'channels',
  channelLists: 'channels:lists',
  streams: 'streams',
  liveStreams: 'streams:lists',
  streamKeys: 'streamKeys',
  streamKeyLists: 'streamKeys:lists',
  streamSessions: 'streamSessions',
  streamSessionLists: 'streamSessions:lists',
  recordingConfigurations: 'recordingConfigurations',
  playbackKeyPairs: 'playbackKeyPairs',
  playbackRestrictionPolicies: 'playbackRestrictionPolicies',
  adConfigurations: 'adConfigurations',
  ivsTags: 'ivs:tags',
  stages: 'stages',
  stageLists: 'stages:lists',
  stageSessions: 'stageSessions',
  stageSessionLists: 'stageSessions:lists',
  participants: 'participants',
  participantLists: 'participants:lists',
  participantEvents: 'participantEvents:lists',
  participantReplicas: 'participantReplicas',
  compositions: 'compositions',
  encoderConfigurations: 'encoderConfigurations',
  storageConfigurations: 'storageConfigurations',
  ingestConfigurations: 'ingestConfigurations',
  publicKeys: 'publicKeys',
  realtimeTags: 'realtime:tags',
} as const;
