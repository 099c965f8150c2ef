import { firstValueFrom, filter, type Observable, type Subscription } from 'rxjs';
import type { Cache } from '../../core/cache.js';
import { disposedError } from '../../core/errors.js';
import type { StoreMetrics } from '../../core/metrics.js';
import type { Follower } from './follower.js';
import type { Leader } from './leader.js';
import { memberId } from './group-name.js';
import { onLost } from './lease.js';
import type { LockManagerLike, Message, Transport } from './protocol.js';
import type { GroupState, Role } from './state.js';

export { broadcastTransport } from './protocol.js';
export { groupName } from './group-name.js';

export type { Role } from './state.js';

export interface GroupOptions {
  /** Where this member's role, the group's size and the leader's metrics are shown. */
  state: GroupState;
  /** Names the group's locks; stores of different accounts use different names. */
  name: string;
  transport: Transport;
  locks: LockManagerLike;
  cache: Cache;
  invoke(resource: string, method: string, args: unknown[]): unknown;
  metrics$: Observable<StoreMetrics>;
  /** Whether this member's page is visible. */
  visible$: Observable<boolean>;
  /** How long a hidden leader waits, while another member is visible, before it steps down. Default 10 s. */
  handoverMs?: number;
}

/**
 * One member of a group of stores that read once for all: the Web Locks API elects the
 * leader (an exclusive lock; when its holder closes or crashes, the lock passes to the next
 * member waiting for it, with no heartbeat of ours), and each member holds a lock of its
 * own that the leader waits for, to learn when a member has gone without a word.
 */
export class Group {
  readonly self = memberId();
  readonly role$: GroupState['role$'];
  private readonly othersVisible$: GroupState['othersVisible$'];
  private leader: Leader | undefined;
  private follower: Follower | undefined;
  /** Interest by call, counted: the leader hears of each once. */
  private readonly interest = new Map<
    string,
    { count: number; id: string | undefined; resource: string; method: string; args: unknown[] }
  >();
  private readonly life = new AbortController();
  private release: () => void = () => undefined;
  private readonly released = new Promise<void>((r) => (this.release = r));
  private readonly visibility: Subscription;
  private visible = false;
  /** The queued request for the leader's lock, while following. */
  private queue: AbortController | undefined;
  /** Ends this member's hold on the leader's lock (it steps down), while leading. */
  private leading: (() => void) | undefined;
  private stopListening: (() => void) | undefined;
  private handover: ReturnType<typeof setTimeout> | undefined;
  /** Whether this member's page was visible at some time since it was elected. */
  private seenWhileLeading = false;
  /** The lock this member leads by: a lease lost later steps down only the leadership it gave. */
  private lease: unknown;
  private readonly stopResync: (() => void) | undefined;

  constructor(private readonly o: GroupOptions) {
    this.role$ = o.state.role$;
    this.othersVisible$ = o.state.othersVisible$;
    this.visibility = o.visible$.subscribe((v) => {
      this.visible = v;
      this.follower?.setVisible(v);
      // Hidden: to the back of the queue, so that the lock passes to a visible member first.
      if (!v && this.follower) this.wait();
      this.checkHandover();
    });
    this.othersVisible$.subscribe(() => this.checkHandover());
    this.stopResync = o.transport.onResync?.(() => this.resync());
    this.holdOwn(true);
  }

  /**
   * This member's own lock first: the leader may wait for it as soon as it says hello. A
   * lease lost (Redis unreachable, or the leader took it, thinking this member gone) is taken
   * again, and the member says hello again, so that the leader holds its interest again.
   */
  private holdOwn(first: boolean): void {
    const { o } = this;
    const { signal } = this.life;
    // An election that fails (a platform's Web Locks refusing us) leaves this store reading
    // for itself, as with `tabs: false`: never a store that waits for a leader forever.
    const alone = () => {
      if (this.role$.value === 'pending' && !signal.aborted) this.role$.next('leader');
    };
    o.locks
      .request(`${o.name}:member:${this.self}`, { signal }, (own) => {
        if (signal.aborted) return;
        onLost(own, () => this.holdOwn(false));
        if (!first) {
          this.follower?.hello();
          return this.released;
        }
        // (Web Locks refuse `signal` with `ifAvailable`: a request that answers at once needs none.)
        o.locks
          .request(`${o.name}:leader`, { ifAvailable: true }, (lock) => {
            if (lock) return this.lead(lock);
            this.follow();
            this.wait();
          })
          .catch(alone);
        return this.released;
      })
      .catch(first ? alone : () => undefined);
  }

  /** Messages may have been lost: a leader says again that it leads, a follower says hello again. */
  private resync(): void {
    if (this.role$.value !== 'leader' || !this.leading) this.follower?.hello();
    else if (this.leader) this.leader.resync();
    else this.o.transport.post({ v: 1, t: 'leader', from: this.self });
  }

  /** Queues (again, at the back) for the leader's lock: granted when the leader closes, crashes or steps down. */
  private wait(): void {
    this.queue?.abort();
    const queue = new AbortController();
    this.queue = queue;
    this.o.locks
      .request(`${this.o.name}:leader`, { signal: queue.signal }, (lock) => this.lead(lock))
      .catch(() => undefined);
  }

