import { useMemo, useRef } from 'react';
import type { Observable } from 'rxjs';
import type { Entry } from '../index.js';
import { LOADING, shallowEqual } from '../bindings/derived-reads.js';
import { useSnapshot } from './source.js';

export { LOADING };

interface Memo {
  raw?: Entry<unknown> | undefined;
  out?: Entry<unknown> | undefined;
  data?: unknown;
  selected?: unknown;
  select?: ((data: never) => unknown) | undefined;
  tracked: Set<string>;
}

/**
 * An `Entry` Observable as React state, re-rendering only when a field the component
 * actually read changed.
 *
 * Like TanStack Query's tracked results: a component that shows
 * `data` does not re-render when a background poll flips `fetching` and finds nothing new.
 * `select` derives `data` (safe inline: see HookOptions); `obs` undefined: `loading`, nothing subscribed.
 *
 * @example
 * const stages = useEntry(useMemo(() => store.stages.list$(), [store]), (list) => list.length);
 */
export function useEntry<T, U = T>(obs: Observable<Entry<T>> | undefined, select?: (data: T) => U): Entry<U> {
  const memo = useRef<Memo>({ tracked: new Set() }).current;
  memo.select = select as Memo['select'];
  const entry = useSnapshot(obs, LOADING as Entry<T>, (raw) => derive(memo, raw as Entry<unknown>)) as Entry<U>;
  return useMemo(
    () =>
      new Proxy(entry, {
        get(target, key, receiver) {
          if (typeof key === 'string') memo.tracked.add(key);
          return Reflect.get(target, key, receiver) as unknown;
        },
      }),
    [entry, memo],
  );
}

/**
 * The entry to render for `raw`: the previous one while `raw` is the same, or while every
 * field the component read is the same; `select` runs only when the data changed, and an
 * equal result (shallowEqual) keeps the previous one, so the snapshot is stable.
 */
function derive(m: Memo, raw: Entry<unknown>): Entry<unknown> {
  if (raw === m.raw && m.out) return m.out;
  let next = raw;
  if (m.select) {
    if (!m.raw || raw.data !== m.data) {
      const selected = raw.data === undefined ? undefined : m.select(raw.data as never);
      if (!shallowEqual(selected, m.selected)) m.selected = selected;
      m.data = raw.data;
    }
    next = { ...raw, data: m.selected } as Entry<unknown>;
  }
  const prev = m.out;
  m.raw = raw;
  if (prev && m.tracked.size > 0 && [...m.tracked].every((k) => Object.is(field(prev, k), field(next, k)))) return prev;
  if (prev && next !== raw && sameFields(prev, next)) return prev;
  m.out = next;
  return next;
}

const field = (e: Entry<unknown>, k: string) => (e as unknown as Record<string, unknown>)[k];
const sameFields = (a: Entry<unknown>, b: Entry<unknown>) =>
  a.status === b.status &&
  a.data === b.data &&
  a.error === b.error &&
  a.updatedAt === b.updatedAt &&
  a.fetching === b.fetching;
