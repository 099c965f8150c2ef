import { Observable, type Subscription } from 'rxjs';
import { isIvsStoreError } from '../core/errors.js';
import { CODE, type ResourceCode } from './internals.js';

/**
 * `load` run on the first call only, later calls sharing its promise; a load that failed
 * (a chunk that did not arrive: offline, a deploy) is tried again by the next call.
 */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    }));
}

/**
 * A resource API whose code is loaded on first use, behind a stand-in that exists at once.
 *
 * Why: what an app loads up front should be what it needs before its first read, and a
 * resource it never touches should cost it nothing. So each resource's code is a chunk of
 * its own (see registry.ts), loaded the first time one of its methods is called: a
 * dashboard of streams and participants does not load compositions or stream keys.
 *
 * With `eager`, loading starts at once (channels: nearly every app reads them first), so
 * the code is usually there before the first call.
 *
 * Every method of these APIs returns a Promise or an Observable, so a stand-in can take
 * any call before the code is there: a Promise method waits for it; an Observable method
 * returns an Observable that subscribes to the real one once it is loaded (input checks
 * and the first read happen then, a few milliseconds later). Once loaded, property access
 * hands out the real methods, so `get$(id)` is again the same Observable for the same id.
 */
export function lazyResource<A extends object>(
  name: string,
  load: () => Promise<A>,
  /** `unavailable`: the resource cannot be had (the store lacks its client); touching a method throws this reason at once. */
  options: { eager?: boolean; unavailable?: string } = {},
): A {
  let loaded: Record<string, unknown> | undefined;
  const ready = once(() => load().then((api) => (loaded = api as Record<string, unknown>)));
  // Eager: start loading now (still a chunk of its own, fetched alongside the app's start).
  if (options.eager) ready().catch(() => undefined);
  const standIns = new Map<string, unknown>();
  const real = new Map<string, unknown>();
  return new Proxy({} as A, {
    get(_target, method) {
      // Whether the code is there, and a way to wait for it (hydration waits before rendering).
      if (method === CODE)
        return options.unavailable ? undefined : ({ loaded: loaded !== undefined, ready } satisfies ResourceCode);
      // Not a thenable, and nothing for symbols (inspection, iteration).
      if (typeof method === 'symbol' || method === 'then') return undefined;
      // Set-up code is wrong: say so where it is, not later in a rejected promise.
      if (options.unavailable) throw new TypeError(`store.${name}.${method}: ${options.unavailable}`);
      if (loaded) {
        let fn = real.get(method);
        if (fn === undefined) {
          const value = loaded[method];
          fn = typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(loaded) : value;
          real.set(method, fn);
        }
        return fn;
      }
      ready().catch(() => undefined); // start loading now; callers see any failure
      let fn = standIns.get(method);
      if (fn === undefined) {
        // Called as a method of the API: its `this` is the API.
        const invoke = (api: Record<string, unknown>, args: unknown[]) =>
          (api as Record<string, (...a: unknown[]) => unknown>)[method]!(...args);
        fn = method.endsWith('$')
          ? (...args: unknown[]) =>
              new Observable<unknown>((subscriber) => {
                let inner: Subscription | undefined;
                let closed = false;
                ready().then(
                  (api) => {
                    if (closed) return;
                    try {
                      inner = (invoke(api, args) as Observable<unknown>).subscribe(subscriber);
                    } catch (err) {
                      subscriber.error(err);
                    }
                  },
                  // Disposed before the code arrived: end as a loaded resource's Observable does
                  // on a disposed store (complete), rather than error to a subscriber that
                  // rightly has no error handler for its own store's teardown.
                  (err: unknown) =>
                    isIvsStoreError(err) && err.kind === 'disposed' ? subscriber.complete() : subscriber.error(err),
                );
                return () => {
                  closed = true;
                  inner?.unsubscribe();
                };
              })
          : async (...args: unknown[]) => invoke(await ready(), args);
        standIns.set(method, fn);
      }
      return fn;
    },
  });
}
