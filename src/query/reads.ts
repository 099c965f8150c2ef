import { classifyError } from '../core/errors.js';
import type { ReadMany } from './read-many.js';

/**
 * The shapes of read that services offer, written once: one get per id, and a batch get
 * (whose batch of one is a plain get); the sweep is in sweep.ts. Each maps answers back by
 * id and keeps every id's error its own.
 */

/** One get per id, for kinds without a batch read. `undefined` from `send` means not found. */
export function readEach<T>(
  operation: string,
  send: (id: string, signal: AbortSignal) => Promise<T | undefined>,
  options: {
    /** The resource each call is about, for metrics and errors (default: the id). */
    resourceOf?: (id: string) => string;
    /** An error that is an answer (e.g. "not broadcasting": the stream is offline). */
    recover?: (error: unknown, id: string) => T | undefined;
    /** Quota group of the calls, when not the operation's own. */
    group?: string;
  } = {},
): ReadMany<T> {
  return async (ids, call) => {
    const out = new Map<string, T | Error>();
    await Promise.all(
      ids.map(async (id) => {
        const resourceId = options.resourceOf?.(id) ?? id;
        try {
          const item = await call(operation, (signal) => send(id, signal), { resourceId, group: options.group });
          if (item !== undefined) out.set(id, item);
        } catch (err) {
          const recovered = options.recover?.(err, id);
          out.set(id, recovered !== undefined ? recovered : classifyError(err, operation, resourceId));
        }
      }),
    );
    return out;
  };
}

/** An item's own failure in a batch answer, as services report them. */
export interface ItemError {
  id: string | undefined;
  code: string | undefined;
  message: string | undefined;
}

/** A batch get: up to its limit of ids in one call, a batch of one as the plain get (same cost, simpler call). */
export function batchGet<T>(spec: {
  one: ReadMany<T>;
  many: { operation: string; send(ids: string[], signal: AbortSignal): Promise<{ items: T[]; errors: ItemError[] }> };
  idOf(item: T): string | undefined;
  /** The service's classification (its own error names): an item's failure is classified by its code like a whole call's. */
  classify(err: unknown, operation: string, id: string): Error;
}): ReadMany<T> {
  return async (ids, call, read) => {
    if (ids.length === 1) return spec.one(ids, call, read);
    const { operation } = spec.many;
    const out = await call(operation, (signal) => spec.many.send(ids, signal));
    const results = new Map<string, T | Error>();
    for (const item of out.items) {
      const id = spec.idOf(item);
      if (id !== undefined) results.set(id, item);
    }
    for (const e of out.errors) {
      const raw = Object.assign(new Error(e.message ?? e.code ?? 'failed'), {
        name: e.code ?? 'UnknownError',
        exceptionMessage: e.message,
      });
      if (e.id) results.set(e.id, spec.classify(raw, operation, e.id));
    }
    return results;
  };
}
