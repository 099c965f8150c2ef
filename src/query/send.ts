import type { StoreContext } from './context.js';

/**
 * A call someone waits for (a mutation, an action): user priority, counted against `group`
 * (default: the operation's own quota), retried as the service's client allows. On its own,
 * apart from `Writes`, so a resource with actions but no optimistic writes (streams) does not
 * load the optimistic machinery.
 */
export function send<O>(
  ctx: StoreContext,
  service: string,
  operation: string,
  resourceId: string | undefined,
  call: (signal: AbortSignal) => Promise<O>,
  group = operation,
): Promise<O> {
  return ctx.pipeline.send({
    operation,
    group,
    priority: 'user',
    resourceId,
    retries: ctx.retriesFor(service),
    send: call,
  });
}
