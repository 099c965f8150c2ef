/**
 * The published per-account, per-region rate quotas (IVS-FACTS.md, "API rate quotas"),
 * by operation: the scheduler's defaults. They are shared by every tab and user of the
 * account, so a store can be given lower ones (`createIvsStore({ quotas })`).
 */
export const DEFAULT_QUOTAS: Readonly<Record<string, number>> = {
  // IVS, 5 TPS
  BatchGetChannel: 5,
  GetChannel: 5,
  ListChannels: 5,
  CreateChannel: 5,
  UpdateChannel: 5,
  DeleteChannel: 5,
  GetStream: 5,
  GetStreamSession: 5,
  ListStreams: 5,
  ListStreamSessions: 5,
  CreatePlaybackRestrictionPolicy: 5,
  // IVS, not published: assumed 5
  BatchGetStreamKey: 5,
  GetStreamKey: 5,
  ListStreamKeys: 5,
  CreateStreamKey: 5,
  DeleteStreamKey: 5,
  StopStream: 5,
  // RealTime, 5 TPS
  CreateStage: 5,
  DeleteStage: 5,
  UpdateStage: 5,
  GetStage: 5,
  ListStages: 5,
  GetStageSession: 5,
  ListStageSessions: 5,
  GetParticipant: 5,
  ListParticipants: 5,
  ListParticipantEvents: 5,
  DisconnectParticipant: 5,
  // RealTime, 50 TPS
  CreateParticipantToken: 50,
};
