import {
  combineLatest,
  defer,
  distinctUntilChanged,
  fromEvent,
  map,
  merge,
  type Observable,
  of,
  shareReplay,
  startWith,
} from 'rxjs';

/**
 * Whether polling makes sense right now, as replaceable Observables (the way TanStack's
 * focusManager/onlineManager and Apollo's refetch sources model it): a hidden tab or an
 * offline device pauses polling, and the return is a signal to refresh once.
 */
export interface Environment {
  /** Emits whether the page is visible; must emit its current value on subscribe. */
  visible$: Observable<boolean>;
  /** Emits whether the device is online; must emit its current value on subscribe. */
  online$: Observable<boolean>;
}

/** @inline */
interface DocumentLike {
  visibilityState?: string;
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/** @inline */
interface WindowLike {
  navigator?: { onLine?: boolean };
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/**
 * From a page's `document` and `window` (defaults to the globals).
 * @example createIvsStore({ ivs, environment: browserEnvironment(iframe.contentDocument, iframe.contentWindow) })
 */
export function browserEnvironment(doc: DocumentLike = document, win: WindowLike = window): Environment {
  return {
    visible$: defer(() =>
      fromEvent(doc, 'visibilitychange').pipe(
        startWith(undefined),
        map(() => doc.visibilityState !== 'hidden'),
      ),
    ),
    online$: defer(() =>
      merge(fromEvent(win, 'online').pipe(map(() => true)), fromEvent(win, 'offline').pipe(map(() => false))).pipe(
        startWith(win.navigator?.onLine !== false),
      ),
    ),
  };
}

/**
 * Always visible and online: Node, workers, tests.
 * @example createIvsStore({ ivs, environment: alwaysActiveEnvironment() })
 */
export function alwaysActiveEnvironment(): Environment {
  return { visible$: of(true), online$: of(true) };
}

/** The browser's signals where there is a document, else always active. */
export function defaultEnvironment(): Environment {
  const g = globalThis as { document?: DocumentLike; window?: WindowLike };
  return g.document && g.window ? browserEnvironment(g.document, g.window) : alwaysActiveEnvironment();
}

/** True while the page is visible and online; emits only on change; shared. */
export function active$(env: Environment): Observable<boolean> {
  return combineLatest([env.visible$, env.online$]).pipe(
    map(([visible, online]) => visible && online),
    distinctUntilChanged(),
    shareReplay({ bufferSize: 1, refCount: true }),
  );
}
