import type { World } from '../../world/world.js';
import type { HandlerTable } from '../types.js';
import { findChannel } from './channels.js';

interface Revocation {
  channelArn: string;
  viewerId: string;
  viewerSessionVersionsLessThanOrEqualTo?: number;
}

/** Records that a viewer's sessions up to a version are revoked (0: all of them). */
function revoke(world: World, r: Revocation): void {
  const channel = findChannel(world, r.channelArn);
  const key = `${channel.arn}|${r.viewerId}`;
  const version = r.viewerSessionVersionsLessThanOrEqualTo ?? 0;
  world.ivs.revocations.set(key, Math.max(world.ivs.revocations.get(key) ?? 0, version));
}

export const viewerSessionHandlers: HandlerTable = {
  StartViewerSessionRevocation: (input, { world }) => {
    revoke(world, input as unknown as Revocation);
    return {};
  },

  BatchStartViewerSessionRevocation: (input, { world, failBatchKey }) => {
    const errors: Array<Record<string, string>> = [];
    for (const session of input.viewerSessions as Revocation[]) {
      if (failBatchKey()) {
        errors.push({
          channelArn: session.channelArn,
          viewerId: session.viewerId,
          code: 'InternalServerException',
          message: 'Injected fault: this revocation was not started',
        });
        continue;
      }
      try {
        revoke(world, session);
      } catch (err) {
        errors.push({
          channelArn: session.channelArn,
          viewerId: session.viewerId,
          code: (err as Error).name,
          message: (err as Error).message,
        });
      }
    }
    return { errors };
  },
};
