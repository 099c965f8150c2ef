/**
 * The store's cache as a server render leaves it for the page (what `dehydrate` returns).
 *
 * Plain JSON: Dates, errors and (when asked) secrets are tagged objects, made again by
 * `hydrate`; versioned (`v`), so a page never reads a state it does not know.
 *
 * @example
 * ```ts
 * const state: DehydratedState = dehydrate(store);
 * const script = `window.__IVS_STATE__ = ${JSON.stringify(state).replace(/</g, '\\u003c')}`;
 * ```
 */
export interface DehydratedState {
  /** The format's version: 1. */
  v: 1;
  /** The store resources whose code the server used: `hydrate` waits for the page to load them. */
  resources: string[];
  /** The cache entries, one per resource read. */
  entries: DehydratedEntry[];
}

/**
 * One cache entry of a `DehydratedState`: where it is, its status, its encoded data and when
 * it changed and was read.
 *
 * @example
 * ```ts
 * const channels = dehydrate(store).entries.filter((e: DehydratedEntry) => e.collection === 'channels');
 * ```
 */
export interface DehydratedEntry {
  /** The store collection the entry is in (`channels`, `stages`…). */
  collection: string;
  /** The entry's key in its collection (an ARN, or a list's filter). */
  id: string;
  /** How the server's read ended. */
  status: 'success' | 'not-found' | 'error';
  /** The data, encoded; absent for `not-found`. */
  data?: unknown;
  /** The error, encoded (`status: 'error'` only). */
  error?: unknown;
  /** When the data last changed on the server (ms since epoch); absent for an error with no data ever read. */
  updatedAt?: number;
  /**
   * When the server last read it successfully: how fresh it is on the page. Absent when the
   * page should read it at once (an error, or an entry whose secrets were left out).
   */
  checkedAt?: number;
}

/**
 * What `dehydrate` puts in the state beyond successful reads: secrets, errors.
 *
 * @example
 * ```ts
 * // A page for the channel's owner, who may copy its stream key.
 * const state = dehydrate(store, { secrets: true, errors: true });
 * ```
 */
export interface DehydrateOptions {
  /**
   * Put secrets (stream key values, SRT passphrases, participant tokens) in the state, to
   * come back as `Secret`s. Default false: a secret is left out, and its entry is read again
   * on the page at once (it shows the rest meanwhile). Only for pages meant for the secret's
   * owner: the state is in the HTML.
   */
  secrets?: boolean;
  /**
   * Put failed reads in the state (kind, message, code…, and the last good data), so the page
   * renders the error the server rendered and reads again at once. Default false, as error
   * messages may name the server's own identity; the page then shows `loading` where the
   * server showed the error.
   */
  errors?: boolean;
}
