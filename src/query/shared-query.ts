import { Observable, type Subscriber, type Unsubscribable } from 'rxjs';
import type { Cache, Listener } from '../core/cache.js';
import { type Entry, sameEntry } from '../core/entry.js';
import type { Poller } from '../core/poller.js';
// The key of a query's peek is in a module of its own: the store's tabs wrapper names it up
// front, without this engine (loaded with the first resource).
import { PEEK, type Peek } from './peek-key.js';

export { PEEK, type Peek };

/** Where a shared query's values come from, when not straight from its cache entry; returns how to stop. */
export type Listen<E> = (observer: { next(value: E): void; error(err: unknown): void; complete(): void }) => () => void;

/**
 * A shared query's hold on its first read. The owner of the read keeps what it needs to
 * give the read up in `firstRead` (undefined once the read is over): no closure or
 * AbortController per watched key.
 */
export interface FirstReader {
  readonly key: string;
  firstRead: unknown;
}

/** The kind of query a shared query belongs to: what to watch, poll and read. */
export interface QueryOwner {
  /** The cache collection the keys' entries are in. */
  readonly collection: string;
  readonly cache: Cache;
  readonly poller: Poller;
  /** False while another store reads for this one (its entries arrive from there). */
  reads(): boolean;
  /** Reads `reader.key` at once (a user read); aborted by `cancelFirst` if everyone leaves first. */
  readFirst(reader: FirstReader): void;
  cancelFirst(reader: FirstReader): void;
}

/**
 * The Observable of one key at one interval and stale time, shared while anyone holds it:
 * `byOptions` holds them by those two, then key. On first subscription it marks the entry
 * watched, starts polling it and reads it at once unless fresh (younger than `staleTime`,
 * by default the interval); on the last unsubscription it undoes all of that (and gives up
 * a first read still in flight).
 */
export function sharedQuery<E>(
  byOptions: Map<string, Map<string, SharedQuery<E>>>,
  owner: QueryOwner,
  key: string,
  interval: number,
  listen?: Listen<E>,
  staleTime = interval,
  peek?: Peek<E>,
): Observable<E> {
  const slot = `${interval}/${staleTime}`;
  let registry = byOptions.get(slot);
  if (!registry) byOptions.set(slot, (registry = new Map()));
  let q = registry.get(key);
  if (!q) registry.set(key, (q = new SharedQuery(owner, registry, key, interval, listen, staleTime, peek)));
  return q;
}

/**
 * Shared by hand rather than with defer/finalize/share(ReplaySubject), and as one object
 * rather than closures: the same semantics (one upstream per key, the latest value replayed
 * to late subscribers, all undone when the last one leaves) in one object per watched key,
 * which is what a wall of 20 000 widgets pays. Without `listen` it follows its cache entry
 * itself, as the cache's listener, and emits only entries that differ.
 */
export class SharedQuery<E> extends Observable<E> implements Listener, FirstReader {
  firstRead: unknown = undefined;
  /** One subscriber, or several: no array for the usual one. */
  private subscribers: Subscriber<E> | Array<Subscriber<E>> | undefined = undefined;
  private latest: E | undefined = undefined;
  private hasLatest = false;
  private active = false;
  private stopListening: (() => void) | undefined = undefined;

  constructor(
    private readonly owner: QueryOwner,
    private readonly registry: Map<string, SharedQuery<E>>,
    readonly key: string,
    private readonly interval: number,
    private readonly listen: Listen<E> | undefined,
    private readonly staleTime: number,
    private readonly peek?: Peek<E>,
  ) {
    super(join);
  }

  /**
   * What a new subscriber would be given first, without subscribing: the latest value while
   * held, else the cache entry (or, with a source of its own, its peek; undefined without).
   * No side effect, and the same object while nothing changed (`useSyncExternalStore` needs both).
   */
  [PEEK](): E | undefined {
    if (this.hasLatest) return this.latest;
    return this.listen ? this.peek?.() : (this.owner.cache.get(this.owner.collection, this.key) as E);
  }

