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
    /**
     * Creates a channel and its stream key, as CreateChannel would.
     * @example const { arn } = sim.control.ivs.createChannel({ name: 'studio-1', latencyMode: 'LOW' })
     */
    createChannel(
      input: {
        name?: string;
        latencyMode?: 'NORMAL' | 'LOW';
        type?: 'BASIC' | 'STANDARD' | 'ADVANCED_SD' | 'ADVANCED_HD';
        tags?: Record<string, string>;
      } = {},
    ): {
      /** The new channel's ARN. */
      arn: string;
      /** Its stream key's ARN. */
      streamKeyArn: string;
    } {
      const { channel, streamKeyArn } = createChannel(world, { ...input });
      return { arn: channel.arn, streamKeyArn };
    },
    /**
     * The channel starts broadcasting: a new stream id and stream session.
     * @example sim.control.ivs.goLive(arn, { health: 'HEALTHY', viewerCount: 120 })
     */
    goLive(
      channelArn: string,
      opts: { health?: Health; viewerCount?: number } = {},
    ): {
      /** The new stream's id. */
      streamId: string;
    } {
      return { streamId: startStream(world, channelArn, opts).streamId };
    },
    /**
     * Sets a live stream's health.
     * @example sim.control.ivs.setHealth(arn, 'STARVING')
     */
    setHealth(channelArn: string, health: Health): void {
      setStreamHealth(world, channelArn, health);
    },
    /**
     * Sets a live stream's viewer count.
     * @example sim.control.ivs.setViewers(arn, 1500)
     */
    setViewers(channelArn: string, viewerCount: number): void {
      setStreamViewers(world, channelArn, viewerCount);
    },
    /**
     * The stream ends (`end`) or fails (`failure`); the session gets its end time.
     * @example sim.control.ivs.goOffline(arn, { reason: 'failure' })
     */
    goOffline(channelArn: string, opts: { reason?: 'end' | 'failure' } = {}): void {
      endStream(world, channelArn, opts.reason ?? 'end');
    },
    /**
     * The ARNs of every channel in the world.
     * @example const arns = sim.control.ivs.channelArns()
     */
    channelArns(): string[] {
      return [...world.ivs.channels.keys()];
    },
    /**
     * The ARNs of the channels broadcasting now.
     * @example expect(sim.control.ivs.liveChannelArns()).toContain(arn)
     */
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
