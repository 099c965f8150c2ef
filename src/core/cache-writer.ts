import type { IvsStoreError } from './errors.js';
import { deepFreeze, FREEZE, isObject, type EntryStatus, type Layer, type Slot } from './entry.js';
import type { Listener } from './listeners.js';
import { replaceEqualDeep } from './structural-sharing.js';

/** An entry's public fields, as another store sends them. @inline */
export interface MirroredEntry {
  status: EntryStatus;
  data: unknown;
  error: IvsStoreError | undefined;
  updatedAt: number | undefined;
  fetching: boolean;
}

/** Sequence numbers per ms: room for 1 024 requests a ms, and exact in a double until the year 2248. */
const PER_MS = 1024;

/**
 * The sequence of something that happened at `ms` (epoch time), after every request sent
 * before: news of an event is ordered against reads by its time.
 */
export const seqAt = (ms: number): number => Math.floor(ms) * PER_MS;
/** The time a sequence dates (seqAt's inverse, to the ms); undefined for none. */
export const sentAtSeq = (seq: number | undefined): number | undefined => (seq ? Math.floor(seq / PER_MS) : undefined);

/** What news did to an entry (see `CacheWriter.news`). */
export type NewsOutcome = 'applied' | 'stale' | 'unused';

/** Every slot of the cache, by collection then id (no composite key string per entry). */
export class SlotTable {
  private readonly byCollection = new Map<string, Map<string, Slot>>();

  get(collection: string, id: string): Slot | undefined {
    return this.byCollection.get(collection)?.get(id);
  }

  /** The slot, made (empty, loading) if there is none. */
  make(collection: string, id: string): Slot {
    let slots = this.byCollection.get(collection);
    if (!slots) this.byCollection.set(collection, (slots = new Map()));
    let s = slots.get(id);
    if (!s) {
      s = {
        status: 'loading',
        data: undefined,
        error: undefined,
        updatedAt: undefined,
        fetching: false,
        seq: 0,
        inFlight: 0,
        checkedAt: undefined,
        held: undefined,
        view: undefined,
        listeners: undefined,
        watchers: 0,
        tx: undefined,
      };
      slots.set(id, s);
    }
    return s;
  }

  delete(collection: string, id: string): boolean {
    const slots = this.byCollection.get(collection);
    if (!slots?.delete(id)) return false;
    if (slots.size === 0) this.byCollection.delete(collection);
    return true;
  }

  ids(collection: string): string[] {
    return [...(this.byCollection.get(collection)?.keys() ?? [])];
  }

  /** Every slot, as collection, id and slot. */
  *all(): Generator<[string, string, Slot]> {
    for (const [collection, slots] of this.byCollection) for (const [id, s] of slots) yield [collection, id, s];
  }

  /** The listeners kept on slots (for dispose). */
  listeners(): Array<Listener | Set<Listener>> {
    const out: Array<Listener | Set<Listener>> = [];
    for (const slots of this.byCollection.values())
      for (const s of slots.values()) if (s.listeners) out.push(s.listeners);
    return out;
  }
}

/**
 * The writes of one transaction. Every write names the request sequence it answers.
 *
 * Writes go straight into the slots (the cache tells listeners only once the transaction
 * is over, so nobody sees half of one): a read that confirms what is there moves only
 * bookkeeping and allocates nothing, where a copy of every slot it read made a quiet poll
 * of 1 000 channels cost 1 000 objects. A change to a public field drops the slot's view,
 * so the next `toEntry` makes a new Entry and identity still means "unchanged".
 */
export class CacheWriter {
  /** What this transaction changed, as collection, id, collection, id, … (each slot once). */
  readonly touched: string[] = [];
  /** The slots of `touched`, in the same order. */
  readonly slotsTouched: Slot[] = [];

  constructor(
    private readonly slots: SlotTable,
    private readonly now: number,
    /** This transaction's number, marked on the slots it touches. */
    private readonly id: number,
  ) {}

  /** Records that the slot changed (once per transaction). */
  private touch(collection: string, id: string, s: Slot): void {
    if (s.tx === this.id) return;
    s.tx = this.id;
    this.touched.push(collection, id);
    this.slotsTouched.push(s);
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
    const s = this.slots.make(collection, id);
    if (seq < s.seq) return;
    this.statusChanged = s.status !== status || s.error !== error;
    if (this.statusChanged) {
      s.status = status;
      s.error = error;
      s.view = undefined;
    }
    if (this.statusChanged || s.seq !== seq) this.touch(collection, id, s);
    s.seq = seq;
    return s;
  }

  /** Stores good data (merged over what is there when `merge`, e.g. a list summary). */
  succeed(collection: string, id: string, seq: number, data: unknown, merge = false): void {
    const s = this.answer(collection, id, seq, 'success');
    if (!s) return;
    const current = (s.held ? s.held.base : s.data) as Record<string, unknown> | undefined;
    const incoming = merge && isObject(current) && isObject(data) ? { ...current, ...data } : data;
    if (s.checkedAt !== this.now) this.touch(collection, id, s);
    s.checkedAt = this.now;
    // Equal sub-trees keep the very objects subscribers already hold.
    this.show(collection, id, s, replaceEqualDeep(current, incoming), seq, this.statusChanged);
  }

