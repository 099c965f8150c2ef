import type { IvsClient } from '@aws-sdk/client-ivs';

export const channelArn = (i: number) =>
  `arn:aws:ivs:us-east-1:123456789012:channel/bench${String(i).padStart(7, '0')}`;

export interface ChannelRow {
  arn: string;
  name: string;
  latencyMode: string;
  type: string;
  ingestEndpoint: string;
  playbackUrl: string;
  authorized: boolean;
  recordingConfigurationArn: string;
  tags: Record<string, string>;
}

export function channelRow(i: number): ChannelRow {
  const arn = channelArn(i);
  return {
    arn,
    name: `channel-${i}`,
    latencyMode: 'LOW',
    type: 'STANDARD',
    ingestEndpoint: `${i}.global-contribute.live-video.net`,
    playbackUrl: `https://${i}.us-east-1.playback.live-video.net/api/video/v1/us-east-1.123456789012.channel.bench${i}.m3u8`,
    authorized: false,
    recordingConfigurationArn: '',
    tags: { team: 'live', env: 'prod' },
  };
}

/**
 * An in-memory IvsClient for the CPU and memory scenarios: answers channel reads at once,
 * each time with fresh objects (as the SDK's deserializer would), so structural sharing
 * has real work to do. No HTTP: what is measured is the library, not the network.
 */
export function fakeIvs(count: number) {
  const table = new Map(Array.from({ length: count }, (_, i) => [channelArn(i), channelRow(i)]));
  let calls = 0;
  /** Who waits for the call count to reach a number (see `reached`). */
  const waiting: Array<{ n: number; resolve: () => void }> = [];
  const copy = (arn: string) => {
    const row = table.get(arn);
    return row ? { ...row, tags: { ...row.tags } } : undefined;
  };
  const client = {
    config: { maxAttempts: async () => 1 },
    async send(command: { input: { arns?: string[]; arn?: string } }) {
      calls++;
      for (const w of waiting.filter((x) => x.n === calls)) {
        waiting.splice(waiting.indexOf(w), 1);
        // Once this call's answer has been handled (its microtasks run before the timer).
        setTimeout(w.resolve, 0);
      }
      if (command.input.arn !== undefined) return { channel: copy(command.input.arn) };
      const arns = command.input.arns ?? [];
      return { channels: arns.map(copy).filter(Boolean), errors: [] };
    },
    destroy() {},
  };
  /**
   * Resolves once `n` calls have been made and the last one handled: a way to wait for poll
   * cycles without a polling loop, whose own timers cost about 2 ms of CPU per 40 ms.
   */
  const reached = (n: number) =>
    n <= calls ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ n, resolve }));
  return { client: client as unknown as IvsClient, table, copy, calls: () => calls, reached };
}
