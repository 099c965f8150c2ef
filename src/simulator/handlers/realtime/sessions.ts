import type { StageSessionRecord } from '../../world/realtime-state.js';
import { paginate } from '../../world/paginate.js';
import type { HandlerTable } from '../types.js';
import { findSession } from './lookup.js';

/**
 * Stage sessions: one per stretch of time with someone on the stage (see presence.ts),
 * newest first. ListStageSessions models no ResourceNotFoundException, so an unknown
 * stage lists none.
 */
const view = (s: StageSessionRecord) => ({ sessionId: s.sessionId, startTime: s.startTime, endTime: s.endTime });

export const sessionHandlers: HandlerTable = {
  GetStageSession: (input, { world }) => ({ stageSession: view(findSession(world, input.stageArn, input.sessionId)) }),

  ListStageSessions: (input, { world }) => {
    const stageArn = String(input.stageArn);
    const sessions = world.realtime.stages.has(stageArn)
      ? [...world.realtime.sessions.values()].filter((s) => s.stageArn === stageArn)
      : [];
    const { page, nextToken } = paginate(sessions, {
      nextToken: input.nextToken,
      maxResults: input.maxResults,
      defaultMax: 50,
      scope: `ListStageSessions:${stageArn}`,
      newestFirst: true,
    });
    return { stageSessions: page.map(view), nextToken };
  },
};
