import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IvsStoreError } from '../../src/core/errors.js';
import { MetricsRecorder } from '../../src/core/metrics.js';
import { Pipeline } from '../../src/core/pipeline.js';
import { QuotaScheduler } from '../../src/core/scheduler.js';

const sdkError = (name: string, status: number) =>
  Object.assign(new Error('UnknownError'), {
    name,
    $metadata: { httpStatusCode: status },
    exceptionMessage: `${name}!`,
  });

describe('Pipeline', () => {
  let metrics: MetricsRecorder;
  let scheduler: QuotaScheduler;
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    metrics = new MetricsRecorder();
    scheduler = new QuotaScheduler({ Get: 100, Slow: 1 });
  });
  afterEach(() => vi.useRealTimers());

  it('shares one call among identical requests in flight', async () => {
    const p = new Pipeline(scheduler, metrics);
    const send = vi.fn(async () => 'result');
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        p.send({ operation: 'GetChannel', group: 'Get', priority: 'user', dedupeKey: 'GetChannel:a', send }),
      ),
    );
    expect(results).toEqual(['result', 'result', 'result']);
    expect(send).toHaveBeenCalledTimes(1);
    expect(metrics.snapshot.calls).toEqual({ GetChannel: 1 });
    await p.send({ operation: 'GetChannel', group: 'Get', priority: 'user', dedupeKey: 'GetChannel:a', send });
    expect(send).toHaveBeenCalledTimes(2); // not a cache: a new call once the first is done
  });

  it('retries retryable failures with full-jitter exponential backoff, then succeeds', async () => {
    const p = new Pipeline(scheduler, metrics, { retries: 3, baseDelayMs: 100, maxDelayMs: 1000 }, () => 0.5);
    const send = vi
      .fn()
      .mockRejectedValueOnce(sdkError('ThrottlingException', 429))
      .mockRejectedValueOnce(sdkError('InternalServerException', 500))
      .mockResolvedValueOnce('ok');
    const result = p.send({ operation: 'GetChannel', group: 'Get', priority: 'background', send });
    await vi.advanceTimersByTimeAsync(0);
    expect(send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(49); // 0.5 × 100
    expect(send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(send).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(100); // 0.5 × 200
    expect(await result).toBe('ok');
    expect(metrics.snapshot).toMatchObject({
      retries: 2,
      throttles: 1,
      calls: { GetChannel: 3 },
      errors: { GetChannel: 2 },
    });
  });

  it('gives up after the retries with the classified error; non-retryable errors surface at once', async () => {
    const p = new Pipeline(scheduler, metrics, { retries: 2, baseDelayMs: 10 }, () => 1);
    const failing = vi.fn().mockRejectedValue(sdkError('ServiceUnavailable', 503));
    const result = p
      .send({ operation: 'GetStream', group: 'Get', priority: 'user', resourceId: 'arn:x', send: failing })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    const error = (await result) as IvsStoreError;
    expect(error).toBeInstanceOf(IvsStoreError);
    expect(error).toMatchObject({
      kind: 'unavailable',
      operation: 'GetStream',
      resourceId: 'arn:x',
      code: 'ServiceUnavailable',
    });
    expect(failing).toHaveBeenCalledTimes(3);

    const invalid = vi.fn().mockRejectedValue(sdkError('ValidationException', 400));
    await expect(
      p.send({ operation: 'GetStream', group: 'Get', priority: 'user', send: invalid }),
    ).rejects.toMatchObject({ kind: 'validation' });
    expect(invalid).toHaveBeenCalledTimes(1);
    const noRetry = vi.fn().mockRejectedValue(sdkError('ThrottlingException', 429));
    await expect(
      p.send({ operation: 'GetStream', group: 'Get', priority: 'user', send: noRetry, retries: 0 }),
    ).rejects.toMatchObject({ kind: 'throttled' });
    expect(noRetry).toHaveBeenCalledTimes(1);
  });

  it('aborts the call when its last waiter leaves, not before', async () => {
    const p = new Pipeline(scheduler, metrics);
    let seen: AbortSignal | undefined;
    const send = (signal: AbortSignal) => {
      seen = signal;
      return new Promise<string>((resolve) => setTimeout(() => resolve('late'), 1000));
    };
    const a = new AbortController();
    const b = new AbortController();
    const pa = p.send({ operation: 'Get', group: 'Get', priority: 'user', dedupeKey: 'k', send, signal: a.signal });
    const pb = p.send({ operation: 'Get', group: 'Get', priority: 'user', dedupeKey: 'k', send, signal: b.signal });
    await vi.advanceTimersByTimeAsync(0);
    a.abort();
    await expect(pa).rejects.toMatchObject({ kind: 'aborted' });
    expect(seen?.aborted).toBe(false);
    b.abort();
    await expect(pb).rejects.toMatchObject({ kind: 'aborted' });
    expect(seen?.aborted).toBe(true);
  });

  it('keeps the call when a waiter leaves and a new one joins in the same task (StrictMode re-mount)', async () => {
    const p = new Pipeline(scheduler, metrics);
    const signals: AbortSignal[] = [];
    const send = vi.fn((signal: AbortSignal) => {
      signals.push(signal);
      return new Promise<string>((resolve) => setTimeout(() => resolve('fresh'), 100));
    });
    const first = new AbortController();
    const pa = p.send({
      operation: 'List',
      group: 'Get',
      priority: 'user',
      dedupeKey: 'k',
      send,
      signal: first.signal,
    });
    await vi.advanceTimersByTimeAsync(0);
    first.abort();
    const pb = p.send({
      operation: 'List',
      group: 'Get',
      priority: 'user',
      dedupeKey: 'k',
      send,
      signal: new AbortController().signal,
    });
    await expect(pa).rejects.toMatchObject({ kind: 'aborted' });
    await vi.advanceTimersByTimeAsync(100);
    expect(await pb).toBe('fresh');
    expect(send).toHaveBeenCalledTimes(1);
    expect(signals[0]?.aborted).toBe(false);
  });

  it('never lets a request join a flight that was already aborted: it makes a new call', async () => {
    const p = new Pipeline(scheduler, metrics);
    const send = vi.fn(
      (signal: AbortSignal) =>
        new Promise<string>((resolve, reject) => {
          const t = setTimeout(() => resolve('fresh'), 100);
          signal.addEventListener('abort', () => {
            clearTimeout(t);
            reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
          });
        }),
    );
    const first = new AbortController();
    const pa = p.send({
      operation: 'List',
      group: 'Get',
      priority: 'user',
      dedupeKey: 'k',
      send,
      signal: first.signal,
    });
    await vi.advanceTimersByTimeAsync(0);
    first.abort();
    await expect(pa).rejects.toMatchObject({ kind: 'aborted' });
    // The abort went out (a microtask later); the flight's promise has not settled yet.
    const pb = p.send({ operation: 'List', group: 'Get', priority: 'user', dedupeKey: 'k', send });
    await vi.advanceTimersByTimeAsync(100);
    expect(await pb).toBe('fresh');
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('waits for quota through the scheduler, and stops retrying on dispose', async () => {
    const p = new Pipeline(scheduler, metrics, { retries: 5, baseDelayMs: 1000 }, () => 1);
    const starts: number[] = [];
    const send = async () => {
      starts.push(Date.now());
      return 'x';
    };
    await Promise.all([
      p.send({ operation: 'S', group: 'Slow', priority: 'background', send }),
      vi.advanceTimersByTimeAsync(0),
    ]);
    const second = p.send({ operation: 'S', group: 'Slow', priority: 'background', send });
    await vi.advanceTimersByTimeAsync(1100);
    await second;
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(1000);

    const failing = vi.fn().mockRejectedValue(sdkError('ThrottlingException', 429));
    const pending = p.send({ operation: 'S', group: 'Get', priority: 'user', send: failing }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    p.dispose();
    expect(((await pending) as IvsStoreError).kind).toBe('disposed');
    expect(vi.getTimerCount()).toBe(0);
  });
});
