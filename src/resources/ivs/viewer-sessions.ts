import {
  BatchStartViewerSessionRevocationCommand,
  StartViewerSessionRevocationCommand,
  type IvsClient,
  type StartViewerSessionRevocationCommandInput,
} from '@aws-sdk/client-ivs';
import { Batcher } from '../../core/batcher.js';
import { IvsStoreError } from '../../core/errors.js';
import type { StoreContext } from '../../query/context.js';
import { compositeId, idParts } from '../../query/composite-id.js';
import { batchGet, readEach } from '../../query/reads.js';
import { classify } from '../errors.js';
import { arnOf } from '../validate.js';
import { inputProblem, type Checks } from '../../core/checks.js';
import { int, mandatory, str } from '../validate-input.js';

/** One viewer's sessions to revoke, as `viewerSessions.revoke` takes them. */
export interface ViewerSessionRevocation {
  /** The channel the viewer watches. */
  channelArn: string;
  /** The viewer id the playback token was issued for. */
  viewerId: string;
  /** Revoke sessions up to this version; all of them when omitted (0). */
  viewerSessionVersionsLessThanOrEqualTo?: number;
}

/** `store.viewerSessions`: revocation of viewer sessions, coalesced into batches. */
export interface ViewerSessionsApi {
  /**
   * Revokes a viewer's sessions.
   *
   * Revocations asked for in the same tick go out together
   * in BatchStartViewerSessionRevocation (≤ 20 a call; a lone one as
   * StartViewerSessionRevocation), and each rejects only with its own error.
   * @example await store.viewerSessions.revoke({ channelArn, viewerId: 'user-42' })
   */
  revoke(revocation: ViewerSessionRevocation): Promise<void>;
}

const REVOCATION = {
  channelArn: arnOf('channel'),
  viewerId: mandatory(str(1, 40)),
  viewerSessionVersionsLessThanOrEqualTo: int(0, 2147483647),
} satisfies Checks<StartViewerSessionRevocationCommandInput> & Checks<ViewerSessionRevocation>;

const keyOf = (r: ViewerSessionRevocation) =>
  compositeId(r.channelArn, r.viewerId, String(r.viewerSessionVersionsLessThanOrEqualTo ?? 0));
const revocationOf = (key: string) => {
  const [channelArn, viewerId, version] = idParts(key) as [string, string, string];
  return { channelArn, viewerId, viewerSessionVersionsLessThanOrEqualTo: Number(version) };
};

export function createViewerSessionsApi(ctx: StoreContext, client: IvsClient): ViewerSessionsApi {
  /**
   * A lone revocation is StartViewerSessionRevocation; more go out as one batch (≤ 20). The
   * answer of a revocation is its own key; the service names a failure by channel and
   * viewer, so each failure goes back to the revocations of that pair.
   */
  const revoke = batchGet<string>({
    one: readEach(
      'StartViewerSessionRevocation',
      async (key, signal) => {
        await client.send(new StartViewerSessionRevocationCommand(revocationOf(key)), { abortSignal: signal });
        return key;
      },
      { resourceOf: (key) => revocationOf(key).channelArn },
    ),
    many: {
      operation: 'BatchStartViewerSessionRevocation',
      async send(keys, signal) {
        const out = await client.send(
          new BatchStartViewerSessionRevocationCommand({ viewerSessions: keys.map(revocationOf) }),
          { abortSignal: signal },
        );
        const errors = keys.flatMap((key) => {
          const r = revocationOf(key);
          const e = out.errors?.find((x) => x.channelArn === r.channelArn && x.viewerId === r.viewerId);
          return e ? [{ id: key, code: e.code, message: e.message }] : [];
        });
        return { items: keys.filter((key) => !errors.some((e) => e.id === key)), errors };
      },
    },
    idOf: (key) => key,
    classify,
  });
  const batcher = new Batcher<string, string>({
    maxBatchSize: 20,
    windowMs: ctx.batchWindow,
    missing: () =>
      new IvsStoreError({
        kind: 'unknown',
        operation: 'BatchStartViewerSessionRevocation',
        message: 'The service did not answer for this revocation',
      }),
    onBatch: ({ requested, sent }) => ctx.metrics.batch(requested, sent),
    fetch: (keys, signal) =>
      revoke(keys, (operation, send, options) =>
        ctx.pipeline.send({
          operation,
          group: operation,
          priority: 'user',
          resourceId: options?.resourceId,
          retries: ctx.retriesFor('ivs'),
          signal,
          send,
        }),
      ),
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
