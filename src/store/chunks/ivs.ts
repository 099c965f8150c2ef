/**
 * The IVS resources most dashboards do not show, one chunk: stream keys, stream sessions,
 * configurations, tags, viewer sessions. A chunk each would cost an app that loads all of
 * them ~0.8 KB more in imports and exports between chunks (see registry.ts).
 */
export { createStreamKeysApi as streamKeys } from '../../resources/ivs/stream-keys.js';
export { createStreamSessionsApi as streamSessions } from '../../resources/ivs/stream-sessions.js';
export {
  createAdConfigurationsApi as adConfigurations,
  createPlaybackKeyPairsApi as playbackKeyPairs,
  createPlaybackRestrictionPoliciesApi as playbackRestrictionPolicies,
  createRecordingConfigurationsApi as recordingConfigurations,
} from '../../resources/ivs/configurations.js';
export { createIvsTagsApi as tags } from '../../resources/ivs/tags.js';
export { createViewerSessionsApi as viewerSessions } from '../../resources/ivs/viewer-sessions.js';
