import { freeze } from 'immer';
import type { IvsStoreError } from './errors.js';
import { FREEZE, isObject, type EntryStatus, type Layer, type Slot } from './entry.js';
import { replaceEqualDeep } from './structural-sharing.js';

/** The writes of one transaction. Every write names the request sequence it answers. */
export class CacheWriter {
  /** Working copies of the slots this transaction wrote (undefined: removed), by collection. */
  readonly changes = new Map<string, Map<string, Slot | undefined>>();

  constructor(
    private readonly committed: (collection: string, id: string) => Slot | undefined,
    private readonly now: number,
  ) {}

  private changesOf(collection: string): Map<string, Slot | undefined> {
    let c = this.changes.get(collection);
    if (!c) this.changes.set(collection, (c = new Map()));
    return c;
  }

  private slot(collection: string, id: string): Slot {
    const c = this.changesOf(collection);
    let s = c.get(id);
    if (!s) {
      const current = this.committed(collection, id);
      s = current
        ? { ...current }
        : {
            status: 'loading',
            data: undefined,
            error: undefined,
            updatedAt: undefined,
            fetching: false,
            seq: 0,
            inFlight: 0,
            checkedAt: undefined,
          };
      c.set(id, s);
    }
    return s;
  }

  /** Whether the last `answer()` changed the entry's status or error (a field: no tuple per write). */
  private statusChanged = false;

  /** The entry to write an answer of request `seq` into, unless a newer answer is there. */
  private answer(
    collection: string,
    id: string,
    seq: number,
    status: EntryStatus,
    error?: IvsStoreError,
  ): Slot | undefined {
    const s = this.slot(collection, id);
    if (seq < s.seq) return;
    this.statusChanged = s.status !== status || s.error !== error;
    s.status = status;
    s.error = error;
    s.seq = seq;
    return s;
  }

  /** Stores good data (merged over what is there when `merge`, e.g. a list summary). */
  succeed(collection: string, id: string, seq: number, data: unknown, merge = false): void {
    const s = this.answer(collection, id, seq, 'success');
    if (!s) return;
    const current = (s.held ? s.held.base : s.data) as Record<string, unknown> | undefined;
    const incoming = merge && isObject(current) && isObject(data) ? { ...current, ...data } : data;
    s.checkedAt = this.now;
    // Equal sub-trees keep the very objects subscribers already hold.
    this.show(s, replaceEqualDeep(current, incoming), seq, this.statusChanged);
  }

  /** A failed request: keeps the last good data. */
  fail(collection: string, id: string, seq: number, error: IvsStoreError): void {
    this.answer(collection, id, seq, 'error', error);
  }

  /** The resource does not exist (any more): not an error, and no data. */
  notFound(collection: string, id: string, seq: number): void {
    const s = this.answer(collection, id, seq, 'not-found');
    if (s) this.show(s, undefined, seq, this.statusChanged);
  }

  /** Replaces the changes held over the entry (`edit` gets the current ones) and shows the result. */
  hold(collection: string, id: string, edit: (layers: readonly Layer[]) => readonly Layer[]): void {
    const s = this.slot(collection, id);
    const base = s.held ? s.held.base : s.data;
    s.held = { base, layers: edit(s.held?.layers ?? []) };
    this.show(s, base, undefined, false);
  }

  /**
   * Sets what reads say (`base`) and what subscribers see: `base` with the changes still
   * held on top. `seq` is the read that brought `base`: confirmed changes it saw come off.
   */
  private show(s: Slot, base: unknown, seq: number | undefined, statusChanged: boolean): void {
    let next = base;
    if (s.held) {
      const layers =
        seq === undefined
          ? s.held.layers
          : s.held.layers.filter((l) => l.confirmedAt === undefined || seq < l.confirmedAt);
      s.held = layers.length > 0 ? { base, layers } : undefined;
      // A resource that is gone has no data, whatever was meant for it.
      if (s.status !== 'not-found') for (const l of layers) next = l.change(next);
      // `base` was shared with the reads' data, not with what is shown: share again.
      next = replaceEqualDeep(s.data, next);
    }
    // Only a real change moves updatedAt: a confirming read leaves the public entry as it is.
    if (next !== s.data || statusChanged) s.updatedAt = this.now;
    s.data = next === s.data || !FREEZE ? next : freeze(next, true);
  }

  /** Requests for the entry started (+n) or ended (-n). */
  fetching(collection: string, id: string, delta: number): void {
    const s = this.slot(collection, id);
    s.inFlight = Math.max(0, s.inFlight + delta);
    s.fetching = s.inFlight > 0;
  }

  remove(collection: string, id: string): void {
    this.changesOf(collection).set(id, undefined);
  }
}

const SLOT_FIELDS = [
  'status',
  'data',
  'error',
  'updatedAt',
  'fetching',
  'seq',
  'inFlight',
  'checkedAt',
  'held',
] as const;

/** The slot to keep: the committed one when nothing in it changed, else the new one. */
export function commit(before: Slot | undefined, next: Slot): Slot {
  if (before && SLOT_FIELDS.every((f) => Object.is(before[f], next[f]))) return before;
  // Slots are internal and never edited after commit; the public Entry made from one is frozen.
  return next;
}
