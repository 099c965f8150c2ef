import { connectedIn, connectedParticipant, joinStage, leaveStage, setPublishing } from '../handlers/realtime/presence.js';
import { createStage } from '../handlers/realtime/stages.js';
import type { World } from '../world/world.js';

/**
 * What happens on stages outside the API: people join (with or without a token from
 * CreateParticipantToken), publish, stop publishing and leave. The same state functions
 * the handlers use. Unknown stages or participants and wrong states throw an Error.
 */
export function realtimeMoves(world: World) {
  return {
    createStage(input: { name?: string; tags?: Record<string, string> } = {}): { arn: string } {
      return { arn: createStage(world, { ...input }).arn };
    },
    /**
     * Someone joins the stage (starting a session if it had none). With `token` (from
     * CreateParticipantToken) the participant id, user id and attributes are the token's.
     */
    join(stageArn: string, opts: { userId?: string; attributes?: Record<string, string>; publish?: boolean; token?: string } = {}): { participantId: string; sessionId: string } {
      let identity: { participantId?: string; userId?: string; attributes?: Record<string, string> } = { userId: opts.userId, attributes: opts.attributes };
      if (opts.token !== undefined) {
        const t = [...world.realtime.tokens.values()].find((tok) => tok.token === opts.token);
        if (!t || t.stageArn !== stageArn) throw new Error('That participant token was not issued for this stage');
        if (t.expirationTime.getTime() <= world.now()) throw new Error('That participant token has expired');
        identity = { participantId: t.participantId, userId: t.userId, attributes: t.attributes };
      }
      const p = joinStage(world, stageArn, identity);
      if (opts.publish) setPublishing(world, p, true);
      return { participantId: p.participantId, sessionId: p.sessionId };
    },
    leave(stageArn: string, participantId: string): void {
      leaveStage(world, connected(stageArn, participantId));
    },
    publish(stageArn: string, participantId: string): void {
      setPublishing(world, connected(stageArn, participantId), true);
    },
    unpublish(stageArn: string, participantId: string): void {
      setPublishing(world, connected(stageArn, participantId), false);
    },
    stageArns(): string[] {
      return [...world.realtime.stages.keys()];
    },
    connectedParticipantIds(stageArn: string): string[] {
      const stage = world.realtime.stages.get(stageArn);
      if (!stage) throw new Error(`No stage ${stageArn}`);
      return connectedIn(world, stage.activeSessionId).map((p) => p.participantId);
    },
  };

  function connected(stageArn: string, participantId: string) {
    try {
      return connectedParticipant(world, stageArn, participantId);
    } catch (err) {
      throw new Error((err as Error).message);
    }
  }
}
