import { findIngestConfiguration, startIngest, stopIngest } from '../handlers/realtime/ingest-configurations.js';
import { connectedIn, connectedParticipant, findStage } from '../handlers/realtime/lookup.js';
import { joinStage, leaveStage, setPublishing, type JoinOptions } from '../handlers/realtime/presence.js';
import { createStage } from '../handlers/realtime/stages.js';
import type { World } from '../world/world.js';

/**
 * How someone joins a stage in `control.realtime.join`.
 * @inline
 */
export interface JoinMoveOptions {
  userId?: string;
  attributes?: Record<string, string>;
  /** Start publishing right after joining. */
  publish?: boolean;
  /**
   * A token from CreateParticipantToken / CreateStage: the participant id, user id,
   * attributes and capabilities are the token's (`userId` and `attributes` are ignored).
   */
  token?: string;
  /** How the participant connects: a browser or mobile SDK (`UNKNOWN`, the default) or `WHIP`. */
  protocol?: 'UNKNOWN' | 'WHIP';
}

/**
 * What happens on stages outside the API: people join (with or without a token from
 * CreateParticipantToken), publish, stop publishing and leave; RTMP encoders connect
 * through ingest configurations. These call the same state functions as the API
 * handlers (`leave` and DisconnectParticipant are one function). Unknown stages or
 * participants and wrong states throw a plain Error saying what was wrong.
 */
export function realtimeMoves(world: World) {
  /** Service errors (SimError) become plain Errors: a move is not an HTTP request. */
  const move = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      throw new Error((err as Error).message);
    }
  };

  function identityFromToken(stageArn: string, token: string): JoinOptions {
    const t = world.realtime.tokens.get(token);
    if (!t || t.stageArn !== stageArn) throw new Error(`That participant token was not issued for stage ${stageArn}`);
    if (t.expirationTime.getTime() <= world.now())
      throw new Error(`That participant token expired at ${t.expirationTime.toISOString()}`);
    return { participantId: t.participantId, userId: t.userId, attributes: t.attributes, capabilities: t.capabilities };
  }

  return {
    /**
     * Creates a stage, as CreateStage would.
     * @example const { arn } = sim.control.realtime.createStage({ name: 'panel' })
     */
    createStage(input: { name?: string; tags?: Record<string, string> } = {}): {
      /** The new stage's ARN. */
      arn: string;
    } {
      return move(() => ({ arn: createStage(world, input).arn }));
    },

    /**
     * Someone joins the stage, starting a session if it had none.
     * @example const { participantId } = sim.control.realtime.join(stageArn, { userId: 'guest', publish: true })
     */
    join(
      stageArn: string,
      opts: JoinMoveOptions = {},
    ): {
      /** The new participant's id. */
      participantId: string;
      /** The stage session joined. */
      sessionId: string;
    } {
      return move(() => {
        findStage(world, stageArn);
        const identity =
          opts.token === undefined
            ? { userId: opts.userId, attributes: opts.attributes }
            : identityFromToken(stageArn, opts.token);
        const p = joinStage(world, stageArn, { ...identity, ...(opts.protocol ? { protocol: opts.protocol } : {}) });
        if (opts.publish) setPublishing(world, p, true);
        return { participantId: p.participantId, sessionId: p.sessionId };
      });
    },

    /**
     * The participant leaves (as DisconnectParticipant would have them).
     * @example sim.control.realtime.leave(stageArn, participantId)
     */
    leave(stageArn: string, participantId: string): void {
      move(() => leaveStage(world, connectedParticipant(world, stageArn, participantId)));
    },

    /**
     * Starts publishing; without the PUBLISH capability this records a PUBLISH_ERROR event and throws.
     * @example sim.control.realtime.publish(stageArn, participantId)
     */
    publish(stageArn: string, participantId: string): void {
      move(() => setPublishing(world, connectedParticipant(world, stageArn, participantId), true));
    },

    /**
     * Stops publishing; the participant stays on stage.
     * @example sim.control.realtime.unpublish(stageArn, participantId)
     */
    unpublish(stageArn: string, participantId: string): void {
      move(() => setPublishing(world, connectedParticipant(world, stageArn, participantId), false));
    },

    /**
     * An RTMP(S) encoder connects with the ingest configuration's stream key and publishes to its stage.
     * @example const { participantId } = sim.control.realtime.startIngest(ingestArn)
     */
    startIngest(ingestConfigurationArn: string): {
      /** The encoder's participant id. */
      participantId: string;
      /** The stage session it joined. */
      sessionId: string;
      /** The stage it publishes to. */
      stageArn: string;
    } {
      return move(() => {
        const p = startIngest(world, findIngestConfiguration(world, ingestConfigurationArn));
        return { participantId: p.participantId, sessionId: p.sessionId, stageArn: p.stageArn };
      });
    },

    /**
     * The encoder disconnects.
     * @example sim.control.realtime.stopIngest(ingestArn)
     */
    stopIngest(ingestConfigurationArn: string): void {
      move(() => stopIngest(world, findIngestConfiguration(world, ingestConfigurationArn)));
    },

    /**
     * The ARNs of every stage in the world.
     * @example const arns = sim.control.realtime.stageArns()
     */
    stageArns(): string[] {
      return [...world.realtime.stages.keys()];
    },

    /**
     * The ids of the participants connected to the stage's active session.
     * @example expect(sim.control.realtime.connectedParticipantIds(stageArn)).toHaveLength(2)
     */
    connectedParticipantIds(stageArn: string): string[] {
      return move(() => connectedIn(world, findStage(world, stageArn).activeSessionId).map((p) => p.participantId));
    },
  };
}

/**
 * `control.realtime`: moves of the simulated IVS RealTime world.
 * @useDeclaredType
 */
export type RealtimeMoves = ReturnType<typeof realtimeMoves>;
