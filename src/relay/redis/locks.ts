import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { LockManagerLike } from '../../query/sync/protocol.js';
import { abortError, redisName } from './names.js';

// Compare-and-set by token: a holder renews or deletes only its own lease, never the next holder's.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/** Where a lease let go is announced (its key), for those waiting for it. */
const RELEASED = 'ivs-store:released';
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** What a callback of `request` is given: `lost` aborts if the lease is lost while held. */
export interface RedisLock {
  name: string;
  mode: 'exclusive';
  lost: AbortSignal;
}

/** Leases in Redis with the Web Locks API's shape, for the tabs' election run by relays. */
export interface RedisLocks extends LockManagerLike {
  /** Lets go of every lease held (their `lost` aborts) and refuses requests from now on. */
  close(): Promise<void>;
  /** Tests: stops renewing and waiting, without letting go (as a process that dies). @internal */
  crash(): void;
}

interface Hold {
  release(): Promise<void>;
  lose(): void;
  stop(): void;
}

/**
 * A `LockManagerLike` over Redis leases: `SET key token NX PX leaseMs` takes one, renewed
 * every leaseMs/3 while the callback's promise is pending and deleted when it settles. A
 * request that waits tries again every ~leaseMs/10, and at once when a lease is let go if
 * `sub` (a subscriber connection) hears of it (Redis has no queue of waiters; the first to
 * try wins). A lease is lost when a renewal finds another
 * token, or when no renewal got through for leaseMs (Redis unreachable): its `lost` aborts
 * then, at the latest when Redis lets the key expire, so that the holder stops first.
 *
 * @example
 * const locks = redisLocks(new Redis(url), { leaseMs: 5000 });
 * await locks.request('poller', {}, async (lock) => poll((lock as RedisLock).lost));
 */
export function redisLocks(redis: Redis, { leaseMs, sub }: { leaseMs: number; sub?: Redis }): RedisLocks {
  const holds = new Set<Hold>();
  const releasing = new Set<Promise<void>>();
  const closed = new AbortController();
  const retryMs = Math.max(10, Math.round(leaseMs / 10));
  // With a subscriber, a lease let go is announced: those waiting for it try at once.
  const wakers = new Map<string, Set<() => void>>();
  const onReleased = (channel: string, key: string) => {
    if (channel === RELEASED) for (const wake of [...(wakers.get(key) ?? [])]) wake();
  };
  sub?.on('message', onReleased);
  sub?.subscribe(RELEASED).catch(() => undefined);

  /** Takes the lease (true), finds it taken (false), or cannot tell (Redis unreachable: false). */
  const take = (key: string, token: string) =>
    redis.set(key, token, 'PX', leaseMs, 'NX').then(
      (r) => r === 'OK',
      () => false,
    );

  function hold(key: string, token: string, since: number, lost: AbortController): Hold {
    let done = false;
    let renewing = false;
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const arm = (from: number) => {
      clearTimeout(deadline);
      deadline = setTimeout(h.lose, Math.max(0, from + leaseMs - Date.now()));
    };
    const renew = () => {
      if (renewing) return;
      renewing = true;
      const sent = Date.now();
      redis
        .eval(RENEW, 1, key, token, String(leaseMs))
        .then(
          (r) => {
            if (done) return;
            if (r === 1) arm(sent);
            else h.lose();
          },
          // Unreachable: the deadline decides.
          () => undefined,
        )
        .finally(() => (renewing = false));
    };
    const timer = setInterval(renew, Math.max(10, Math.round(leaseMs / 3)));
    const h: Hold = {
      stop() {
        done = true;
        clearInterval(timer);
        clearTimeout(deadline);
        holds.delete(h);
      },
      lose() {
        if (done) return;
        h.stop();
        lost.abort();
      },
      release() {
        h.stop();
        const letGo = (async () => {
          const deleted = await redis.eval(RELEASE, 1, key, token).catch(() => 0);
          if (deleted === 1) await redis.publish(RELEASED, key).catch(() => undefined);
        })();
        // Under way when the locks close: close() waits for it (the QUIT must come after).
        releasing.add(letGo);
        return letGo.finally(() => releasing.delete(letGo));
      },
    };
    arm(since);
    holds.add(h);
    return h;
  }

  /** Waits `ms`, or until `key` is let go; rejects when `signal` aborts or the locks close. */
  const pause = (key: string, ms: number, signal: AbortSignal | undefined) =>
    new Promise<void>((resolve, reject) => {
      const wake = (error?: Error) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', stop);
        closed.signal.removeEventListener('abort', stop);
        wakers.get(key)?.delete(onWake);
        if (wakers.get(key)?.size === 0) wakers.delete(key);
        if (error) reject(error);
        else resolve();
      };
      const stop = () => wake(abortError());
      const onWake = () => wake();
      const timer = setTimeout(onWake, ms);
      signal?.addEventListener('abort', stop, { once: true });
      closed.signal.addEventListener('abort', stop, { once: true });
      wakers.set(key, (wakers.get(key) ?? new Set()).add(onWake));
    });

  return {
    async request<T>(
      name: string,
      options: { ifAvailable?: boolean; signal?: AbortSignal },
      callback: (lock: unknown) => Promise<T> | T,
    ): Promise<T> {
      const key = redisName(name);
      const token = randomUUID();
      const { signal, ifAvailable } = options;
      let since: number;
      for (;;) {
        if (signal?.aborted || closed.signal.aborted) throw abortError();
        since = Date.now();
        if (await take(key, token)) break;
        // Taken, or Redis unreachable: either way, not this member's (never poll without the lease).
        if (ifAvailable) return callback(null);
        // ±20%: members that wait do not all try at the same moment.
        await pause(key, retryMs * (0.8 + Math.random() * 0.4), signal);
      }
      const lost = new AbortController();
      const h = hold(key, token, since, lost);
      // Given up while the SET was under way: the lease is nobody's business; let go at once.
      if (signal?.aborted || closed.signal.aborted) {
        await h.release();
        throw abortError();
      }
      try {
        return await callback({ name, mode: 'exclusive', lost: lost.signal } satisfies RedisLock);
      } finally {
        await h.release();
      }
    },
    async close() {
      closed.abort();
      sub?.off('message', onReleased);
      const all = [...holds];
      for (const h of all) h.lose();
      // lose() stops renewing; delete each lease still ours, so another member takes it at once.
      await Promise.all([...all.map((h) => h.release()), ...releasing]);
    },
    crash() {
      closed.abort();
      sub?.off('message', onReleased);
      for (const h of [...holds]) h.stop();
    },
  };
}
