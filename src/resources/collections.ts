/**
 * Every cache collection the resources use, named once, as a type: a collection given as
 * anything else is a type error. A resource writes into another's collection only by these
 * names (deleting a channel ends its stream and its keys; tags show on the tagged resource),
 * whether or not the other's code is loaded yet.
 *
 * A type and not constants: the names then cost nothing at runtime (a shared module of
 * constants would ship every name in the entry chunk, since lazy chunks use them too).
 */
export type Collection =
  | 'channels'
  | 'channels:lists'
  | 'streams'
  | 'streams:lists'
  | 'streamKeys'
  | 'streamKeys:lists'
  | 'streamSessions'
  | 'streamSessions:lists'
  | 'recordingConfigurations'
  | 'playbackKeyPairs'
  | 'playbackRestrictionPolicies'
  | 'adConfigurations'
  | 'ivs:tags'
  | 'stages'
  | 'stages:lists'
  | 'stageSessions'
  | 'stageSessions:lists'
  | 'participants'
  | 'participants:lists'
  | 'participants:publishing'
  | 'participantEvents:lists'
  | 'participantReplicas'
  | 'compositions'
  | 'encoderConfigurations'
  | 'storageConfigurations'
  | 'ingestConfigurations'
  | 'publicKeys'
  | 'realtime:tags';
