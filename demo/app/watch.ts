import { type Observable, Subscription } from 'rxjs';
import type { Entry, IvsStore } from 'ivs-store';
import { activity$ } from './feed.js';

/**
 * Every store query the dashboard's widgets watch, written once: the widgets (React, Vue
 * and plain RxJS) subscribe these and nothing else of the store's reads, so what the page
 * polls is what this file says. `watchDashboard` subscribes the whole page's set without a
 * DOM, for the tests and the bench that count the page's calls
 * (test/demo/calls.integration.test.ts, bench/scenarios/demo-calls.ts).
 */
export const queries = {
  /** The header's counts (Summary.tsx): over the channels the cards watch, no read of its own. */
  summary: (store: IvsStore) => store.streams.summary$(),
  /** Every channel (ChannelGrid.tsx; the names in Feed.tsx and top-channels.vue.ts). */
  channels: (store: IvsStore) => store.channels.list$(),
  /** A card's channel (ChannelCard.tsx): read with every other card's in one BatchGetChannel. */
  channel: (store: IvsStore, arn: string) => store.channels.get$(arn),
  /** A card's health badge (ChannelCard.tsx): from the ListStreams sweep. */
  health: (store: IvsStore, arn: string) => store.streams.health$(arn),
  /** A card's viewer sparkline (ChannelCard.tsx): the same reads as its badge. */
  history: (store: IvsStore, arn: string) => store.streams.healthHistory$(arn, { size: 40 }),
  /** Every stage (Stages.tsx; the names in Feed.tsx; the stages the feed follows). */
  stages: (store: IvsStore) => store.stages.list$(),
  /**
   * Who is on a stage (a panel of Stages.tsx), the whole session's list: the same query the
   * feed's `changes$` diffs, so both cost one ListParticipants per stage per cycle.
   */
  participants: (store: IvsStore, stageArn: string) => store.participants.list$(stageArn),
  /** The activity feed (Feed.tsx): transitions and participant changes on every stage (feed.ts). */
  activity: (store: IvsStore) => activity$(store),
  /** Every live stream, for the most watched (top-channels.vue.ts). */
  live: (store: IvsStore) => store.streams.live$(),
};

/**
 * The whole page's subscriptions, as main.tsx mounts its widgets: each widget's queries,
 * and a card per channel and a panel per stage while the lists show them (as React keeps
 * a keyed child: subscribed while its item is in the list, dropped while the list has no
 * data). The API budget widget reads `metrics$` (no call). Returns how to unsubscribe all.
 */
export function watchDashboard(store: IvsStore): () => void {
  const subscription = new Subscription();
  const watch = (...sources: Array<Observable<unknown>>) => {
    for (const source of sources) subscription.add(source.subscribe());
  };
  // Summary.tsx
  watch(queries.summary(store));
  // ChannelGrid.tsx, and a ChannelCard.tsx per channel
  watch(queries.channels(store));
  subscription.add(
    each(
      queries.channels(store),
      (c) => c.arn,
      (arn) => [queries.channel(store, arn), queries.health(store, arn), queries.history(store, arn)],
    ),
  );
  // Stages.tsx, and a panel per stage
  watch(queries.stages(store));
  subscription.add(
    each(
      queries.stages(store),
      (s) => s.arn,
      (arn) => [queries.participants(store, arn)],
    ),
  );
  // Feed.tsx
  watch(queries.activity(store), queries.channels(store), queries.stages(store));
  // top-channels.vue.ts
  watch(queries.live(store), queries.channels(store));
  // api-budget.rxjs.ts
  watch(store.metrics$);
  return () => subscription.unsubscribe();
}

/** One set of subscriptions per item of a list, by key, while the list shows the item. */
function each<T>(
  list$: Observable<Entry<T[]>>,
  keyOf: (item: T) => string | undefined,
  watch: (key: string) => Array<Observable<unknown>>,
): Subscription {
  const held = new Map<string, Subscription>();
  const sub = list$.subscribe((entry) => {
    const keys = new Set((entry.data ?? []).flatMap((item) => keyOf(item) || []));
    for (const [key, s] of held)
      if (!keys.has(key)) {
        s.unsubscribe();
        held.delete(key);
      }
    for (const key of keys) {
      if (held.has(key)) continue;
      const s = new Subscription();
      for (const source of watch(key)) s.add(source.subscribe());
      held.set(key, s);
    }
  });
  sub.add(() => {
    for (const s of held.values()) s.unsubscribe();
    held.clear();
  });
  return sub;
}
