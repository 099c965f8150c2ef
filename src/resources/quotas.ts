/**
 * The published per-account, per-region rate quotas (the IVS user guides' service quotas).
 * Nearly every IVS and IVS RealTime operation allows 5 calls per second (and the ones whose
 * quota is not published are assumed to), so only the exceptions are listed: the table
 * ships in every app's bundle. They are shared by every tab and user of the account, so a
 * store can be given lower ones (`createIvsStore({ quotas })`).
 */
const DEFAULT_TPS = 5;

const EXCEPTIONS: Readonly<Record<string, number>> = {
  // IVS, 3 TPS: recording configurations and playback key pairs
  CreateRecordingConfiguration: 3,
  GetRecordingConfiguration: 3,
  ListRecordingConfigurations: 3,
  DeleteRecordingConfiguration: 3,
  ImportPlaybackKeyPair: 3,
  GetPlaybackKeyPair: 3,
  ListPlaybackKeyPairs: 3,
  DeletePlaybackKeyPair: 3,
  // RealTime, 3 TPS: public keys
  ImportPublicKey: 3,
  GetPublicKey: 3,
  ListPublicKeys: 3,
  DeletePublicKey: 3,
  // RealTime tags, 10 TPS (named apart: IVS has operations of the same names, at 5)
  'realtime:ListTagsForResource': 10,
  'realtime:TagResource': 10,
  'realtime:UntagResource': 10,
  // RealTime, 50 TPS
  CreateParticipantToken: 50,
};

/**
 * The published quota of an operation, in calls per second (RealTime tag operations are
 * named `realtime:TagResource` and so on; PutMetadata's 5 per second are per channel).
 * @example createIvsStore({ ivs, quotas: { ListChannels: publishedQuota('ListChannels') / 2 } }) // half, for another app
 */
export function publishedQuota(operation: string): number {
  return EXCEPTIONS[operation] ?? DEFAULT_TPS;
}
