import { BatchStartViewerSessionRevocationCommand, StartViewerSessionRevocationCommand, type IvsClient } from '@aws-sdk/client-ivs';
import { Batcher } from '../../core/batcher.js';
import { classifyError, invalidInput, IvsStoreError } from '../../core/errors.js';
import type { StoreContext } from '../../store/context.js';
import { arnProblem } from '../validate.js';

export interface ViewerSessionRevocation {
  channelArn: string;
  viewerId: string;
  /** Revoke sessions up to this version; all of them when omitted (0). */
  viewerSessionVersionsLessThanOrEqualTo?: number;
}

export interface ViewerSessionsApi {
  /**
   * Revokes a viewer's sessions. Revocations asked for in the same tick go out together
   * in BatchStartViewerSessionRevocation (≤ 20 a call; a lone one as
   * StartViewerSessionRevocation), and each rejects only with its own error.
   */
  revoke(revocation: ViewerSessionRevocation): Promise<void>;
}

const keyOf = (r: ViewerSessionRevocation) => JSON.stringify([r.channelArn, r.viewerId, r.viewerSessionVersionsLessThanOrEqualTo ?? 0]);

export function createViewerSessionsApi(ctx: StoreContext, client: IvsClient): ViewerSessionsApi {
  const call = <O>(operation: string, send: (signal: AbortSignal) => Promise<O>, signal: AbortSignal) =>
    ctx.pipeline.send({ operation, group: operation, priority: 'user', retries: ctx.retriesFor('ivs'), signal, send });
  const batcher = new Batcher<string, true>({
    maxBatchSize: 20,
    windowMs: ctx.batchWindowMs,
    missing: (key) => new IvsStoreError({ kind: 'unknown', operation: 'BatchStartViewerSessionRevocation', message: `No answer for ${key}` }),
    onBatch: ({ requested, sent }) => ctx.metrics.batch(requested, sent),
    async fetch(keys, signal) {
      const items = keys.map((k) => JSON.parse(k) as [string, string, number]);
      const results = new Map<string, true | Error>();
      if (items.length === 1) {
        const [channelArn, viewerId, version] = items[0] as [string, string, number];
        try {
          await call('StartViewerSessionRevocation', (s) => client.send(new StartViewerSessionRevocationCommand({ channelArn, viewerId, viewerSessionVersionsLessThanOrEqualTo: version }), { abortSignal: s }), signal);
          results.set(keys[0] as string, true);
        } catch (err) {
          results.set(keys[0] as string, classifyError(err, 'StartViewerSessionRevocation', channelArn));
        }
        return results;
      }
      const out = await call(
        'BatchStartViewerSessionRevocation',
        (s) => client.send(new BatchStartViewerSessionRevocationCommand({ viewerSessions: items.map(([channelArn, viewerId, v]) => ({ channelArn, viewerId, viewerSessionVersionsLessThanOrEqualTo: v })) }), { abortSignal: s }),
        signal,
      );
      for (const k of keys) results.set(k, true);
      for (const e of out.errors ?? []) {
        const match = keys.find((k) => {
          const [c, v] = JSON.parse(k) as [string, string];
          return c === e.channelArn && v === e.viewerId;
        });
        if (match) results.set(match, classifyError(Object.assign(new Error(e.message ?? 'failed'), { name: e.code ?? 'UnknownError', exceptionMessage: e.message }), 'BatchStartViewerSessionRevocation', e.channelArn));
      }
      return results;
    },
  });
  ctx.onDispose(() => batcher.dispose());
  return {
    async revoke(r) {
      const problem =
        arnProblem('StartViewerSessionRevocation', 'channelArn', r?.channelArn, 'channel') ??
        (typeof r.viewerId !== 'string' || r.viewerId.length < 1 || r.viewerId.length > 40 ? invalidInput('StartViewerSessionRevocation', 'viewerId', 'must be 1–40 characters') : undefined) ??
        (r.viewerSessionVersionsLessThanOrEqualTo !== undefined && !(Number.isInteger(r.viewerSessionVersionsLessThanOrEqualTo) && r.viewerSessionVersionsLessThanOrEqualTo >= 0)
          ? invalidInput('StartViewerSessionRevocation', 'viewerSessionVersionsLessThanOrEqualTo', 'must be a non-negative integer')
          : undefined);
      if (problem) throw problem;
      await batcher.load(keyOf(r));
    },
  };
}
