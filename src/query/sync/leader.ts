import { auditTime, isObservable, tap, type Observable, type Subscription } from 'rxjs';
import type { Cache } from '../../core/cache.js';
import type { Entry } from '../../core/entry.js';
import type { StoreMetrics } from '../../core/metrics.js';
import { decode, encode } from './codec.js';
import type { Message, Transport, WireEntry } from './protocol.js';

/** What the leader needs of its store. */
export interface LeaderOptions {
  transport: Transport;
  self: string;
  cache: Cache;
  /** Calls `store[resource][method](...args)`: an Observable to hold, or a Promise to answer. */
  invoke(resource: string, method: string, args: unknown[]): unknown;
  metrics$: Observable<StoreMetrics>;
  /** Calls `gone` once `member` has left for good (closed, crashed); returns how to stop waiting. */
  whenGone(member: string, gone: () => void): () => void;
  /** Told whether any other member's page is visible. */
  othersVisible(visible: boolean): void;
  /** Told how many members the group has, the leader included. */
  members(count: number): void;
}

interface Member {
  /** Each watch held, with what it reads (a watch sent again is kept, not read again). */
  watches: Map<string, { call: string; held: Subscription }>;
  visible: boolean;
  stopWaiting: () => void;
  /** After a resync: the watches this member has not sent again yet (its `visible` comes last). */
  unconfirmed?: Set<string>;
}

export const entryKey = (collection: string, id: string) => `${collection}\u0000${id}`;

/** An entry's public fields, values encoded (see codec.ts). */
export const wireEntry = (collection: string, id: string, e: Entry<unknown>): WireEntry => [
  collection,
  id,
  {
    status: e.status,
    data: encode(e.data),
    error: encode(e.error) as never,
    updatedAt: e.updatedAt,
    fetching: e.fetching,
  },
];

/**
 * The member that reads: it holds, in its own store, what every member watches (so its
 * pollers poll the union, under its quotas), runs their calls, and sends every entry that
 * changed, once per transaction burst, only those whose public Entry is a new object.
 */
export class Leader {
  private readonly members = new Map<string, Member>();
  /** Entries touched since the last send. */
  private readonly touched = new Map<string, [string, string]>();
  /** The Entry last sent per entry: an entry touched but not changed is not sent. */
  private readonly sent = new Map<string, Entry<unknown>>();
  private flushing = false;
  /** Calls run for members, until each has answered. */
  private readonly running = new Set<Promise<unknown>>();
  private readonly stopListening: () => void;
  private readonly metrics: Subscription;
  private lastMetrics: StoreMetrics | undefined;

  constructor(private readonly o: LeaderOptions) {
    this.stopListening = o.transport.listen((m) => this.receive(m));
    this.metrics = o.metrics$
      .pipe(
        tap((m) => (this.lastMetrics = m)),
        auditTime(250),
      )
      .subscribe((metrics) => this.postMetrics(metrics));
  }

  private post(message: Message): void {
    this.o.transport.post(message);
  }

  /** A message of the group (the group may hand over those that came before this leader was made). */
  receive(m: Message): void {
    if (m.t === 'hello') {
      // The snapshot names the leader too (`from`): the member follows it.
      this.snapshot(m.from);
      // Then the metrics (messages arrive in order): a member that knows the group's size has its copy.
      this.member(m.from);
      return;
    }
    if (m.t === 'bye') {
      this.drop(m.from);
      return;
    }
    if (!('to' in m) || m.to !== 'leader') return;
    const member = this.member(m.from);
    if (m.t === 'watch') {
      const call = `${m.resource}.${m.method}:${JSON.stringify(m.args)}`;
      member.unconfirmed?.delete(m.id);
      if (member.watches.get(m.id)?.call === call) return;
      member.watches.get(m.id)?.held.unsubscribe();
      member.watches.set(m.id, { call, held: this.hold(m.resource, m.method, decode(m.args) as unknown[]) });
    } else if (m.t === 'unwatch') {
      member.watches.get(m.id)?.held.unsubscribe();
      member.watches.delete(m.id);
    } else if (m.t === 'visible') {
      // Its interest sent again in full: a watch not among it was unwatched while messages were lost.
      for (const id of member.unconfirmed ?? []) {
        member.watches.get(id)?.held.unsubscribe();
        member.watches.delete(id);
      }
      member.unconfirmed = undefined;
      member.visible = m.visible;
      this.tellVisible();
    } else if (m.t === 'call') {
      const answer = (ok: boolean) => (value: unknown) =>
        this.post({ v: 1, t: 'result', from: this.o.self, to: m.from, id: m.id, ok, value: encode(value) });
      const run = new Promise((resolve) => resolve(this.o.invoke(m.resource, m.method, decode(m.args) as unknown[])))
        .then(answer(true), answer(false))
        .finally(() => this.running.delete(run));
      this.running.add(run);
    }
  }

