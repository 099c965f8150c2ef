import type { Observable } from 'rxjs';
import type { Entry } from '../core/cache.js';
import { IvsStoreError, required } from '../core/errors.js';
import type { StoreContext } from './context.js';
import { EntityResource, type QueryOptions } from './entity-resource.js';
import { assign, mutate, type OptimisticChange } from './mutate.js';
import { arnProblem } from '../resources/validate.js';

/**
 * The common shape of the many IVS "configuration" resources that have no batch read:
 * Get per ARN, List of summaries, and mutations. A spec says the calls; this gives
 * cached, polled reads and the cache effects of mutations, so each resource file only
 * states its API.
 */
export interface SimpleResourceSpec<T, S, F = undefined> {
  collection: string;
  service: 'ivs' | 'realtime';
  arnType: string;
  /** The local check of an ARN; default: an ARN of `arnType`. */
  checkId?: (arn: string) => IvsStoreError | undefined;
  get: { operation: string; send(arn: string, signal: AbortSignal): Promise<T | undefined> };
  list: {
    operation: string;
    send(nextToken: string | undefined, signal: AbortSignal, filter: F | undefined): Promise<{ items: S[]; nextToken: string | undefined }>;
    idOf(item: S): string;
    checkFilter?: (filter: F | undefined) => IvsStoreError | undefined;
    /** Keep list items per query instead of merging them into the entities. */
    separate?: boolean;
  };
  /** Quota group prefix when operation names are shared across services (tags). */
  groupPrefix?: string;
}

export interface SimpleResource<T, S, F = undefined> {
  get$(arn: string, options?: QueryOptions): Observable<Entry<T>>;
  list$(filter?: F, options?: QueryOptions): Observable<Entry<S[]>>;
  refresh(): Promise<void>;
  /**
   * Runs a mutation call (user priority, local ARN check when `arn` is given); `changes`
   * are shown at once by the store's one optimistic rule (see store/mutate.ts).
   */
  run<O>(operation: string, arn: string | undefined, send: (signal: AbortSignal) => Promise<O>, changes?: readonly OptimisticChange[]): Promise<O>;
  /**
   * An update by the store's one optimistic rule (see store/mutate.ts): `fields` show
   * on the cached resource at once, the answer replaces them, a failure takes them off.
   * Resolves with the resource as the call returned it.
   */
  update<O>(operation: string, arn: string | undefined, fields: object, send: (signal: AbortSignal) => Promise<O>, answer: (out: O) => T | undefined): Promise<T>;
  /** A mutation returned the resource: cache it and refresh watched lists. */
  stored(item: T | undefined, arn: string | undefined): void;
  /** A mutation deleted it. */
  deleted(arn: string): void;
}

export function simpleResource<T, S, F = undefined>(ctx: StoreContext, spec: SimpleResourceSpec<T, S, F>): SimpleResource<T, S, F> {
  const group = (operation: string) => `${spec.groupPrefix ?? ''}${operation}`;
  const resource = new EntityResource<T, F, S>(
    ctx,
    {
      collection: spec.collection,
      service: spec.service,
      checkId: spec.checkId ?? ((arn) => arnProblem(spec.get.operation, 'arn', arn, spec.arnType)),
      readMany: {
        operation: spec.get.operation,
        max: 1_000,
        async read(arns, call) {
          const out = new Map<string, T | Error>();
          await Promise.all(
            arns.map(async (arn) => {
              try {
                const item = await call(group(spec.get.operation), (signal) => spec.get.send(arn, signal), { resourceId: arn });
                if (item !== undefined) out.set(arn, item);
              } catch (err) {
                out.set(arn, err instanceof Error ? err : new Error(String(err)));
              }
            }),
          );
          return out;
        },
      },
    },
    {
      operation: group(spec.list.operation),
      checkFilter: spec.list.checkFilter ?? (() => undefined),
      page: (f, nextToken, signal) => spec.list.send(nextToken, signal, f),
      idOf: spec.list.idOf,
      mergeIntoEntities: !spec.list.separate,
    },
  );
  return {
    get$: (arn, options) => resource.get$(arn, options),
    list$: (filter, options) => resource.list$(filter, options),
    refresh: () => resource.refresh(),
    async run(operation, arn, send, changes) {
      if (arn !== undefined) {
        const problem = arnProblem(operation, 'arn', arn, spec.arnType);
        if (problem) throw problem;
      }
      if (changes) return (await mutate(ctx, resource, { operation, id: arn, group: group(operation), changes, send })).out;
      return resource.send(operation, arn, send, group(operation));
    },
    async update(operation, arn, fields, send, answer) {
      const problem = arnProblem(operation, 'arn', arn, spec.arnType);
      if (problem) throw problem;
      const { data } = await mutate(ctx, resource, { operation, id: arn as string, group: group(operation), changes: [{ id: arn as string, change: assign(fields) }], send, answer });
      return required(data, operation, spec.arnType);
    },
    stored: (item, arn) => resource.stored(arn, item),
    deleted: (arn) => resource.deleted(arn),
  };
}

