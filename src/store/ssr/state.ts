/**
 * The cache as a server render leaves it for the page: plain JSON (Dates, errors and, when
 * asked, secrets as tagged objects), versioned so a page never reads a state it does not know.
 */
export interface DehydratedState {
  /** The format's version: 1. */
  v: 1;
  /** The store resources whose code the server used: the page loads them before it hydrates. */
  resources: string[];
  entries: DehydratedEntry[];
}

/** One cache entry of a `DehydratedState`. */
export interface DehydratedEntry {
  collection: string;
  id: string;
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

/** Options of `dehydrate`. */
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
