import type { LockManagerLike } from '../../src/index.js';

interface Waiter {
  callback: (lock: unknown) => unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  owner: string;
}

/**
 * Exclusive locks with the Web Locks API's semantics, for Node (which has none): a lock is
 * held while its callback's promise is pending, then passes to the next request in order;
 * `ifAvailable` gets `null` at once when the lock is held; a queued request whose signal
 * aborts rejects with an AbortError. `crash(owner)` lets go of every lock a "tab" holds
 * and every request it queued, as a closing tab does.
 */
export class FakeLocks {
  private readonly held = new Map<string, string>();
  private readonly queues = new Map<string, Waiter[]>();
  private readonly crashed = new Set<string>();

  /** The LockManager of one tab. */
  tab(owner: string): LockManagerLike {
    return {
      request: <T>(
        name: string,
        options: { ifAvailable?: boolean; signal?: AbortSignal },
        callback: (lock: unknown) => Promise<T> | T,
      ) =>
        new Promise<T>((resolve, reject) => {
          // As the Web Locks API: no signal with ifAvailable.
          if (options.signal && options.ifAvailable)
            return reject(Object.assign(new Error('signal and ifAvailable'), { name: 'NotSupportedError' }));
          if (options.signal?.aborted) return reject(abortError());
          if (options.ifAvailable && (this.held.has(name) || (this.queues.get(name)?.length ?? 0) > 0)) {
            Promise.resolve(callback(null)).then(resolve, reject);
            return;
          }
          const waiter: Waiter = {
            callback: callback as (lock: unknown) => unknown,
            resolve: resolve as (v: unknown) => void,
            reject,
            owner,
          };
          const queue = this.queues.get(name) ?? [];
          this.queues.set(name, queue);
          queue.push(waiter);
          options.signal?.addEventListener('abort', () => {
            const i = queue.indexOf(waiter);
            if (i >= 0) {
              queue.splice(i, 1);
              reject(abortError());
            }
          });
          this.grant(name);
        }),
    };
  }

  /** The tab closed or crashed: its locks go to whoever waits, its requests are forgotten. */
  crash(owner: string): void {
    this.crashed.add(owner);
    for (const [name, queue] of this.queues) {
      for (let i = queue.length - 1; i >= 0; i--) if (queue[i]!.owner === owner) queue.splice(i, 1);
      if (this.held.get(name) === owner) {
        this.held.delete(name);
        this.grant(name);
      }
    }
  }

  holder(name: string): string | undefined {
    return this.held.get(name);
  }

  private grant(name: string): void {
    if (this.held.has(name)) return;
    const next = this.queues.get(name)?.shift();
    if (!next) return;
    this.held.set(name, next.owner);
    Promise.resolve()
      .then(() => next.callback({ name, mode: 'exclusive' }))
      .then(
        (v) => next.resolve(v),
        (e: unknown) => next.reject(e),
      )
      .finally(() => {
        if (this.held.get(name) !== next.owner || this.crashed.has(next.owner)) return;
        this.held.delete(name);
        this.grant(name);
      });
  }
}

function abortError(): Error {
  const e = new Error('The request was aborted');
  e.name = 'AbortError';
  return e;
}
