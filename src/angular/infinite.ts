/**
 * Paged lists in Angular: `injectInfiniteList` over any resource's `pages$`, and
 * `injectInfiniteChannels`, as signals of the paged entry (`data.pages`, `hasNextPage`,
 * `fetchingNextPage`, `fetchNextPage`). Call them in an injection context.
 */
import { DestroyRef, computed, inject, signal, type Signal, untracked } from '@angular/core';
import { NEVER, type Observable, type Subscription } from 'rxjs';
import type { ChannelSummary } from '@aws-sdk/client-ivs';
import type { ChannelFilter, IvsStore, PagedEntry } from '../index.js';
import { injectIvsStore } from './store.js';
import { injectZone } from './zone.js';
import { type SkipToken, skipToken } from '../bindings/skip-token.js';
import { IDLE, type InfiniteOptions } from '../bindings/infinite.js';

export type { InfiniteOptions };

/**
 * A paged list of any resource as a signal, unsubscribed when the injection context is destroyed.
 *
 * `pick` chooses the store's `pages$` call and may read signals, which switch the list
 * when they change (the same call keeps its subscription).
 *
 * @example
 * ```ts
 * readonly size = signal(20);
 * readonly stages = injectInfiniteList((s) => s.stages.pages$({ pageSize: this.size() }));
 * // template: @for (s of stages().data?.items ?? []; track s.arn) { <p>{{ s.name }}</p> }
 * //           @if (stages().hasNextPage) { <button (click)="stages().fetchNextPage()">More</button> }
 * ```
 */
export function injectInfiniteList<T>(pick: (store: IvsStore) => Observable<PagedEntry<T>>): Signal<PagedEntry<T>> {
  const store = injectIvsStore();
  const source = computed(() => pick(store));
  // Followed on read rather than by an effect: effects need an app's change detection, and a
  // signal read nowhere needs no switching. Values an Observable replays while being
  // subscribed (inside the computed below) are kept without a signal write, which Angular
  // forbids there; later ones bump `tick`.
  let latest = IDLE as PagedEntry<T>;
  const tick = signal(0);
  let current: Observable<PagedEntry<T>> | undefined;
  let sub: Subscription | undefined;
  let replaying = false;
  const zone = injectZone();
  const follow = (obs: Observable<PagedEntry<T>>) => {
    if (obs === current) return;
    current = obs;
    const old = sub;
    if (old) zone.outside(() => old.unsubscribe());
    replaying = true;
    try {
      sub = zone.outside(() =>
        obs.subscribe((e) => {
          latest = e;
          if (!replaying) zone.inside(() => tick.update((n) => n + 1));
        }),
      );
    } finally {
      replaying = false;
    }
  };
  follow(untracked(source)); // the first list at once
  inject(DestroyRef).onDestroy(() => zone.outside(() => sub?.unsubscribe()));
  return computed(() => {
    const obs = source();
    untracked(() => follow(obs));
    tick();
    return latest;
  });
}

/**
 * Channels page by page, on the same channel entries as `injectChannel` and
 * `injectChannels`; the filter and options may be given as functions reading signals.
 *
 * @example
 * ```ts
 * readonly name = input<string>();
 * readonly channels = injectInfiniteChannels(() => (this.name() ? { filterByName: this.name() } : undefined), { pageSize: 25 });
 * ```
 */
export function injectInfiniteChannels(
  filter?: ChannelFilter | SkipToken | (() => ChannelFilter | SkipToken | undefined),
  options?: InfiniteOptions | (() => InfiniteOptions | undefined),
): Signal<PagedEntry<ChannelSummary>> {
  return injectInfiniteList<ChannelSummary>((s) => {
    const { enabled = true, ...paged } = (typeof options === 'function' ? options() : options) ?? {};
    const f = typeof filter === 'function' ? filter() : filter;
    return enabled && f !== skipToken ? s.channels.pages$(f, paged) : NEVER;
  });
}
