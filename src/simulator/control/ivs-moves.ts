import { createChannel } from '../handlers/ivs/channels.js';
import { endStream, setStreamHealth, setStreamViewers, startStream } from '../handlers/ivs/streams.js';
import type { Health } from '../world/ivs-state.js';
import type { World } from '../world/world.js';

/**
 * What happens to IVS outside the API: broadcasters go live and stop, health changes,
 * viewers come and go. The same state functions the handlers use, so a move and an
 * API call can never disagree. Unknown channels and wrong states throw an Error.
 */
export function ivsMoves(world: World) {
  return {
    createChannel(
      input: {
        name?: string;
        latencyMode?: 'NORMAL' | 'LOW';
        type?: 'BASIC' | 'STANDARD' | 'ADVANCED_SD' | 'ADVANCED_HD';
        tags?: Record<string, string>;
      } = {},
    ): { arn: string; streamKeyArn: string } {
      const { channel, streamKeyArn } = createChannel(world, { ...input });
      return { arn: channel.arn, streamKeyArn };
    },
    /** The channel starts broadcasting: a new stream id and stream session. */
    goLive(channelArn: string, opts: { health?: Health; viewerCount?: number } = {}): { streamId: string } {
      return { streamId: startStream(world, channelArn, opts).streamId };
    },
    setHealth(channelArn: string, health: Health): void {
      setStreamHealth(world, channelArn, health);
    },
    setViewers(channelArn: string, viewerCount: number): void {
      setStreamViewers(world, channelArn, viewerCount);
    },
    /** The stream ends (`end`) or fails (`failure`); the session gets its end time. */
    goOffline(channelArn: string, opts: { reason?: 'end' | 'failure' } = {}): void {
      endStream(world, channelArn, opts.reason ?? 'end');
    },
    channelArns(): string[] {
      return [...world.ivs.channels.keys()];
    },
    liveChannelArns(): string[] {
      return [...world.ivs.live.keys()];
    },
  };
}

/**
 * `control.ivs`: moves of the simulated IVS world.
 * @useDeclaredType
 */
export type IvsMoves = ReturnType<typeof ivsMoves>;
