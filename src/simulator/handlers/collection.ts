import { conflict, notFound } from '../operations/errors.js';
import { paginate } from '../world/paginate.js';
import type { StoredResource } from '../world/stored.js';
import type { World } from '../world/world.js';
import type { HandlerContext, HandlerTable } from './types.js';

/**
 * One general mechanism for the many "configuration" resources of both services
 * (recording configurations, playback key pairs, encoder configurations, ...): each
 * has Create / Get / Delete / List (and sometimes Update) that differ only in names,
 * the fields they store and what blocks a delete. A definition says those; this
 * builds the handlers, with tags (every such resource is taggable), not-found errors
 * and stable pagination included.
 */
export interface CollectionDefinition<R extends StoredResource> {
  /** Human name for messages, e.g. "Recording configuration". */
  label: string;
  arnType: string;
  /** Output member of Get/Create/Update (`recordingConfiguration`) and of List (`recordingConfigurations`). */
  singular: string;
  plural: string;
  ops: { create?: string; get?: string; update?: string; delete?: string; list?: string };
  store: (world: World) => Map<string, R>;
  /** Builds the record from validated input (ARN and seq already chosen). */
  create?: (input: Record<string, unknown>, base: StoredResource, ctx: HandlerContext) => R;
  /** Applies an update to a copy of the record. */
  update?: (record: R, input: Record<string, unknown>, ctx: HandlerContext) => R;
  /** Full view (Get/Create/Update output). Tags are added by the collection. */
  view: (record: R, world: World) => Record<string, unknown>;
  /** List item; defaults to the full view. */
  summary?: (record: R, world: World) => Record<string, unknown>;
  /** A reason the resource cannot be deleted now (→ ConflictException), if any. */
  blocksDelete?: (record: R, world: World, input: Record<string, unknown>) => string | undefined;
}

export function collectionHandlers<R extends StoredResource>(def: CollectionDefinition<R>): HandlerTable {
  const withTags = (world: World, record: R, body: Record<string, unknown>) => ({
    ...body,
    tags: { ...world.tags.get(record.arn) },
  });
  const full = (world: World, record: R) => withTags(world, record, def.view(record, world));
  const find = (world: World, arn: unknown): R => {
    const record = def.store(world).get(arn as string);
    if (!record) throw notFound(def.label, String(arn));
    return record;
  };
  const handlers: HandlerTable = {};
  const { ops } = def;

  if (ops.create && def.create) {
    const create = def.create;
    handlers[ops.create] = (input, ctx) => {
      const base = { arn: ctx.world.arn(def.arnType), seq: ctx.world.nextSeq() };
      const record = create(input, base, ctx);
      def.store(ctx.world).set(record.arn, record);
      ctx.world.registerTags(record.arn, input.tags as Record<string, string> | undefined);
      return { [def.singular]: full(ctx.world, record) };
    };
  }
  if (ops.get) handlers[ops.get] = (input, { world }) => ({ [def.singular]: full(world, find(world, input.arn)) });
  if (ops.update && def.update) {
    const update = def.update;
    handlers[ops.update] = (input, ctx) => {
      const next = update(find(ctx.world, input.arn), input, ctx);
      def.store(ctx.world).set(next.arn, next);
      return { [def.singular]: full(ctx.world, next) };
    };
  }
  if (ops.delete) {
    handlers[ops.delete] = (input, { world }) => {
      const record = find(world, input.arn);
      const reason = def.blocksDelete?.(record, world, input);
      if (reason) throw conflict(`${def.label} ${record.arn} cannot be deleted: ${reason}`);
      def.store(world).delete(record.arn);
      world.forgetTags(record.arn);
      return {};
    };
  }
  if (ops.list) {
    const listOp = ops.list;
    handlers[listOp] = (input, { world }) => {
      const { page, nextToken } = paginate(def.store(world).values(), {
        nextToken: input.nextToken,
        maxResults: input.maxResults,
        scope: listOp,
      });
      const summary = def.summary ?? def.view;
      return { [def.plural]: page.map((r) => withTags(world, r, summary(r, world))), nextToken };
    };
  }
  return handlers;
}

/** Throws not-found unless `arn` names a stored resource; "" means "none" and passes. */
export function requireExisting(map: Map<string, unknown>, arn: unknown, label: string): void {
  if (typeof arn === 'string' && arn !== '' && !map.has(arn)) throw notFound(label, arn);
}

/**
 * The batch-get semantics IVS uses: duplicates collapse, found items come back in
 * `items`, and every ARN that cannot be served gets its own entry in `errors`, keyed by
 * ARN (missing ones as ResourceNotFoundException; with fault injection, a share of them
 * as InternalServerException).
 */
export function batchGet<R>(
  arns: string[],
  lookup: (arn: string) => R | undefined,
  view: (record: R) => unknown,
  label: string,
  failKey: () => boolean,
): { items: unknown[]; errors: Array<{ arn: string; code: string; message: string }> } {
  const items: unknown[] = [];
  const errors: Array<{ arn: string; code: string; message: string }> = [];
  for (const arn of new Set(arns)) {
    const record = lookup(arn);
    if (failKey()) {
      errors.push({ arn, code: 'InternalServerException', message: 'Injected fault: this key could not be read' });
    } else if (record !== undefined) {
      items.push(view(record));
    } else {
      errors.push({ arn, code: 'ResourceNotFoundException', message: `${label} not found: ${arn}` });
    }
  }
  return { items, errors };
}

/** An optional string member, or the fallback when it was not sent. */
export function stringOr(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}