  /**
   * News of an entry from outside the reads (an event that happened at `seq`'s time):
   * `change` gets the data reads brought and gives the new data, or `undefined` for none.
   * Only entries that hold data or are watched hear news, and one that a read sent later
   * (or later news) answered is `stale`. News is not a read: `checkedAt` stays.
   */
  news(collection: string, id: string, seq: number, change: (data: unknown) => unknown): NewsOutcome {
    const s = this.slots.get(collection, id);
    if (!s || (s.status !== 'success' && s.watchers === 0)) return 'unused';
    if (seq < s.seq) return 'stale';
    const base = s.held ? s.held.base : s.data;
    const next = change(s.status === 'loading' || s.status === 'not-found' ? undefined : base);
    if (next === undefined) return 'stale';
    this.answer(collection, id, seq, 'success');
    // No layer comes off: only a read can show that a write it holds has landed.
    this.show(collection, id, s, replaceEqualDeep(base, next), undefined, this.statusChanged);
    return 'applied';
  }

  /** The entry no longer counts as fresh (invalidated): the next query to start reads it. Nothing shown changes. */
  stale(collection: string, id: string): void {
    const s = this.slots.get(collection, id);
    if (s) s.checkedAt = undefined;
  }

  /** A failed request: keeps the last good data. */
  fail(collection: string, id: string, seq: number, error: IvsStoreError): void {
    this.answer(collection, id, seq, 'error', error);
  }

  /** The resource does not exist (any more): not an error, and no data. */
  notFound(collection: string, id: string, seq: number): void {
    const s = this.answer(collection, id, seq, 'not-found');
    if (s) this.show(collection, id, s, undefined, seq, this.statusChanged);
  }

  /** Replaces the changes held over the entry (`edit` gets the current ones) and shows the result. */
  hold(collection: string, id: string, edit: (layers: readonly Layer[]) => readonly Layer[]): void {
    const s = this.slots.make(collection, id);
    const base = s.held ? s.held.base : s.data;
    s.held = { base, layers: edit(s.held?.layers ?? []) };
    this.touch(collection, id, s);
    this.show(collection, id, s, base, undefined, false);
  }

  /**
   * Sets what reads say (`base`) and what subscribers see: `base` with the changes still
   * held on top. `seq` is the read that brought `base`: confirmed changes it saw come off.
   */
  private show(
    collection: string,
    id: string,
    s: Slot,
    base: unknown,
    seq: number | undefined,
    statusChanged: boolean,
  ): void {
    let next = base;
    if (s.held) {
      const layers =
        seq === undefined
          ? s.held.layers
          : s.held.layers.filter((l) => l.confirmedAt === undefined || seq < l.confirmedAt);
      s.held = layers.length > 0 ? { base, layers } : undefined;
      this.touch(collection, id, s);
      // A resource that is gone has no data, whatever was meant for it.
      if (s.status !== 'not-found') for (const l of layers) next = l.change(next);
      // `base` was shared with the reads' data, not with what is shown: share again.
      next = replaceEqualDeep(s.data, next);
    }
    // Only a real change moves updatedAt: a confirming read leaves the public entry as it is.
    if (next === s.data && !statusChanged) return;
    s.updatedAt = this.now;
    s.data = next === s.data || !FREEZE ? next : deepFreeze(next);
    s.view = undefined;
    this.touch(collection, id, s);
  }

  /** Requests for the entry started (+n) or ended (-n). */
  fetching(collection: string, id: string, delta: number): void {
    const s = delta > 0 ? this.slots.make(collection, id) : this.slots.get(collection, id);
    if (s && countFetching(s, delta)) this.touch(collection, id, s);
  }

  /**
   * Sets the public fields as another store has them (a tab that reads for this one): what
   * that store decided stands, sequence and optimistic layers included. Equal sub-trees keep
   * their objects, and an entry that did not change is not touched.
   */
  mirror(collection: string, id: string, e: MirroredEntry): void {
    const s = this.slots.make(collection, id);
    const data = replaceEqualDeep(s.data, e.data);
    // Its reads are the other store's: `fetching` is shown as there, `inFlight` stays this store's.
    if (e.status === 'success') s.checkedAt = this.now;
    if (
      s.status === e.status &&
      data === s.data &&
      s.error?.message === e.error?.message &&
      s.updatedAt === e.updatedAt &&
      s.fetching === e.fetching
    )
      return;
    s.status = e.status;
    s.error = e.error;
    s.updatedAt = e.updatedAt;
    s.fetching = e.fetching;
    s.data = data === s.data || !FREEZE ? data : deepFreeze(data);
    s.view = undefined;
    this.touch(collection, id, s);
  }

  /**
   * An entry as another store read it (hydration after a server render), dated `seq`: an
   * entry here answered by a read sent later keeps its own. `checkedAt` is when it was read
   * (so `staleTime` decides whether it is read again); reads in flight here stay shown.
   */
  restore(collection: string, id: string, seq: number, e: Omit<MirroredEntry, 'fetching'>, checkedAt?: number): void {
    const s = this.slots.make(collection, id);
    if (seq <= s.seq) return;
    s.seq = seq;
    s.checkedAt = checkedAt;
    s.status = e.status;
    s.error = e.error;
    this.show(collection, id, s, replaceEqualDeep(s.held ? s.held.base : s.data, e.data), undefined, true);
    s.updatedAt = e.updatedAt;
  }

  remove(collection: string, id: string): void {
    const s = this.slots.get(collection, id);
    if (!s || !this.slots.delete(collection, id)) return;
    this.touch(collection, id, s);
  }
}

/** Counts requests for the entry started (+n) or ended (-n); false when that changed nothing. */
export function countFetching(s: Slot, delta: number): boolean {
  const inFlight = Math.max(0, s.inFlight + delta);
  // (`fetching` can disagree with `inFlight` only when mirrored from another store.)
  if (inFlight === s.inFlight && s.fetching === inFlight > 0) return false;
  s.inFlight = inFlight;
  if (s.fetching !== inFlight > 0) {
    s.fetching = inFlight > 0;
    s.view = undefined;
  }
  return true;
}
