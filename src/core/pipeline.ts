import { classifyError, disposedError, IvsStoreError } from './errors.js';
import type { MetricsRecorder } from './metrics.js';
import type { Priority, QuotaScheduler } from './scheduler.js';

export interface PipelineRequest<O> {
  operation: string;
  /** Quota group the call counts against. */
  group: string;
  priority: Priority;
  resourceId?: string | undefined;
  /** Requests with the same key in flight share one call. */
  dedupeKey?: string | undefined;
  /** Sends the call; must honour the signal. */
  send: (signal: AbortSignal) => Promise<O>;
  signal?: AbortSignal | undefined;
  /**
   * Retries allowed for this request (default: the pipeline's). A function is asked at the
   * first failure, when the client's own retry setting is surely known.
   */
  retries?: number | (() => number | undefined) | undefined;
}

/** How the store retries throttling, 5xx and network failures: full-jitter exponential backoff. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** First backoff ceiling in ms (doubles each retry). Default 300. */
  baseDelayMs?: number;
  /** Backoff ceiling in ms. Default 10 000. */
  maxDelayMs?: number;
}

interface Flight {
  promise: Promise<unknown>;
  controller: AbortController;
  waiters: number;
}

/**
 * The only way a request reaches the network. It shares identical requests in flight,
 * cancels a request nobody waits for, waits for quota (through the scheduler), retries
 * throttling, 5xx and network failures with exponential backoff and full jitter, turns
 * every failure into an IvsStoreError and counts everything.
 *
 * Retries and the SDK: the store retries, so that a retry waits for quota like any other
 * call; with a client whose own `maxAttempts` is above 1 the store does not retry on top
 * (`retries: 0` for that client), so attempts never multiply.
 */
export class Pipeline {
  private readonly flights = new Map<string, Flight>();
  /** Every flight's controller, shared or not, for dispose(). */
  private readonly controllers = new Set<AbortController>();
  private readonly retries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timers = new Set<() => void>();
  private disposed = false;
  /** Told of every call sent once it settles, with when it went and how it ended (devtools sets it). */
  tap: ((req: PipelineRequest<unknown>, sentAt: number, error: IvsStoreError | undefined) => void) | undefined;

  constructor(
    private readonly scheduler: QuotaScheduler,
    private readonly metrics: MetricsRecorder,
    retry: RetryOptions = {},
    private readonly random: () => number = Math.random,
    /** Turns a failure into an IvsStoreError (a service's own error names added). */
    private readonly classify: (err: unknown, operation: string, resourceId?: string) => IvsStoreError = classifyError,
  ) {
    this.retries = checkCount('retry.retries', retry.retries ?? 3);
    this.baseDelayMs = checkCount('retry.baseDelayMs', retry.baseDelayMs ?? 300);
    this.maxDelayMs = checkCount('retry.maxDelayMs', retry.maxDelayMs ?? 10_000);
  }

  send<O>(req: PipelineRequest<O>): Promise<O> {
    if (this.disposed) return Promise.reject(disposedError(req.operation));
    if (req.signal?.aborted) return Promise.reject(aborted(req));
    const key = req.dedupeKey;
    let flight = key === undefined ? undefined : this.flights.get(key);
    if (flight?.controller.signal.aborted) flight = undefined; // its answer will only be 'aborted'
    if (!flight) {
      const controller = new AbortController();
      this.controllers.add(controller);
      const promise = this.attempt(req, controller.signal).finally(() => {
        this.controllers.delete(controller);
        if (key !== undefined && this.flights.get(key) === flight) this.flights.delete(key);
      });
      flight = { promise, controller, waiters: 0 };
      if (key !== undefined) this.flights.set(key, flight);
    }
    return this.wait(flight, req) as Promise<O>;
  }

  /** Aborts everything in flight and every backoff. */
  dispose(): void {
    this.disposed = true;
    for (const c of [...this.controllers]) c.abort();
    this.controllers.clear();
    this.flights.clear();
    for (const cancel of [...this.timers]) cancel();
  }

  /** One waiter of a (possibly shared) flight; the flight is aborted when its last waiter leaves. */
  private wait(flight: Flight, req: PipelineRequest<unknown>): Promise<unknown> {
    flight.waiters++;
    const signal = req.signal;
    if (!signal) return flight.promise;
    return new Promise((resolve, reject) => {
      const stop = onAbort(signal, () => {
        reject(aborted(req));
        if (--flight.waiters === 0) this.leave(flight);
      });
      flight.promise.then(
        (v) => {
          stop();
          resolve(v);
        },
        (e: unknown) => {
          stop();
          reject(e);
        },
      );
    });
  }

  /**
   * The last waiter left: abort the call unless someone joins within the same task. React
   * StrictMode (and any widget that re-mounts) unsubscribes and subscribes again at once;
   * aborting then would throw away a call already sent and, before this, made the new
   * subscriber join a flight that could only answer 'aborted'.
   */
  private leave(flight: Flight): void {
    // An aborted flight stays in `flights` until it settles; send() never joins it.
    queueMicrotask(() => flight.waiters === 0 && flight.controller.abort());
  }

  private async attempt<O>(req: PipelineRequest<O>, signal: AbortSignal): Promise<O> {
    const retriesOf = () => (typeof req.retries === 'function' ? req.retries() : req.retries) ?? this.retries;
    for (let attempt = 0; ; attempt++) {
      let sentAt = 0;
      try {
        const answer = await this.scheduler.run(
          req.group,
          req.priority,
          () => {
            this.metrics.call(req.operation);
            sentAt = Date.now();
            return req.send(signal);
          },
          signal,
        );
        this.tap?.(req, sentAt, undefined);
        return answer;
      } catch (raw) {
        const error = this.disposed
          ? disposedError(req.operation)
          : signal.aborted
            ? aborted(req)
            : this.classify(raw, req.operation, req.resourceId);
        if (sentAt) this.tap?.(req, sentAt, error);
        if (error.kind !== 'aborted') this.metrics.error(req.operation, error.kind === 'throttled');
        if (!error.retryable || attempt >= retriesOf() || this.disposed || signal.aborted) throw error;
        this.metrics.retry();
        // Full jitter: anywhere from 0 to the exponential ceiling, so many clients that
        // failed together do not come back together.
        const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** attempt);
        await this.sleep(this.random() * ceiling, signal);
        if (signal.aborted) throw this.disposed ? disposedError(req.operation) : aborted(req);
      }
    }
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.timers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.timers.add(done);
    });
  }
}

const abortHandlers = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `fn` when `signal` aborts; returns how to stop. One real listener per signal
 * whatever the number of requests: a poll passes one signal to every list it reads, and
 * Node warns of a leak past 10 listeners on one EventTarget.
 */
function onAbort(signal: AbortSignal, fn: () => void): () => void {
  let fns = abortHandlers.get(signal);
  if (!fns) {
    const all = new Set<() => void>();
    abortHandlers.set(signal, (fns = all));
    signal.addEventListener('abort', () => all.forEach((f) => f()), { once: true });
  }
  fns.add(fn);
  return () => fns.delete(fn);
}

function aborted(req: PipelineRequest<unknown>): IvsStoreError {
  return new IvsStoreError({
    kind: 'aborted',
    message: `${req.operation}: aborted, nobody waits for the answer`,
    operation: req.operation,
    resourceId: req.resourceId,
  });
}

function checkCount(name: string, value: number): number {
  if (!(Number.isInteger(value) && value >= 0))
    throw new TypeError(`${name} must be a non-negative integer, got ${String(value)}`);
  return value;
}
