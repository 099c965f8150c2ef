import type { OperationSpec } from '../operations/types.js';
import type { World } from '../world/world.js';

/** What a handler gets besides its (already validated) input. */
export interface HandlerContext {
  world: World;
  spec: OperationSpec;
  /**
   * Fault injection ("partial batch errors"): a batch handler asks this once per key,
   * and reports the key in `errors[]` when it answers true.
   */
  failBatchKey(): boolean;
}

/**
 * One operation's semantics. Input is the JSON body merged with path and query
 * members (`resourceArn`, `tagKeys`), already checked against the spec table.
 * Returns the JSON output (Dates are fine: they are sent as ISO-8601 strings),
 * or undefined for an empty body. Throws `SimError` for service errors.
 */
export type Handler = (input: Record<string, unknown>, ctx: HandlerContext) => unknown;

export type HandlerTable = Record<string, Handler>;
