/**
 * `ivs-store/devtools`: a panel showing what a store holds and does (cache entries, polls,
 * quota budget, calls), in plain DOM calls, mountable in any page. Load it lazily
 * (`import('ivs-store/devtools')`) so that an app's own bundle carries none of it.
 *
 * @module ivs-store/devtools
 */
import { type IvsStore, IvsStoreError } from '../index.js';
import { inspect } from './inspection.js';
import { mountPanel } from './panel.js';

/** Where the devtools panel goes and how it draws. */
export interface DevtoolsOptions {
  /** The element to put the panel in. Default: docked along the bottom of `document.body`. */
  target?: Element;
  /** How often the panel redraws while open and its page visible, ms. Default 1000. */
  refreshInterval?: number;
  /** How many of the last calls it lists. Default 50. */
  maxCalls?: number;
  /** How many cache entries it lists at most (the filter finds the others). Default 300. */
  maxEntries?: number;
  /** Start collapsed to its header line (nothing is drawn until opened). Default false. */
  collapsed?: boolean;
}

/** A mounted devtools panel. */
export interface DevtoolsHandle {
  /**
   * Removes the panel and releases its timer, subscriptions and listeners. Idempotent.
   * @example
   * const devtools = mountDevtools(store);
   * window.addEventListener('pagehide', () => devtools.unmount());
   */
  unmount(): void;
}

/**
 * Mounts the devtools panel for `store`.
 *
 * It shows its cache entries (status, age, watchers, next poll, last error), polls per kind (interval asked for and interval the quotas allow), the quota
 * budget per operation, and the last calls with their duration and outcome. Cached data is
 * never shown, so Secrets cannot appear in it.
 *
 * @example
 * ```ts
 * import { createIvsStore } from 'ivs-store';
 * import { IvsClient } from '@aws-sdk/client-ivs';
 *
 * const store = createIvsStore({ ivs: new IvsClient({ region: 'us-east-1' }) });
 * const { mountDevtools } = await import('ivs-store/devtools');
 * const devtools = mountDevtools(store, { maxCalls: 100 });
 * // later
 * devtools.unmount();
 * ```
 */
export function mountDevtools(store: IvsStore, options: DevtoolsOptions = {}): DevtoolsHandle {
  const fail = (field: string, rule: string): never => {
    throw new IvsStoreError({
      kind: 'validation',
      operation: 'mountDevtools',
      field,
      message: `mountDevtools: '${field}' ${rule}`,
    });
  };
  if (typeof options !== 'object' || options === null) fail('options', 'must be an object or absent');
  const { target, refreshInterval = 1000, maxCalls = 50, maxEntries = 300, collapsed = false } = options;
  const count = (field: string, n: unknown, min: number) =>
    Number.isInteger(n) && (n as number) >= min
      ? (n as number)
      : fail(field, `must be an integer >= ${min}, got ${String(n)}`);
  if (target !== undefined && !(typeof target === 'object' && target !== null && 'appendChild' in target))
    fail('target', 'must be a DOM Element or absent');
  if (target === undefined && typeof document === 'undefined')
    fail('target', 'is needed outside a page (there is no document)');
  const inspection = inspect(store) ?? fail('store', 'must be a store made by createIvsStore');
  let unmount: (() => void) | undefined = mountPanel(inspection, {
    target,
    refreshInterval: count('refreshInterval', refreshInterval, 100),
    maxCalls: count('maxCalls', maxCalls, 1),
    maxEntries: count('maxEntries', maxEntries, 1),
    collapsed: collapsed === true,
  });
  return {
    unmount() {
      unmount?.();
      unmount = undefined;
    },
  };
}
