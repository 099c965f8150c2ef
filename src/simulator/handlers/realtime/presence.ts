import { notFound } from '../../errors.js';
import type { ParticipantRecord, ReplicationRecord, StageRecord, StageSessionRecord } from '../../world/realtime-state.js';
import type { World } from '../../world/world.js';
import { settleCompositions } from './composition-state.js';

/**
 * Who is on a stage. A session starts when the first participant joins and ends when
 * the last one leaves; participants stay listed (DISCONNECTED) in their session after
 * leaving, with their event history. Handlers and control moves both go through here.
 */
export function findStage(world: World, arn: unknown): StageRecord {
  const stage = world.realtime.stages.get(arn as string);
  if (!stage) throw notFound('Stage', String(arn));
  return stage;
}

export function findSession(world: World, stageArn: unknown, sessionId: unknown): StageSessionRecord {
  const stage = findStage(world, stageArn);
  const session = world.realtime.sessions.get(sessionId as string);
  if (!session || session.stageArn !== stage.arn) throw notFound('Stage session', String(sessionId));
  return session;
}

export function findParticipant(world: World, sessionId: string, participantId: unknown): ParticipantRecord {
  const p = world.realtime.participants.get(`${sessionId}|${String(participantId)}`);
  if (!p) throw notFound('Participant', String(participantId));
  return p;
}

/** The participant, connected right now to the stage's active session. */
export function connectedParticipant(world: World, stageArn: unknown, participantId: unknown): ParticipantRecord {
  const stage = findStage(world, stageArn);
  const p = stage.activeSessionId ? world.realtime.participants.get(`${stage.activeSessionId}|${String(participantId)}`) : undefined;
  if (!p || p.state !== 'CONNECTED') throw notFound('Connected participant', `${String(participantId)} on ${stage.arn}`);
  return p;
}

export function connectedIn(world: World, sessionId: string | undefined): ParticipantRecord[] {
  if (!sessionId) return [];
  return [...world.realtime.participants.values()].filter((p) => p.sessionId === sessionId && p.state === 'CONNECTED');
}

export function addParticipantEvent(world: World, p: ParticipantRecord, name: string, extra: Partial<ParticipantRecord['events'][number]> = {}): void {
  p.events.push({ seq: p.events.length + 1, name, participantId: p.participantId, eventTime: world.nowDate(), ...extra });
}

const OS = [['Windows', '11'], ['macOS', '15.1'], ['iOS', '18.2'], ['Android', '15']] as const;
const BROWSERS = [['Chrome', '131.0'], ['Safari', '18.2'], ['Firefox', '133.0']] as const;

export interface JoinOptions {
  participantId?: string;
  userId?: string;
  attributes?: Record<string, string>;
  replica?: { sourceStageArn: string; sourceSessionId: string };
}

export function joinStage(world: World, stageArn: string, opts: JoinOptions = {}): ParticipantRecord {
  const stage = findStage(world, stageArn);
  settleCompositions(world, stage.arn);
  if (!stage.activeSessionId) {
    const session: StageSessionRecord = { arn: stage.arn, seq: world.nextSeq(), sessionId: `st-${world.rng.chars(13)}`, stageArn: stage.arn, startTime: world.nowDate(), endTime: undefined };
    world.realtime.sessions.set(session.sessionId, session);
    stage.activeSessionId = session.sessionId;
  }
  stage.emptySince = undefined;
  const participantId = opts.participantId ?? world.rng.chars(12);
  const key = `${stage.activeSessionId}|${participantId}`;
  const existing = world.realtime.participants.get(key);
  if (existing?.state === 'CONNECTED') throw new Error(`Participant ${participantId} is already connected to ${stage.arn}`);
  const [osName, osVersion] = world.rng.pick(OS);
  const [browserName, browserVersion] = world.rng.pick(BROWSERS);
  const p: ParticipantRecord = existing ?? {
    seq: world.nextSeq(),
    participantId,
    stageArn: stage.arn,
    sessionId: stage.activeSessionId,
    userId: opts.userId ?? '',
    attributes: { ...opts.attributes },
    state: 'CONNECTED',
    firstJoinTime: world.nowDate(),
    published: false,
    publishing: false,
    recordingState: stage.autoParticipantRecordingConfiguration ? 'STARTING' : 'DISABLED',
    client: { ispName: 'Simulated ISP', osName, osVersion, browserName, browserVersion, sdkVersion: '1.20.0' },
    protocol: opts.replica ? 'UNKNOWN' : 'WEBRTC',
    replicationType: opts.replica ? 'REPLICA' : 'NONE',
    replicationState: opts.replica ? 'ACTIVE' : undefined,
    sourceStageArn: opts.replica?.sourceStageArn,
    sourceSessionId: opts.replica?.sourceSessionId,
    events: [],
  };
  p.state = 'CONNECTED';
  world.realtime.participants.set(key, p);
  addParticipantEvent(world, p, 'JOINED', opts.replica ? { replica: true } : {});
  if (p.recordingState === 'STARTING') p.recordingState = 'ACTIVE';
  return p;
}

export function setPublishing(world: World, p: ParticipantRecord, on: boolean): void {
  if (p.state !== 'CONNECTED') throw new Error(`Participant ${p.participantId} is not connected`);
  if (p.publishing === on) throw new Error(`Participant ${p.participantId} is ${on ? 'already' : 'not'} publishing`);
  p.publishing = on;
  if (on) p.published = true;
  addParticipantEvent(world, p, on ? 'PUBLISH_STARTED' : 'PUBLISH_STOPPED');
}

/** The participant leaves (or is disconnected); the session ends with its last participant. */
export function leaveStage(world: World, p: ParticipantRecord, errorCode?: string): void {
  if (p.state !== 'CONNECTED') throw new Error(`Participant ${p.participantId} is not connected`);
  settleCompositions(world, p.stageArn);
  for (const r of world.realtime.replications.values()) {
    if (r.state === 'ACTIVE' && r.sourceStageArn === p.stageArn && r.participantId === p.participantId) stopReplication(world, r);
  }
  if (p.publishing) {
    p.publishing = false;
    addParticipantEvent(world, p, 'PUBLISH_STOPPED');
  }
  p.state = 'DISCONNECTED';
  if (p.recordingState === 'ACTIVE') p.recordingState = 'STOPPED';
  addParticipantEvent(world, p, 'LEFT', errorCode ? { errorCode } : {});
  const stage = world.realtime.stages.get(p.stageArn);
  if (stage && stage.activeSessionId === p.sessionId && connectedIn(world, p.sessionId).length === 0) {
    const session = world.realtime.sessions.get(p.sessionId);
    if (session) session.endTime = world.nowDate();
    stage.activeSessionId = undefined;
    stage.emptySince = world.now();
  }
}

export function stopReplication(world: World, r: ReplicationRecord): void {
  r.state = 'STOPPED';
  const source = world.realtime.participants.get(`${r.sourceSessionId}|${r.participantId}`);
  if (source) addParticipantEvent(world, source, 'REPLICATION_STOPPED', { destinationStageArn: r.destinationStageArn, destinationSessionId: r.destinationSessionId });
  const replica = world.realtime.participants.get(`${r.destinationSessionId}|${r.replicaParticipantId}`);
  if (replica?.state === 'CONNECTED') {
    replica.replicationState = 'STOPPED';
    leaveStage(world, replica);
  }
}
