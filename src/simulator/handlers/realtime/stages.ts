import { randomBytes } from 'node:crypto';
import { validation } from '../../errors.js';
import type { StageRecord, TokenRecord } from '../../world/realtime-state.js';
import { paginate } from '../../world/paginate.js';
import type { World } from '../../world/world.js';
import { requireExisting } from '../collection.js';
import type { HandlerTable } from '../types.js';
import { connectedIn, findSession, findStage, leaveStage } from './presence.js';

function checkRecordingConfig(world: World, config: unknown): Record<string, unknown> | undefined {
  if (config === undefined) return undefined;
  const c = config as Record<string, unknown>;
  requireExisting(world.realtime.storageConfigurations, c.storageConfigurationArn, 'Storage configuration');
  return { mediaTypes: ['AUDIO_VIDEO'], recordParticipantReplicas: true, recordingReconnectWindowSeconds: 0, ...c };
}

/** CreateStage's semantics, shared with the `createStage` control move. */
export function createStage(world: World, input: Record<string, unknown>): StageRecord {
  const id = world.newId();
  const stage: StageRecord = {
    arn: world.arn('stage', id),
    seq: world.nextSeq(),
    name: (input.name as string | undefined) ?? '',
    activeSessionId: undefined,
    autoParticipantRecordingConfiguration: checkRecordingConfig(world, input.autoParticipantRecordingConfiguration),
    endpoints: {
      events: 'wss://global.events.live-video.net',
      whip: 'https://global.whip.live-video.net',
      rtmp: `rtmp://${id.toLowerCase()}.global-contribute-staging.live-video.net/app/`,
      rtmps: `rtmps://${id.toLowerCase()}.global-contribute-staging.live-video.net:443/app/`,
    },
    emptySince: world.now(),
  };
  world.realtime.stages.set(stage.arn, stage);
  world.registerTags(stage.arn, input.tags as Record<string, string> | undefined);
  return stage;
}

function stageView(world: World, s: StageRecord): Record<string, unknown> {
  return { arn: s.arn, name: s.name, activeSessionId: s.activeSessionId, autoParticipantRecordingConfiguration: s.autoParticipantRecordingConfiguration, endpoints: { ...s.endpoints }, tags: { ...world.tags.get(s.arn) } };
}

/**
 * A participant token: an opaque, JWT-shaped string (the real one is a signed JWT).
 * It is a secret; the simulator keeps it only to let a control move join with it.
 */
export function createToken(world: World, stageArn: string, input: Record<string, unknown>): TokenRecord {
  const stage = findStage(world, stageArn);
  const duration = (input.duration as number | undefined) ?? 720;
  const participantId = world.rng.chars(12);
  const expirationTime = new Date(world.now() + duration * 60_000);
  const claims = { sub: participantId, resource: stage.arn, exp: Math.floor(expirationTime.getTime() / 1000) };
  const token: TokenRecord = {
    participantId,
    stageArn: stage.arn,
    token: [
      Buffer.from(JSON.stringify({ alg: 'ES384', typ: 'JWT' })).toString('base64url'),
      Buffer.from(JSON.stringify(claims)).toString('base64url'),
      randomBytes(48).toString('base64url'),
    ].join('.'),
    userId: (input.userId as string | undefined) ?? '',
    attributes: { ...(input.attributes as Record<string, string> | undefined) },
    capabilities: (input.capabilities as string[] | undefined) ?? ['PUBLISH', 'SUBSCRIBE'],
    duration,
    expirationTime,
  };
  world.realtime.tokens.set(participantId, token);
  return token;
}

function tokenView(t: TokenRecord): Record<string, unknown> {
  return { participantId: t.participantId, token: t.token, userId: t.userId, attributes: t.attributes, duration: t.duration, capabilities: t.capabilities, expirationTime: t.expirationTime };
}

export const stageHandlers: HandlerTable = {
  CreateStage: (input, { world }) => {
    const stage = createStage(world, input);
    const configs = (input.participantTokenConfigurations as Array<Record<string, unknown>> | undefined) ?? [];
    return { stage: stageView(world, stage), participantTokens: configs.map((c) => tokenView(createToken(world, stage.arn, c))) };
  },

  GetStage: (input, { world }) => ({ stage: stageView(world, findStage(world, input.arn)) }),

  UpdateStage: (input, { world }) => {
    const stage = findStage(world, input.arn);
    const recording = input.autoParticipantRecordingConfiguration === undefined ? stage.autoParticipantRecordingConfiguration : checkRecordingConfig(world, input.autoParticipantRecordingConfiguration);
    if (typeof input.name === 'string') stage.name = input.name;
    stage.autoParticipantRecordingConfiguration = recording;
    return { stage: stageView(world, stage) };
  },

  /** Shuts the stage down: everyone connected is disconnected, then the stage is deleted. */
  DeleteStage: (input, { world }) => {
    const stage = findStage(world, input.arn);
    for (const p of connectedIn(world, stage.activeSessionId)) leaveStage(world, p, 'STAGE_DELETED');
    for (const c of world.realtime.compositions.values()) if (c.stageArn === stage.arn && c.stopAt === undefined) c.stopAt = world.now();
    world.realtime.stages.delete(stage.arn);
    world.forgetTags(stage.arn);
    return {};
  },

  ListStages: (input, { world }) => {
    const { page, nextToken } = paginate(world.realtime.stages.values(), { nextToken: input.nextToken, maxResults: input.maxResults, scope: 'ListStages' });
    return { stages: page.map((s) => ({ arn: s.arn, name: s.name, activeSessionId: s.activeSessionId, tags: { ...world.tags.get(s.arn) } })), nextToken };
  },

  GetStageSession: (input, { world }) => {
    const s = findSession(world, input.stageArn, input.sessionId);
    return { stageSession: { sessionId: s.sessionId, startTime: s.startTime, endTime: s.endTime } };
  },

  ListStageSessions: (input, { world }) => {
    const stage = findStage(world, input.stageArn);
    const sessions = [...world.realtime.sessions.values()].filter((s) => s.stageArn === stage.arn);
    const { page, nextToken } = paginate(sessions, { nextToken: input.nextToken, maxResults: input.maxResults, scope: `ListStageSessions:${stage.arn}`, newestFirst: true });
    return { stageSessions: page.map((s) => ({ sessionId: s.sessionId, startTime: s.startTime, endTime: s.endTime })), nextToken };
  },

  CreateParticipantToken: (input, { world }) => {
    const capabilities = input.capabilities as string[] | undefined;
    if (capabilities && new Set(capabilities).size !== capabilities.length) {
      throw validation("Value at 'capabilities' failed to satisfy constraint: Member must not contain duplicates");
    }
    return { participantToken: tokenView(createToken(world, input.stageArn as string, input)) };
  },
};
