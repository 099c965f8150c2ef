import { useCallback, useMemo, useRef, useSyncExternalStore, type DependencyList } from 'react';
import type { Observable } from 'rxjs';
import { peek } from '../bindings/peek.js';

/** One subscription per Observable, shared by every component showing it and by suspended renders. */
export interface Source<T> {
  value: T;
  listeners: Set<() => void>;
  unsubscribe: (() => void) | undefined;
  /** Completed (a disposed store): nothing more will come. */
  ended: boolean;
  /** The promise suspended renders wait on, until the value settles. */
  pending: Promise<void> | undefined;
}
const sources = new WeakMap<Observable<unknown>, Source<unknown>>();

export function sourceOf<T>(obs: Observable<T>, initial: T): Source<T> {
  let s = sources.get(obs) as Source<T> | undefined;
  if (!s) {
    s = { value: initial, listeners: new Set(), unsubscribe: undefined, ended: false, pending: undefined };
    sources.set(obs, s as Source<unknown>);
  }
  return s;
}

/** Adds a listener; the first subscribes to the Observable, the last one out unsubscribes. Returns the removal. */
export function attach<T>(s: Source<T>, obs: Observable<T>, listener: () => void): () => void {
  s.listeners.add(listener);
  if (!s.unsubscribe) {
    const tell = () => {
      for (const l of s.listeners) l();
    };
    const sub = obs.subscribe({
      next: (v) => {
        s.value = v;
        tell();
      },
      complete: () => {
        s.ended = true;
        tell();
      },
    });
    s.unsubscribe = () => sub.unsubscribe();
  }
  return () => {
    s.listeners.delete(listener);
    if (s.listeners.size === 0 && s.unsubscribe) {
      s.unsubscribe();
      s.unsubscribe = undefined;
    }
  };
}

/**
 * The value to render: the latest while subscribed; else what the Observable tells without a
 * subscription (the store's queries: cached data in the very first render, and on the server,
 * where nothing subscribes), else the last one known. Stable while nothing changed.
 */
export function current<T>(s: Source<T>, obs: Observable<T>): T {
  if (!s.unsubscribe) {
    const p = peek(obs);
    if (p !== undefined) s.value = p;
  }
  return s.value;
}

/** How long a suspended render's subscription outlives the value settling: the retried render subscribes meanwhile. */
const HOLD_MS = 2000;

/**
 * Undefined once `settled(value)` holds (or the Observable ended); else the promise suspended
 * renders throw: one per source while pending, resolved when the value settles. It holds the
 * Observable subscribed (the first read goes out now, shared), and a little after.
 */
export function settling<T>(s: Source<T>, obs: Observable<T>, settled: (v: T) => boolean): Promise<void> | undefined {
  if (s.pending) return s.pending;
  let done = false;
  let release = () => {};
  const promise = new Promise<void>((resolve) => {
    const check = () => {
      if (done || !(s.ended || settled(s.value))) return;
      done = true;
      s.pending = undefined;
      resolve();
      const t = setTimeout(() => release(), HOLD_MS) as unknown as { unref?(): void };
      t.unref?.(); // never keeps a server process alive
    };
    release = attach(s, obs, check);
    check();
  });
  return done ? undefined : (s.pending = promise);
}

/** Development builds (see FREEZE in the core for why it is spelled this way). */
const DEV = (() => {
  try {
    return process.env.NODE_ENV !== 'production';
  } catch {
    return true;
  }
})();

/** An Observable's value via useSyncExternalStore, mapped by `derive` (which must be stable per input). */
export function useSnapshot<T, R>(obs: Observable<T> | undefined, initial: T, derive: (value: T) => R): R {
  const source = obs && sourceOf(obs, initial);
  const subscribe = useCallback(
    (onChange: () => void) => (source && obs ? attach(source, obs, onChange) : () => {}),
    [obs, source],
  );
  const get = () => derive(source && obs ? current(source, obs) : initial);
  return useSyncExternalStore(subscribe, get, get);
}

const identity = <T>(v: T) => v;

/**
 * The latest value of an Observable, `initial` until it emits (or, for the store's queries,
 * what the cache holds already).
 *
 * One subscription per Observable, shared by every component.
 * The Observable must keep its identity across renders: `store.x$(id).pipe(map(f))` written
 * inline is a new one each render, so give a factory and its dependencies instead.
 *
 * @example
 * const live = useObservable(() => store.streams.live$().pipe(map((e) => e.data?.length ?? 0)), [store], 0);
 */
export function useObservable<T>(obs: Observable<T>, initial: T): T;
export function useObservable<T>(factory: () => Observable<T>, deps: DependencyList, initial: T): T;
export function useObservable<T>(a: Observable<T> | (() => Observable<T>), b: unknown, c?: T): T {
  const made = typeof a === 'function';
  // biome-ignore lint/correctness/useExhaustiveDependencies: a factory's deps are the caller's
  const obs = useMemo(() => (made ? (a as () => Observable<T>)() : a), made ? (b as DependencyList) : [a]);
  useChurnWarning(obs);
  return useSnapshot(obs, (made ? c : b) as T, identity);
}

/**
 * Development only: a new Observable at every render is the inline `.pipe()` trap (each one
 * subscribes afresh and starts at `initial`), so say how to write it, once. Only when no
 * render so far kept the previous Observable (a changing id does). Told from the render:
 * React drops the effects of the renders this trap causes (nothing they read changed).
 */
function useChurnWarning(obs: unknown): void {
  const r = useRef({ obs: undefined as unknown, renders: 0, changes: 0 }).current;
  if (!DEV || r.renders < 0) return;
  r.renders++;
  if (r.obs !== obs) r.changes++;
  r.obs = obs;
  if (r.changes < r.renders)
    r.renders = -1; // kept once: never the trap
  else if (r.renders >= 3) {
    r.renders = -1;
    console.warn(
      'ivs-store: useObservable got a new Observable each render (inline .pipe()?); write useObservable(() => obs$, [deps], initial)',
    );
  }
}
