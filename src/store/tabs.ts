import { combineLatest, distinctUntilChanged, map, Observable } from 'rxjs';
import type { Cache } from '../core/cache.js';
import type { Environment } from '../core/environment.js';
import type { StoreMetrics } from '../core/metrics.js';
import { peekOf, withPeek } from '../query/peek-key.js';
import type { Group } from '../query/sync/group.js';
import { GroupState, type Role } from '../query/sync/state.js';
import type { LockManagerLike, Transport } from '../query/sync/protocol.js';

export type { LockManagerLike, Message, Transport, WireEntry } from '../query/sync/protocol.js';

/** How stores in tabs of one browser share one poller; see the README's "Tabs". */
export interface TabsOptions {
  /**
   * Stores with the same key share. Default: derived from the IVS client's region, endpoint
   * and access key id (hashed), so stores of different accounts or endpoints never share.
   */
  key?: string;
  /** The group's messages. Default: a BroadcastChannel named after the group. */
  transport?: (name: string) => Transport;
  /** The election. Default: `navigator.locks` (the Web Locks API). */
  locks?: LockManagerLike;
}

/** This tab's part, in `metrics$`: `pending` until the election answers. */
export interface TabsMetrics {
  /** `pending`, then `leader` (reads for the group) or `follower` (mirrors the leader's cache). */
  role: Role;
  /** Stores in the group, this one included. */
  members: number;
}

/** The options, or nothing when tabs are off or the platform lacks BroadcastChannel or Web Locks. */
export function tabsOptions(option: boolean | TabsOptions | undefined): CheckedTabs | undefined {
  if (option === false) return undefined;
  const given = typeof option === 'object' ? option : {};
  const g = globalThis as { BroadcastChannel?: unknown; navigator?: { locks?: LockManagerLike }; document?: unknown };
  // By default only in a page: Node (24.5 and later) has both APIs too, and stores of one
  // server process (one per request, say) are not tabs of one user.
  if (option === undefined && g.document === undefined) return undefined;
  const locks = given.locks ?? g.navigator?.locks;
  return locks && (given.transport || typeof g.BroadcastChannel === 'function') ? { ...given, locks } : undefined;
}

type CheckedTabs = TabsOptions & { locks: LockManagerLike };

interface TabsInit {
  options: CheckedTabs;
  ivs: unknown;
  cache: Cache;
  metrics$: Observable<StoreMetrics>;
  environment: Environment;
  invoke(resource: string, method: string, args: unknown[]): unknown;
}

/**
 * The store's side of a group: its role, whether it polls (it leads, is online, and some
 * page of the group is visible), its interest and calls forwarded while it follows.
 * Everything waits for the group's name (the account key resolves asynchronously).
 */
export class Tabs {
  private readonly state = new GroupState();
  readonly role$ = this.state.role$;
  private group: Promise<Group | undefined>;
  /** The group, once made. */
  private ready: Group | undefined;
  private disposed = false;

  constructor(private readonly init: TabsInit) {
    const { options } = init;
    // The group's code is a chunk of its own, loaded while the account key resolves.
    this.group = import('../query/sync/group.js').then(async (m) => {
      const name = await m.groupName(options.key, init.ivs);
      if (this.disposed) return undefined;
      const group = new m.Group({
        name,
        transport: (options.transport ?? m.broadcastTransport)(name),
        locks: options.locks,
        cache: init.cache,
        invoke: init.invoke,
        metrics$: init.metrics$,
        visible$: init.environment.visible$,
        state: this.state,
      });
      this.ready = group;
      return group;
    });
    // The group's code did not arrive (offline as the page starts): this store reads for itself.
    this.group = this.group.catch(() => {
      if (!this.disposed) this.role$.next('leader');
      return undefined;
    });
  }

  /** True while this store reads for the group. */
  get reads(): boolean {
    return this.role$.value === 'leader';
  }

  /** Whether to poll: leading, online, and this page or another of the group visible. */
  active$(): Observable<boolean> {
    const { visible$, online$ } = this.init.environment;
    return combineLatest([this.role$, visible$, online$, this.state.othersVisible$]).pipe(
      map(([role, visible, online, others]) => role === 'leader' && online && (visible || others)),
      distinctUntilChanged(),
    );
  }

  metrics$(own: Observable<StoreMetrics>): Observable<StoreMetrics> {
    return combineLatest([own, this.role$, this.state.members$, this.state.leaderMetrics$]).pipe(
      map(([mine, role, members, leader]) => ({
        ...(role === 'follower' && leader ? leader : mine),
        tabs: { role, members } satisfies TabsMetrics,
      })),
    );
  }

  /** Each store method, forwarded while this store follows: Observables as interest, the rest as calls. */
  forward<A extends object>(resource: string, api: A): A {
    // By the function the API gives now: a resource still loading gives stand-ins, then its own
    // methods, whose Observables are the same for the same call; the wrappers keep that.
    const methods = new WeakMap<object, unknown>();
    const wrapped = new WeakMap<object, Observable<unknown>>();
    return new Proxy(api, {
      get: (target, method) => {
        const fn = (target as Record<string | symbol, unknown>)[method];
        if (typeof fn !== 'function' || typeof method === 'symbol') return fn;
        let f = methods.get(fn);
        if (f === undefined) {
          const real = (...args: unknown[]) => (fn as (...a: unknown[]) => unknown).apply(target, args);
          f = method.endsWith('$')
            ? (...args: unknown[]) => {
                const source = real(...args) as Observable<unknown>;
                // The same Observable for the same call, as the store's own methods give.
                let w = wrapped.get(source);
                if (!w) {
                  w = new Observable((subscriber) => {
                    const stop = this.watch(resource, method, args);
                    const s = source.subscribe(subscriber);
                    return () => {
                      s.unsubscribe();
                      stop();
                    };
                  });
                  // Peeked as the source is (a first render in a page shows the cache as without tabs).
                  withPeek(w, () => peekOf(source));
                  wrapped.set(source, w);
                }
                return w;
              }
            : (...args: unknown[]) =>
                this.group.then((g) => (g ? g.call(resource, method, args, () => real(...args)) : real(...args)));
          methods.set(fn, f);
        }
        return f;
      },
    });
  }

  /** Interest, kept even while leading: a leader whose page is hidden may step down and follow. */
  private watch(resource: string, method: string, args: unknown[]): () => void {
    if (this.ready) return this.ready.watch(resource, method, args);
    const stop = this.group.then((g) => g?.watch(resource, method, args));
    return () => void stop.then((s) => s?.());
  }

  dispose(): void {
    this.disposed = true;
    void this.group.then((g) => g?.dispose());
    this.role$.complete();
  }
}
