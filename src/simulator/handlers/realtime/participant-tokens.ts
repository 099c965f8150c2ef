import { randomBytes } from 'node:crypto';
import type { TokenRecord } from '../../world/realtime-state.js';
import type { World } from '../../world/world.js';
import type { HandlerTable } from '../types.js';
import { checkAttributes, checkCapabilities } from './limits.js';
import { findStage } from './lookup.js';

/**
 * Participant tokens. The real token is a signed JWT; the simulator's is JWT-shaped and
 * opaque (random signature), so nobody builds on its contents. It is a secret: the
 * simulator keeps it only so a control move can join a stage with it.
 * `member` prefixes error paths (CreateStage's `participantTokenConfigurations.N.member.`).
 */
export function createToken(world: World, stageArn: string, config: Record<string, unknown>, member = ''): TokenRecord {
  const attributes = checkAttributes(`${member}attributes`, config.attributes);
  const capabilities = checkCapabilities(`${member}capabilities`, config.capabilities);
  const stage = findStage(world, stageArn);
  const duration = (config.duration as number | undefined) ?? 720;
  const participantId = world.rng.chars(12);
  const expirationTime = new Date(world.now() + duration * 60_000);
  const claims = { jti: participantId, resource: stage.arn, exp: Math.floor(expirationTime.getTime() / 1000) };
  const token: TokenRecord = {
    participantId,
    stageArn: stage.arn,
    token: [
      Buffer.from(JSON.stringify({ alg: 'ES384', typ: 'JWT' })).toString('base64url'),
      Buffer.from(JSON.stringify(claims)).toString('base64url'),
      randomBytes(48).toString('base64url'),
    ].join('.'),
    userId: (config.userId as string | undefined) ?? '',
    attributes,
    capabilities,
    duration,
    expirationTime,
  };
  world.realtime.tokens.set(token.token, token);
  return token;
}

export function tokenView(t: TokenRecord): Record<string, unknown> {
  return {
    participantId: t.participantId,
    token: t.token,
    userId: t.userId,
    attributes: { ...t.attributes },
    duration: t.duration,
    capabilities: [...t.capabilities],
    expirationTime: t.expirationTime,
  };
}

export const participantTokenHandlers: HandlerTable = {
  CreateParticipantToken: (input, { world }) => ({
    participantToken: tokenView(createToken(world, input.stageArn as string, input)),
  }),
};
