import { BatchStartViewerSessionRevocationCommand, StartViewerSessionRevocationCommand, type IvsClient, type StartViewerSessionRevocationCommandInput } from '@aws-sdk/client-ivs';
import { Batcher } from '../../core/batcher.js';
import { classifyError, IvsStoreError } from '../../core/errors.js';
import type { StoreContext } from '../../store/context.js';
import { arnOf, inputProblem, type Checks } from '../validate.js';
import { int, mandatory, str } from '../validate-input.js';

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

const REVOCATION = {
  channelArn: arnOf('channel'),
  viewerId: mandatory(str(1, 40)),
  viewerSessionVersionsLessThanOrEqualTo: int(0, 2147483647),
} satisfies Checks<StartViewerSessionRevocationCommandInput> & Checks<ViewerSessionRevocation>;

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
      const problem = inputProblem('StartViewerSessionRevocation', r, REVOCATION);
      if (problem) throw problem;
      await batcher.load(keyOf(r));
    },
  };
}
