import { distinctUntilChanged, filter, map, type Observable } from 'rxjs';
import { peekOf, withPeek } from './peek-key.js';

export { peekOf, withPeek };

/**
 * Peeks for Observables built by piping a query: what a new subscriber would be given first,
 * told from the peek of what they pipe, so a framework renders cached data in its first
 * render (and on the server) for `health$` as it does for `get$`.
 */

/**
 * `project` remembering its last argument: the same result object while given the same
 * argument (the cache keeps an unchanged entry's identity, so a projection of it is stable).
 */
export function lastOf<S, T>(project: (s: S) => T): (s: S) => T {
  let input: S | undefined;
  let output: T | undefined;
  let has = false;
  return (s) => {
    if (!has || s !== input) {
      output = project(s);
      input = s;
      has = true;
    }
    return output as T;
  };
}

/**
 * `source` through `project`, without the undefined results, emitting only when `same` (by
 * default identity) says the value changed; its peek is `project` of the source's peek, so
 * it is what the first value would be. The subscription and the peek share one memo of
 * `project`: the first value is the very object the peek gave.
 */
export function derived$<S, T>(
  source: Observable<S>,
  project: (s: S) => T | undefined,
  same?: (a: T, b: T) => boolean,
): Observable<T> {
  const f = lastOf(project);
  return withPeek(
    source.pipe(
      map(f),
      filter((v): v is T => v !== undefined),
      distinctUntilChanged(same),
    ),
    () => {
      const s = peekOf(source);
      return s === undefined ? undefined : f(s);
    },
  );
}
