import { DEFAULT_WAIT_MS, realTimer } from './wait.js';

interface MiddlewareClient {
  middlewareStack: {
    add(
      mw: (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/**
 * Counts the calls SDK clients have sent and not yet had answered, so a test can wait until
 * the store has heard back from everything it asked (and, a macrotask later, has written it).
 */
export class InFlight {
  private count = 0;

  constructor(clients: ReadonlyArray<unknown>) {
    for (const client of clients) {
      (client as MiddlewareClient | undefined)?.middlewareStack.add(
        (next) => async (args) => {
          this.count++;
          try {
            return await next(args);
          } finally {
            this.count--;
          }
        },
        { step: 'initialize', name: 'ivsStoreTestInFlight' },
      );
    }
  }

  /**
   * Resolves when no call has been in flight over two macrotasks in a row: the microtasks
   * that turn an answer into a cache write, or a batch into its call, have run by then.
   */
  settled(timeout = DEFAULT_WAIT_MS): Promise<void> {
    const setImmediate = realTimer('setImmediate');
    return new Promise((resolve, reject) => {
      let quiet = 0;
      // A real timer says when time is up: clocks (Date, performance, hrtime) may all be faked.
      let expired = false;
      const deadline = realTimer('setTimeout')(() => (expired = true), timeout);
      const check = () => {
        quiet = this.count === 0 ? quiet + 1 : 0;
        if (quiet >= 2) {
          realTimer('clearTimeout')(deadline);
          return resolve();
        }
        if (expired)
          return reject(new Error(`settled: ${this.count} call(s) still unanswered after ${timeout} ms (real time)`));
        // Spin on real macrotasks while idle; wait a little between checks while calls are out.
        if (this.count === 0) setImmediate(check);
        else realTimer('setTimeout')(check, 5);
      };
      setImmediate(check);
    });
  }
}
