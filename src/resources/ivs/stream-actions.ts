/**
 * Stream actions: stop, timed metadata, ad breaks. Loaded with the first one (a dashboard
 * that only watches streams never downloads them). Inputs are still checked before any call.
 */
import { InsertAdBreakCommand, PutMetadataCommand, StopStreamCommand, type IvsClient } from '@aws-sdk/client-ivs';
import { invalidInput } from '../../core/errors.js';
import type { StoreContext } from '../../query/context.js';
import type { EntityQuery } from '../../query/entity-query.js';
import { send } from '../../query/send.js';
import { arnProblem, mandatory, positive } from '../validate.js';

/** The actions of `store.streams` (declared here, where they are made; `StreamsApi` extends it). */
export interface StreamActions {
  /**
   * Stops a live stream (StopStream), then re-reads it.
   * @example await store.streams.stop(channelArn)
   */
  stop(channelArn: string): Promise<void>;
  /**
   * Timed metadata (≤ 1 KB), queued to stay within 5 calls per second per channel.
   * @example await store.streams.putMetadata(channelArn, JSON.stringify({ question: 3 }))
   */
  putMetadata(channelArn: string, metadata: string): Promise<void>;
  /**
   * An ad break on a live channel that has an ad configuration; resolves with its id.
   * @example const adBreakId = await store.streams.insertAdBreak(channelArn, 30)
   */
  insertAdBreak(channelArn: string, durationSeconds: number): Promise<string | undefined>;
}

const durationProblem = mandatory(positive);

export function createStreamActions(
  ctx: StoreContext,
  client: IvsClient,
  entities: Pick<EntityQuery<unknown>, 'load'>,
): StreamActions {
  const act = <O>(operation: string, arn: string, call: (signal: AbortSignal) => Promise<O>, group?: string) =>
    send(ctx, 'ivs', operation, arn, call, group);
  return {
    async stop(channelArn) {
      const problem = arnProblem('StopStream', 'channelArn', channelArn, 'channel');
      if (problem) throw problem;
      await act('StopStream', channelArn, (signal) =>
        client.send(new StopStreamCommand({ channelArn }), { abortSignal: signal }),
      );
      await entities.load([channelArn], 'user');
    },

    async putMetadata(channelArn, metadata) {
      const problem = arnProblem('PutMetadata', 'channelArn', channelArn, 'channel');
      if (problem) throw problem;
      if (typeof metadata !== 'string' || metadata.length === 0)
        throw invalidInput('PutMetadata', 'metadata', 'must be a non-empty string');
      const bytes = new TextEncoder().encode(metadata).length;
      if (bytes > 1024)
        throw invalidInput('PutMetadata', 'metadata', `must be at most 1 KB (1024 bytes), got ${bytes} bytes`);
      // 5 calls per second per channel: a quota group of its own for each channel (5 TPS, as unlisted groups get).
      await act(
        'PutMetadata',
        channelArn,
        (signal) => client.send(new PutMetadataCommand({ channelArn, metadata }), { abortSignal: signal }),
        `PutMetadata:${channelArn}`,
      );
    },

    async insertAdBreak(channelArn, durationSeconds) {
      const problem =
        arnProblem('InsertAdBreak', 'channelArn', channelArn, 'channel') ??
        durationProblem('InsertAdBreak', 'durationSeconds', durationSeconds);
      if (problem) throw problem;
      const out = await act('InsertAdBreak', channelArn, (signal) =>
        client.send(new InsertAdBreakCommand({ channelArn, durationSeconds }), { abortSignal: signal }),
      );
      return out.adBreakId;
    },
  };
}
