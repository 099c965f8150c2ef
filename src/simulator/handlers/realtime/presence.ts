import { conflict } from '../../operations/errors.js';
import {
  participantKey,
  type Capability,
  type ClientInfo,
  type ParticipantEventRecord,
  type ParticipantProtocol,
  type ParticipantRecord,
  type ReplicationRecord,
  type StageSessionRecord,
} from '../../world/realtime-state.js';
import type { World } from '../../world/world.js';
import { settleCompositions } from './composition-state.js';
import { connectedIn, findStage } from './lookup.js';
import { recordingTarget, updateRecording } from './participant-recording.js';
import { announceParticipantEvent } from './stage-events.js';

/**
 * Who is on a stage, and the one place that changes it. A session starts when the
 * first participant joins and ends when the last one leaves; participants stay listed
 * (DISCONNECTED) in their session after leaving, with their event history. API
 * handlers (DisconnectParticipant, DeleteStage, replication, ingest) and control moves
 * (join, leave, publish) all come through here. Errors are service errors (SimError);
 * the control moves turn them into plain Errors.
 */

export function addEvent(
  world: World,
  p: ParticipantRecord,
  name: string,
  extra: Partial<Omit<ParticipantEventRecord, 'seq' | 'name'>> = {},
): void {
  const eventTime = world.nowDate();
  p.events.push({ seq: p.events.length + 1, name, participantId: p.participantId, eventTime, ...extra });
  announceParticipantEvent(world, p, name, eventTime.getTime());
}

const replicaFlag = (p: ParticipantRecord) => (p.replicationType === 'REPLICA' ? { replica: true } : {});

export interface JoinOptions {
  participantId?: string;
  userId?: string;
  attributes?: Record<string, string>;
  capabilities?: Capability[];
  protocol?: ParticipantProtocol;
  ingestConfigurationArn?: string;
  redundantIngest?: boolean;
  replicaOf?: { sourceStageArn: string; sourceSessionId: string };
}

const OS = [
  ['Windows', '11'],
  ['macOS', '15.1'],
  ['iOS', '18.2'],
  ['Android', '15'],
] as const;
const BROWSERS = [
  ['Chrome', '131.0'],
  ['Safari', '18.2'],
  ['Firefox', '133.0'],
] as const;

function clientInfo(world: World): ClientInfo {
  const [osName, osVersion] = world.rng.pick(OS);
  const [browserName, browserVersion] = world.rng.pick(BROWSERS);
  return { ispName: 'Simulated ISP', osName, osVersion, browserName, browserVersion, sdkVersion: '1.24.0' };
}

function startSession(world: World, stageArn: string): StageSessionRecord {
  const session: StageSessionRecord = {
    seq: world.nextSeq(),
    sessionId: `st-${world.rng.chars(13)}`,
    stageArn,
    startTime: world.nowDate(),
    endTime: undefined,
  };
  world.realtime.sessions.set(session.sessionId, session);
  return session;
}

/** Someone joins the stage, starting a session if it had none. Rejoining the same session keeps the record. */
export function joinStage(world: World, stageArn: string, opts: JoinOptions = {}): ParticipantRecord {
  const stage = findStage(world, stageArn);
  const participantId = opts.participantId ?? world.rng.chars(12);
  const existing =
    stage.activeSessionId === undefined
      ? undefined
      : world.realtime.participants.get(participantKey(stage.activeSessionId, participantId));
  if (existing?.state === 'CONNECTED')
    throw conflict(`Participant ${participantId} is already connected to ${stage.arn}`);
  settleCompositions(world, stage.arn);
  const sessionId = stage.activeSessionId ?? startSession(world, stage.arn).sessionId;
  stage.activeSessionId = sessionId;
  stage.emptySince = undefined;
  const protocol = opts.protocol ?? 'UNKNOWN';
  const p: ParticipantRecord = existing ?? {
    seq: world.nextSeq(),
    participantId,
    stageArn: stage.arn,
    sessionId,
    userId: opts.userId ?? '',
    attributes: { ...opts.attributes },
    capabilities: opts.capabilities ?? ['PUBLISH', 'SUBSCRIBE'],
    state: 'CONNECTED',
    firstJoinTime: world.nowDate(),
    published: false,
    publishing: false,
    recordingState: 'DISABLED',
    recordingS3BucketName: '',
    recordingS3Prefix: '',
    client: protocol === 'UNKNOWN' && !opts.replicaOf ? clientInfo(world) : undefined,
    protocol,
    ingestConfigurationArn: opts.ingestConfigurationArn,
    redundantIngest: opts.redundantIngest ?? false,
    replicationType: opts.replicaOf ? 'REPLICA' : 'NONE',
    replicationState: opts.replicaOf ? 'ACTIVE' : undefined,
    sourceStageArn: opts.replicaOf?.sourceStageArn,
    sourceSessionId: opts.replicaOf?.sourceSessionId,
    events: [],
  };
  if (existing && opts.replicaOf) {
    Object.assign(existing, {
      replicationType: 'REPLICA',
      replicationState: 'ACTIVE',
      sourceStageArn: opts.replicaOf.sourceStageArn,
      sourceSessionId: opts.replicaOf.sourceSessionId,
    });
  }
  p.state = 'CONNECTED';
  world.realtime.participants.set(participantKey(sessionId, participantId), p);
  recordingTarget(world, stage, p);
  addEvent(world, p, 'JOINED', replicaFlag(p));
  return p;
}

