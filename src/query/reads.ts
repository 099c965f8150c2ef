import { classifyError, IvsStoreError } from '../core/errors.js';
import type { Caller, ReadMany } from './entity-query.js';
import type { Page } from './list-query.js';

/**
 * The shapes of read that services offer, written once: one get per id, a batch get (whose
 * batch of one is a plain get), and a paged sweep of everything when it costs fewer calls
 * than one get per id. Each maps answers back by id and keeps every id's error its own.
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
          const item = await call(options.group ?? operation, (signal) => send(id, signal), { resourceId });
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
}): ReadMany<T> {
  return async (ids, call) => {
    if (ids.length === 1) return spec.one(ids, call);
    const { operation } = spec.many;
    const out = await call(operation, (signal) => spec.many.send(ids, signal));
    const results = new Map<string, T | Error>();
    for (const item of out.items) {
      const id = spec.idOf(item);
      if (id !== undefined) results.set(id, item);
    }
    for (const e of out.errors) if (e.id) results.set(e.id, itemError(operation, e));
    return results;
  };
}

/** A batch item's failure as the store's error, classified by its code like a whole call's. */
export function itemError(operation: string, e: ItemError): IvsStoreError {
  const raw = Object.assign(new Error(e.message ?? e.code ?? 'failed'), { name: e.code ?? 'UnknownError', exceptionMessage: e.message });
  return classifyError(raw, operation, e.id);
}

/**
 * The cheaper of one get per id and a sweep of every page of a list (which answers for
 * every id at once): the sweep costs one call per page of what the last sweep saw.
 */
export function sweepOrGet<T, S>(spec: {
  get: ReadMany<T>;
  sweep: {
    operation: string;
    pageSize: number;
    page(nextToken: string | undefined, signal: AbortSignal): Promise<Page<S>>;
    idOf(item: S): string | undefined;
    /** The entity a swept item says, or what an id the sweep did not see is (absent). */
    found(item: S): T;
    absent(id: string): T | Error;
  };
}): ReadMany<T> {
  const { sweep } = spec;
  /** Items the last sweep saw: what the next one costs. */
  let lastSeen = 0;
  return async (ids, call: Caller) => {
    if (ids.length <= Math.max(1, Math.ceil(lastSeen / sweep.pageSize))) return spec.get(ids, call);
    const seen = new Map<string, S>();
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const page = await call(sweep.operation, (signal) => sweep.page(token, signal), { dedupeKey: `${sweep.operation}:sweep:${token ?? ''}` });
      for (const item of page.items) {
        const id = sweep.idOf(item);
        if (id !== undefined) seen.set(id, item);
      }
      nextToken = page.nextToken || undefined;
    } while (nextToken);
    lastSeen = seen.size;
    const out = new Map<string, T | Error>();
    for (const id of ids) {
      const item = seen.get(id);
      out.set(id, item === undefined ? sweep.absent(id) : sweep.found(item));
    }
    return out;
  };
}

/**
 * The id of something named by several parts (a stage session: stage ARN and session id),
 * and its parts again. JSON, so a part may hold any character (a viewer id is free text).
 */
export const compositeId = (...parts: string[]): string => JSON.stringify(parts);
export const idParts = (id: string): string[] => JSON.parse(id) as string[];