  /** @internal A subscriber arrived (see `join`). */
  enter(subscriber: Subscriber<E>): Unsubscribable {
    const all = this.subscribers;
    this.subscribers = all === undefined ? subscriber : Array.isArray(all) ? [...all, subscriber] : [all, subscriber];
    if (!this.active) this.start();
    else if (this.hasLatest) subscriber.next(this.latest as E);
    return new Seat(this, subscriber);
  }

  /** @internal A subscriber left. */
  leave(subscriber: Subscriber<E>): void {
    const all = this.subscribers;
    if (all === subscriber) this.subscribers = undefined;
    else if (Array.isArray(all)) {
      const rest = all.filter((s) => s !== subscriber);
      this.subscribers = rest.length === 1 ? rest[0] : rest;
    }
    if (this.subscribers === undefined && this.active) this.stop();
  }

  /** The cache entry was touched (entity mode): emit it if it differs from the last one. */
  changed(): void {
    const next = this.owner.cache.get(this.owner.collection, this.key) as E;
    if (this.hasLatest && sameEntry(this.latest as Entry<unknown>, next as Entry<unknown>)) return;
    this.emit(next);
  }

  complete(): void {
    const all = this.drop();
    if (Array.isArray(all)) for (const s of all) s.complete();
    else all?.complete();
  }

  private error(err: unknown): void {
    const all = this.drop();
    if (Array.isArray(all)) for (const s of all) s.error(err);
    else all?.error(err);
  }

  /** Everyone goes: undo everything, hand back who was there. */
  private drop(): Subscriber<E> | Array<Subscriber<E>> | undefined {
    const all = this.subscribers;
    this.subscribers = undefined;
    if (this.active) this.stop();
    return all;
  }

  private emit(value: E): void {
    this.latest = value;
    this.hasLatest = true;
    // Arrays are replaced, never edited: a subscriber that unsubscribes another while told is safe.
    const all = this.subscribers;
    if (Array.isArray(all)) for (const s of all) s.next(value);
    else all?.next(value);
  }

  private start(): void {
    const { cache, poller, collection } = this.owner;
    const { key } = this;
    this.active = true;
    // Held again after a last unsubscribe made room for a new one: this one is the key's again.
    if (!this.registry.has(key)) this.registry.set(key, this);
    cache.retain(collection, key);
    poller.add(key, this.interval);
    if (
      this.owner.reads() &&
      cache.ageOf(collection, key) >= this.staleTime &&
      cache.get(collection, key).status !== 'not-found'
    )
      this.owner.readFirst(this);
    if (this.listen) {
      const stop = this.listen({
        next: (v) => this.emit(v),
        error: (e) => this.error(e),
        complete: () => this.complete(),
      });
      // A source that ended while starting (a disposed store) has nothing left to stop later.
      if (this.active) this.stopListening = stop;
      else stop();
    } else {
      cache.on(collection, key, this);
      if (this.active) this.changed();
    }
  }

  private stop(): void {
    const { cache, poller, collection } = this.owner;
    const { key } = this;
    this.active = false;
    this.hasLatest = false;
    this.latest = undefined;
    if (this.registry.get(key) === this) this.registry.delete(key);
    if (this.listen) {
      const stop = this.stopListening;
      this.stopListening = undefined;
      stop?.();
    } else cache.off(collection, key, this);
    if (this.firstRead !== undefined) this.owner.cancelFirst(this);
    poller.remove(key, this.interval);
    cache.release(collection, key);
  }
}

/** rxjs calls it with the Observable as `this`: one function for every shared query. */
function join<E>(this: Observable<E>, subscriber: Subscriber<E>): Unsubscribable {
  return (this as SharedQuery<E>).enter(subscriber);
}

/** One subscriber's seat: leaving is a method, not a closure per subscriber. */
class Seat<E> implements Unsubscribable {
  constructor(
    private readonly q: SharedQuery<E>,
    private readonly subscriber: Subscriber<E>,
  ) {}

  unsubscribe(): void {
    this.q.leave(this.subscriber);
  }
}
