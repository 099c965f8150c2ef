import {
  getCurrentScope,
  onScopeDispose,
  shallowRef,
  toValue,
  watch,
  type MaybeRefOrGetter,
  type ShallowRef,
} from 'vue';
import type { Observable, Subscription } from 'rxjs';
import type { Entry } from '../index.js';
import { LOADING } from '../bindings/derived-reads.js';

/**
 * The latest value of an Observable, `initial` until it emits.
 *
 * `source` is the Observable, or a ref or getter of it: when that changes, the old subscription ends, the ref goes back
 * to `initial` (never the previous source's value) and the new one starts. A getter is run
 * only when the refs it reads change, so `() => obs$.pipe(map(f))` subscribes once.
 * `undefined` subscribes to nothing.
 * @example
 * const viewers = useObservable(() => store.streams.health$(props.arn).pipe(map((h) => h.viewerCount)), 0);
 */
export function useObservable<T>(
  source: MaybeRefOrGetter<Observable<T> | undefined>,
  initial: T,
): Readonly<ShallowRef<T>> {
  return follow(source, initial);
}

/** `useObservable`, calling `onValue` with each value as well (for callbacks). */
export function follow<T>(
  source: MaybeRefOrGetter<Observable<T> | undefined>,
  initial: T,
  onValue?: (value: T) => void,
): Readonly<ShallowRef<T>> {
  const value = shallowRef(initial) as ShallowRef<T>;
  let sub: Subscription | undefined;
  watch(
    () => toValue(source),
    (obs) => {
      sub?.unsubscribe();
      sub = undefined;
      value.value = initial;
      sub = obs?.subscribe((v) => {
        value.value = v;
        onValue?.(v);
      });
    },
    { immediate: true },
  );
  if (getCurrentScope()) onScopeDispose(() => sub?.unsubscribe());
  return value;
}

/**
 * An `Entry` Observable (or a ref or getter of one) as a ref, `loading` until it emits.
 * @example
 * const key = useEntry(() => store.streamKeys.get$(props.keyArn));
 */
export function useEntry<T>(
  source: MaybeRefOrGetter<Observable<Entry<T>> | undefined>,
): Readonly<ShallowRef<Entry<T>>> {
  return follow(source, LOADING as Entry<T>);
}
