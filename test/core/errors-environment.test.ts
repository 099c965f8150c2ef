import { Subject, firstValueFrom, toArray, take } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { active$, alwaysActiveEnvironment, browserEnvironment } from '../../src/core/environment.js';
import { classifyError, invalidInput, IvsStoreError } from '../../src/core/errors.js';

const sdkError = (name: string, status: number, exceptionMessage?: string) =>
  Object.assign(new Error('UnknownError'), { name, $metadata: { httpStatusCode: status }, exceptionMessage });

describe('classifyError', () => {
  it('maps service errors to kinds, keeps the service message, operation and resource', () => {
    const e = classifyError(sdkError('ConflictException', 409, 'Channel is live'), 'DeleteChannel', 'arn:ch');
    expect(e).toBeInstanceOf(IvsStoreError);
    expect(e).toMatchObject({
      kind: 'conflict',
      code: 'ConflictException',
      status: 409,
      operation: 'DeleteChannel',
      resourceId: 'arn:ch',
      retryable: false,
    });
    expect(e.message).toBe('DeleteChannel arn:ch: Channel is live');
    expect(classifyError(sdkError('ChannelNotBroadcasting', 404)).kind).toBe('not-found');
    expect(classifyError(sdkError('ServiceQuotaExceededException', 402)).kind).toBe('quota');
    expect(classifyError(sdkError('AccessDeniedException', 403)).kind).toBe('access');
    expect(classifyError(sdkError('ValidationException', 400, 'bad')).kind).toBe('validation');
  });

  it('marks throttling, 5xx and network failures retryable', () => {
    expect(classifyError(sdkError('ThrottlingException', 429))).toMatchObject({ kind: 'throttled', retryable: true });
    expect(classifyError(sdkError('SomethingNew', 429))).toMatchObject({ kind: 'throttled', retryable: true });
    expect(classifyError(sdkError('InternalServerException', 500))).toMatchObject({
      kind: 'unavailable',
      retryable: true,
    });
    expect(classifyError(sdkError('Whatever', 502))).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(classifyError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toMatchObject({
      kind: 'network',
      retryable: true,
    });
    expect(classifyError(new TypeError('Failed to fetch'))).toMatchObject({ kind: 'network', retryable: true });
    expect(classifyError(Object.assign(new Error('x'), { name: 'AbortError' }))).toMatchObject({
      kind: 'aborted',
      retryable: false,
    });
    expect(classifyError('weird')).toMatchObject({ kind: 'unknown', retryable: false });
  });

  it('serializes without the cause, and names the field for local validation', () => {
    const e = invalidInput('CreateChannel', 'name', 'must match [a-zA-Z0-9-_]*');
    expect(e).toMatchObject({ kind: 'validation', field: 'name' });
    expect(e.message).toBe("CreateChannel: 'name' must match [a-zA-Z0-9-_]*");
    const json = JSON.parse(JSON.stringify(classifyError(sdkError('ConflictException', 409, 'm'), 'Op')));
    expect(json).toEqual({
      name: 'IvsStoreError',
      kind: 'conflict',
      message: 'Op: m',
      operation: 'Op',
      code: 'ConflictException',
      status: 409,
    });
  });
});

describe('environment', () => {
  class FakeTarget {
    private listeners = new Map<string, Set<() => void>>();
    visibilityState = 'visible';
    navigator = { onLine: true };
    addEventListener(type: string, l: () => void) {
      if (!this.listeners.has(type)) this.listeners.set(type, new Set());
      this.listeners.get(type)!.add(l);
    }
    removeEventListener(type: string, l: () => void) {
      this.listeners.get(type)?.delete(l);
    }
    fire(type: string) {
      for (const l of this.listeners.get(type) ?? []) l();
    }
    count(type: string) {
      return this.listeners.get(type)?.size ?? 0;
    }
  }

  it('active$ follows visibility and online state, emitting only on change, and cleans up listeners', async () => {
    const doc = new FakeTarget();
    const win = new FakeTarget();
    const seen: boolean[] = [];
    const sub = active$(browserEnvironment(doc, win)).subscribe((v) => seen.push(v));
    doc.visibilityState = 'hidden';
    doc.fire('visibilitychange');
    doc.fire('visibilitychange');
    doc.visibilityState = 'visible';
    doc.fire('visibilitychange');
    win.fire('offline');
    win.fire('online');
    expect(seen).toEqual([true, false, true, false, true]);
    expect(doc.count('visibilitychange')).toBe(1);
    sub.unsubscribe();
    expect(doc.count('visibilitychange')).toBe(0);
    expect(win.count('online') + win.count('offline')).toBe(0);
  });

  it('is replaceable by any pair of Observables, and always active outside a browser', async () => {
    const visible$ = new Subject<boolean>();
    const online$ = new Subject<boolean>();
    const values = firstValueFrom(active$({ visible$, online$ }).pipe(take(2), toArray()));
    visible$.next(true);
    online$.next(true);
    online$.next(false);
    expect(await values).toEqual([true, false]);
    expect(await firstValueFrom(active$(alwaysActiveEnvironment()))).toBe(true);
  });
});