/**
 * The participant starts or stops publishing. Without the PUBLISH capability the
 * attempt is a PUBLISH_ERROR event (INSUFFICIENT_CAPABILITIES) and a ConflictException.
 * The participant's replicas follow.
 */
export function setPublishing(world: World, p: ParticipantRecord, on: boolean): void {
  if (p.state !== 'CONNECTED') throw conflict(`Participant ${p.participantId} is not connected`);
  if (p.publishing === on) throw conflict(`Participant ${p.participantId} is ${on ? 'already' : 'not'} publishing`);
  if (on && !p.capabilities.includes('PUBLISH')) {
    addEvent(world, p, 'PUBLISH_ERROR', { errorCode: 'INSUFFICIENT_CAPABILITIES' });
    throw conflict(`Participant ${p.participantId} may not publish: its token lacks the PUBLISH capability`);
  }
  p.publishing = on;
  if (on) p.published = true;
  addEvent(world, p, on ? 'PUBLISH_STARTED' : 'PUBLISH_STOPPED', replicaFlag(p));
  updateRecording(world, p);
  for (const replica of activeReplicasOf(world, p)) if (replica.publishing !== on) setPublishing(world, replica, on);
}

/** Why a participant leaves: on its own, or removed by the service (DisconnectParticipant, DeleteStage, forced ingest delete). */
export type LeaveCause = 'left' | 'disconnected';

/**
 * The participant leaves. Its replications stop; a replica leaving ends its replication;
 * an ingest participant removed by the service detaches its ingest configuration from
 * the stage. The session ends with its last participant.
 */
export function leaveStage(world: World, p: ParticipantRecord, cause: LeaveCause = 'left'): void {
  if (p.state !== 'CONNECTED') throw conflict(`Participant ${p.participantId} is not connected`);
  settleCompositions(world, p.stageArn);
  for (const r of world.realtime.replications) {
    if (r.state === 'ACTIVE' && r.sourceSessionId === p.sessionId && r.participantId === p.participantId)
      stopReplication(world, r);
  }
  if (p.publishing) {
    p.publishing = false;
    addEvent(world, p, 'PUBLISH_STOPPED', replicaFlag(p));
  }
  p.state = 'DISCONNECTED';
  updateRecording(world, p);
  addEvent(world, p, 'LEFT', replicaFlag(p));
  if (p.replicationType === 'REPLICA') {
    const r = world.realtime.replications.find(
      (x) => x.state === 'ACTIVE' && x.destinationSessionId === p.sessionId && x.participantId === p.participantId,
    );
    if (r) stopReplication(world, r);
  }
  if (cause === 'disconnected' && p.ingestConfigurationArn !== undefined) {
    const ic = world.realtime.ingestConfigurations.get(p.ingestConfigurationArn);
    if (ic && ic.stageArn === p.stageArn) ic.stageArn = '';
  }
  const stage = world.realtime.stages.get(p.stageArn);
  if (stage && stage.activeSessionId === p.sessionId && connectedIn(world, p.sessionId).length === 0) {
    const session = world.realtime.sessions.get(p.sessionId);
    if (session) session.endTime = world.nowDate();
    stage.activeSessionId = undefined;
    stage.emptySince = world.now();
  }
}

/** The participant's replicas, connected right now in their destination stages. */
function activeReplicasOf(world: World, p: ParticipantRecord): ParticipantRecord[] {
  return world.realtime.replications
    .filter((r) => r.state === 'ACTIVE' && r.sourceSessionId === p.sessionId && r.participantId === p.participantId)
    .map((r) => world.realtime.participants.get(participantKey(r.destinationSessionId, r.participantId)))
    .filter((x): x is ParticipantRecord => x?.state === 'CONNECTED');
}

/** A replication ends: the replica leaves its destination and the source records it. */
export function stopReplication(world: World, r: ReplicationRecord): void {
  if (r.state === 'STOPPED') return;
  r.state = 'STOPPED';
  const source = world.realtime.participants.get(participantKey(r.sourceSessionId, r.participantId));
  if (source) {
    addEvent(world, source, 'REPLICATION_STOPPED', {
      destinationStageArn: r.destinationStageArn,
      destinationSessionId: r.destinationSessionId,
    });
    const stillReplicated = world.realtime.replications.some(
      (x) => x.state === 'ACTIVE' && x.sourceSessionId === source.sessionId && x.participantId === source.participantId,
    );
    if (!stillReplicated) source.replicationState = 'STOPPED';
  }
  const replica = world.realtime.participants.get(participantKey(r.destinationSessionId, r.participantId));
  if (replica) {
    replica.replicationState = 'STOPPED';
    if (replica.state === 'CONNECTED') leaveStage(world, replica);
  }
}