  /**
   * A leader whose page stays hidden while another member's is visible steps down: browsers
   * throttle a hidden page's timers (Chrome: one wake-up a minute after five minutes), which
   * would starve the visible members' polls. The lock goes to the next member waiting, a
   * visible one first (hidden members queue at the back).
   */
  private checkHandover(): void {
    if (this.visible) this.seenWhileLeading = true;
    const due = this.role$.value === 'leader' && !this.visible && this.othersVisible$.value && this.leading;
    if (!due) {
      clearTimeout(this.handover);
      this.handover = undefined;
    }
    // Hidden since it was elected: nothing to wait for. Hidden since: maybe a quick flip of tabs.
    else this.handover ??= setTimeout(() => this.stepDown(), this.seenWhileLeading ? (this.o.handoverMs ?? 10_000) : 0);
  }

  private stepDown(): void {
    this.handover = undefined;
    const end = this.leading;
    if (this.role$.value !== 'leader' || !end || this.life.signal.aborted) return;
    this.leading = undefined;
    this.stopListening?.();
    const answered = this.leader?.stop();
    this.leader = undefined;
    this.othersVisible$.next(false);
    this.role$.next('pending');
    this.follow();
    this.wait();
    void Promise.resolve(answered).then(end);
  }

  /**
   * Leads, holding the lock until dispose (a tab that closes lets go by itself). The
   * leader's code is a chunk loaded only once another member speaks to it (a hello, or the
   * interest of members that followed the leader before): a store alone in its browser,
   * the usual case, never loads it. It says at once that it leads, so that members who
   * followed another leader turn to it.
   */
  private lead(lock: unknown): Promise<void> {
    if (this.life.signal.aborted) return Promise.resolve();
    this.queue = undefined;
    // A lease lost (another member may lead by now): step down, so that two never poll for long.
    this.lease = lock;
    onLost(lock, () => this.lease === lock && this.stepDown());
    this.stopFollowing();
    const { o } = this;
    const waiting: Message[] = [];
    let loading = false;
    const stop = o.transport.listen((m) => {
      if (m.t !== 'hello' && !('to' in m && m.to === 'leader')) return;
      waiting.push(m);
      if (loading) return;
      loading = true;
      import('./leader.js').then(
        ({ Leader }) => {
          stop();
          if (this.life.signal.aborted) return;
          this.leader = new Leader({
            transport: o.transport,
            self: this.self,
            cache: o.cache,
            invoke: o.invoke,
            metrics$: o.metrics$,
            whenGone: (member, gone) => {
              const stop = new AbortController();
              o.locks.request(`${o.name}:member:${member}`, { signal: stop.signal }, gone).catch(() => undefined);
              return () => stop.abort();
            },
            othersVisible: (v) => this.othersVisible$.next(v),
            members: (n) => o.state.members$.next(n),
          });
          for (const m of waiting.splice(0)) this.leader.receive(m);
        },
        // Not arrived (offline): the next message asks again; meanwhile this store reads for itself.
        () => (loading = false),
      );
    });
    this.stopListening = stop;
    o.transport.post({ v: 1, t: 'leader', from: this.self });
    this.role$.next('leader');
    const held = new Promise<void>((r) => (this.leading = r));
    this.seenWhileLeading = false;
    this.checkHandover();
    return held;
  }

  private stopFollowing(): void {
    if (!this.follower) return;
    this.follower.stop();
    this.follower = undefined;
    // Reads shown as under way were the old leader's.
    this.o.cache.ownReads();
  }

  /** Follows (the follower's code is a chunk of its own too), unless it leads by the time it is there. */
  private follow(): void {
    import('./follower.js').then(
      ({ Follower }) => {
        if (this.life.signal.aborted || this.role$.value !== 'pending') return;
        const f = new Follower(this.o.transport, this.self, this.o.cache);
        this.follower = f;
        f.setVisible(this.visible);
        for (const w of this.interest.values()) w.id = f.watch(w.resource, w.method, w.args);
        f.metrics$.subscribe((m) => {
          if (!m) return;
          this.o.state.members$.next(m.members);
          this.o.state.leaderMetrics$.next(m.metrics);
        });
        this.role$.next('follower');
      },
      () => {
        // No follower's code: read alone rather than wait for a leader this store cannot hear.
        if (!this.life.signal.aborted && this.role$.value === 'pending') this.role$.next('leader');
      },
    );
  }

  /** Interest in `resource.method(...args)` while this member follows; returns how to end it. */
  watch(resource: string, method: string, args: unknown[]): () => void {
    const key = `${resource}.${method}:${JSON.stringify(args)}`;
    let w = this.interest.get(key);
    if (!w) {
      w = { count: 0, id: undefined, resource, method, args };
      this.interest.set(key, w);
      if (this.follower) w.id = this.follower.watch(resource, method, args);
    }
    w.count++;
    let done = false;
    return () => {
      if (done || !w) return;
      done = true;
      if (--w.count > 0) return;
      this.interest.delete(key);
      if (w.id !== undefined) this.follower?.unwatch(w.id);
    };
  }

  /** Runs a call here when leading, by the leader when following (after the election). */
  async call(resource: string, method: string, args: unknown[], here: () => unknown): Promise<unknown> {
    const role = await firstValueFrom(this.role$.pipe(filter((r) => r !== 'pending')), {
      defaultValue: 'pending' as Role,
    });
    if (this.life.signal.aborted) throw disposedError(`${resource}.${method}`);
    if (role === 'follower' && this.follower) return this.follower.call(resource, method, args);
    return here();
  }

  dispose(): void {
    this.life.abort();
    this.visibility.unsubscribe();
    clearTimeout(this.handover);
    this.queue?.abort();
    this.stopResync?.();
    this.stopListening?.();
    this.follower?.stop(disposedError());
    this.leader?.stop();
    this.leading?.();
    this.release();
    this.othersVisible$.complete();
    this.o.transport.close();
    this.role$.complete();
  }
}
