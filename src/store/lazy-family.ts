import { Observable, type Subscription } from 'rxjs';

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
 * Resource APIs whose code is loaded on first use, behind stand-ins that exist at once.
 *
 * Why: the store's entry point is what every app bundles. It holds the engine and channel
 * reads; the families (streams; stream keys, configurations, sessions, tags, viewer
 * sessions; all of RealTime) are loaded the first time one of their methods is called,
 * each in a chunk of its own, so an app pays for them only if it uses them.
 *
 * With `eager`, loading starts at once (RealTime, when a RealTime client is given: the
 * app means to use it), so the code is usually there before the first call.
 *
 * Every method of these APIs returns a Promise or an Observable, so a stand-in can take
 * any call before the code is there: a Promise method waits for it; an Observable method
 * returns an Observable that subscribes to the real one once it is loaded (input checks
 * and the first read happen then, a few milliseconds later). Once loaded, property access
 * hands out the real methods, so `get$(id)` is again the same Observable for the same id.
 */
export function lazyFamily<F extends Record<string, object>>(
  names: ReadonlyArray<keyof F & string>,
  load: () => Promise<F>,
  /** `unavailable`: the family cannot be had (the store lacks its client); touching a method throws this reason at once. */
  options: { eager?: boolean; unavailable?: string } = {},
): F {
  let loaded: F | undefined;
  const ready = once(() => load().then((f) => (loaded = f)));
  // Eager: start loading now (still a chunk of its own, fetched alongside the app's start),
  // for families the app has said it will use.
  if (options.eager) ready().catch(() => undefined);
  const family = {} as Record<string, object>;
  for (const name of names) {
    const standIns = new Map<string, unknown>();
    const real = new Map<string, unknown>();
    family[name] = new Proxy(
      {},
      {
        get(_target, method) {
          // Not a thenable, and nothing for symbols (inspection, iteration).
          if (typeof method === 'symbol' || method === 'then') return undefined;
          // Set-up code is wrong: say so where it is, not later in a rejected promise.
          if (options.unavailable) throw new TypeError(`store.${name}.${method}: ${options.unavailable}`);
          if (loaded) {
            let fn = real.get(method);
            if (fn === undefined) {
              const api = loaded[name] as Record<string, unknown>;
              const value = api[method];
              fn = typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(api) : value;
              real.set(method, fn);
            }
            return fn;
          }
          ready().catch(() => undefined); // start loading now; callers see any failure
          let fn = standIns.get(method);
          if (fn === undefined) {
            const invoke = (f: F, args: unknown[]) =>
              (f[name] as Record<string, (...a: unknown[]) => unknown>)[method]!(...args);
            fn = method.endsWith('$')
              ? (...args: unknown[]) =>
                  new Observable<unknown>((subscriber) => {
                    let inner: Subscription | undefined;
                    let closed = false;
                    ready().then(
                      (f) => {
                        if (closed) return;
                        try {
                          inner = (invoke(f, args) as Observable<unknown>).subscribe(subscriber);
                        } catch (err) {
                          subscriber.error(err);
                        }
                      },
                      (err: unknown) => subscriber.error(err),
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
      },
    );
  }
  return family as F;
}
