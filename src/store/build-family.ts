import type { StoreContext } from '../query/context.js';
import type { FamilyApis, Family, NamesOf } from './registry.js';
import type { IvsStore } from './ivs-store.js';

/**
 * How a family module builds its resources: one constructor per name, each given the store's
 * context, the family's client and the resources built before it (a resource may use another,
 * as participants follow their stage's active session).
 */
export type FamilyTable<F extends Family, Client> = {
  [K in NamesOf<F>]: (ctx: StoreContext, client: Client, built: Partial<FamilyApis<F>>) => IvsStore[K];
};

/** Builds a family from its table, in the table's order. */
export function buildFamily<F extends Family, Client>(
  table: FamilyTable<F, Client>,
  ctx: StoreContext,
  client: Client,
): FamilyApis<F> {
  const built: Partial<FamilyApis<F>> = {};
  for (const name of Object.keys(table) as Array<NamesOf<F>>) {
    (built as Record<string, unknown>)[name] = table[name](ctx, client, built);
  }
  return built as FamilyApis<F>;
}