  /**
   * Messages to this leader may have been lost (its connection came back): it says again that
   * it leads, with a snapshot to all; each member sends its interest again, its visibility last.
   */
  resync(): void {
    for (const member of this.members.values()) member.unconfirmed = new Set(member.watches.keys());
    this.post({ v: 1, t: 'leader', from: this.o.self });
    this.snapshot();
  }

  /** Every entry that holds something, to `to` (one that said hello) or to all (after messages may have been lost). */
  private snapshot(to?: string): void {
    const entries = this.o.cache.entries().map(([c, id, e]) => {
      this.sent.set(entryKey(c, id), e);
      return wireEntry(c, id, e);
    });
    this.post({ v: 1, t: 'changes', from: this.o.self, ...(to !== undefined && { to }), entries });
  }

  /** Holds what a member watches; what it emits reaches the member through the cache. */
  private hold(resource: string, method: string, args: unknown[]): Subscription {
    try {
      const source = this.o.invoke(resource, method, args);
      // Errors are the follower's to see, through its own Observable of the same call.
      if (isObservable(source)) return source.subscribe({ error: () => undefined });
    } catch {
      // A call the store refuses at once (a resource without its client) refuses there too.
    }
    return { unsubscribe: () => undefined } as Subscription;
  }

  private member(id: string): Member {
    let m = this.members.get(id);
    if (!m) {
      m = { watches: new Map(), visible: false, stopWaiting: () => undefined };
      this.members.set(id, m);
      m.stopWaiting = this.o.whenGone(id, () => this.drop(id));
      if (this.members.size === 1) this.o.cache.onTouch((c, id) => this.touch(c, id));
      this.o.members(this.members.size + 1);
      if (this.lastMetrics) this.postMetrics(this.lastMetrics);
    }
    return m;
  }

  private drop(id: string): void {
    const m = this.members.get(id);
    if (!m) return;
    this.members.delete(id);
    m.stopWaiting();
    for (const w of m.watches.values()) w.held.unsubscribe();
    if (this.members.size === 0) {
      this.o.cache.onTouch(undefined);
      this.sent.clear();
    }
    this.tellVisible();
    this.o.members(this.members.size + 1);
  }

  private tellVisible(): void {
    let visible = false;
    for (const m of this.members.values()) visible ||= m.visible;
    this.o.othersVisible(visible);
  }

  private touch(collection: string, id: string): void {
    this.touched.set(entryKey(collection, id), [collection, id]);
    if (this.flushing) return;
    this.flushing = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.flushing = false;
    const { cache } = this.o;
    const entries: WireEntry[] = [];
    for (const [key, [c, id]] of this.touched) {
      // A collected entry is each member's own business (each collects what it does not watch).
      if (!cache.has(c, id)) {
        this.sent.delete(key);
        continue;
      }
      const e = cache.get(c, id);
      if (this.sent.get(key) === e) continue;
      this.sent.set(key, e);
      entries.push(wireEntry(c, id, e));
    }
    this.touched.clear();
    if (entries.length > 0 && this.members.size > 0) this.post({ v: 1, t: 'changes', from: this.o.self, entries });
  }

  private postMetrics(metrics: StoreMetrics): void {
    if (this.members.size > 0)
      this.post({ v: 1, t: 'metrics', from: this.o.self, metrics, members: this.members.size + 1 });
  }

  /**
   * Stops leading: lets go of everything held for the members. Resolves once the calls it
   * was running have answered (a leader that steps down keeps the lock until then, so that
   * no call is left in doubt by the handover).
   */
  stop(): Promise<void> {
    this.stopListening();
    this.metrics.unsubscribe();
    for (const id of [...this.members.keys()]) this.drop(id);
    this.o.cache.onTouch(undefined);
    return Promise.all(this.running).then(() => undefined);
  }
}
