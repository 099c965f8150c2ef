/**
 * "Tabs" of one browser in one Node process, for the tabs scenario: each tab its own SDK
 * clients (as each page has), its own BroadcastChannel object (Node's own, as in a
 * browser) and, for ivs-store, its own LockManager of one shared fake Web Locks.
 */
import { BatchGetChannelCommand, IvsClient, ListChannelsCommand, ListStreamsCommand } from '@aws-sdk/client-ivs';
import * as realtimeSdk from '@aws-sdk/client-ivs-realtime';
import { IVSRealTimeClient, ListParticipantsCommand, ListStagesCommand } from '@aws-sdk/client-ivs-realtime';
import { broadcastQueryClient } from '@tanstack/query-broadcast-client-experimental';
import { QueryClient, QueryObserver, type QueryKey } from '@tanstack/query-core';
import { firstValueFrom, type Subscription } from 'rxjs';
import { watchDashboard } from '../../demo/app/watch.js';
import type { IvsSimulator } from '../../src/simulator/index.js';
import type { TabsMetrics } from '../../src/store/tabs.js';
import { FakeLocks } from '../../test/support/fake-locks.js';
import { createIvsStore, realtimeResources, type IvsStore } from './ivs-store.js';
import { UNLIMITED } from './sim.js';

/**
 * Quotas raised, RealTime's too: polled this often, 3 stages' ListParticipants would pass
 * the published 5 a second and the store would space them out, which TanStack does not do;
 * what is measured here is what tabs share, not quota-keeping.
 */
const RAISED: Record<string, number> = {
  ...UNLIMITED,
  ...Object.fromEntries(
    Object.keys(realtimeSdk)
      .filter((k) => /^[A-Z]\w+Command$/.test(k))
      .map((k) => [k.slice(0, -'Command'.length), 100_000]),
  ),
};

/** What a tab shows once its page has loaded: every channel, card, stage and participant list. */
export interface Shown {
  channels: number;
  cards: number;
  stages: number;
  participantLists: number;
}

export interface Tab {
  /** Calls this tab's own clients sent (the SDK's middleware counts them). */
  sent(): number;
  shown(): Promise<Shown>;
  close(): void;
  /** ivs-store's: this tab's role and the group's size, as metrics$ says them. */
  tabs?(): TabsMetrics | undefined;
}

/** Both SDK clients of one tab, with a count of what they send. */
function clients(sim: IvsSimulator) {
  const config = { endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 };
  const ivs = new IvsClient(config);
  const realtime = new IVSRealTimeClient(config);
  let sent = 0;
  const count = { step: 'initialize', name: 'benchCount' } as const;
  ivs.middlewareStack.add(
    (next) => (args) => {
      sent++;
      return next(args);
    },
    count,
  );
  realtime.middlewareStack.add(
    (next) => (args) => {
      sent++;
      return next(args);
    },
    count,
  );
  return {
    ivs,
    realtime,
    sent: () => sent,
    destroy: () => {
      ivs.destroy();
      realtime.destroy();
    },
  };
}

/** Stores of one account in N tabs: one FakeLocks stands for the browser's Web Locks. */
export function storeTabs(sim: IvsSimulator, key: string, refetchInterval: number) {
  const locks = new FakeLocks();
  let n = 0;
  return (): Tab => {
    const id = `tab${++n}`;
    const c = clients(sim);
    const store = createIvsStore({
      ivs: c.ivs,
      realtime: realtimeResources(c.realtime),
      refetchInterval,
      quotas: RAISED,
      tabs: { locks: locks.tab(id), key },
    });
    let tabs: TabsMetrics | undefined;
    const metrics: Subscription = store.metrics$.subscribe((m) => (tabs = m.tabs));
    const unwatch = watchDashboard(store);
    return {
      sent: c.sent,
      tabs: () => tabs,
      shown: () => storeShown(store),
      close() {
        unwatch();
        metrics.unsubscribe();
        store.dispose();
        // A tab that closes lets go of its locks.
        locks.crash(id);
        c.destroy();
      },
    };
  };
}

/** What a page showing the whole of `sim`'s world shows: every channel and card, every stage, and a panel per stage with someone on it. */
export function wholePage(sim: IvsSimulator): Shown {
  const { ivs, realtime } = sim.control;
  const stages = realtime.stageArns();
  return {
    channels: ivs.channelArns().length,
    cards: ivs.channelArns().length,
    stages: stages.length,
    // A stage with someone on it has a session: its panel lists them.
    participantLists: stages.filter((arn) => realtime.connectedParticipantIds(arn).length > 0).length,
  };
}

/** What the store's Observables hold now (each replays its entry on subscribe). */
export async function storeShown(store: IvsStore): Promise<Shown> {
  const channels = (await firstValueFrom(store.channels.list$())).data ?? [];
  const stages = (await firstValueFrom(store.stages.list$())).data ?? [];
  let cards = 0;
  for (const ch of channels)
    if (ch.arn && (await firstValueFrom(store.channels.get$(ch.arn))).status === 'success') cards++;
  let participantLists = 0;
  for (const s of stages)
    if (s.arn && s.activeSessionId && (await firstValueFrom(store.participants.list$(s.arn))).status === 'success')
      participantLists++;
  return { channels: channels.length, cards, stages: stages.length, participantLists };
}

/** Every page of a list, as a TanStack user's queryFn reads it. */
async function all<T>(page: (nextToken: string | undefined) => Promise<{ items?: T[]; nextToken?: string }>) {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const out = await page(token);
    items.push(...(out.items ?? []));
    token = out.nextToken;
  } while (token);
  return items;
}

/**
 * TanStack Query as a user writes the same page: a query per read the widgets need (the
 * channel list, a BatchGetChannel per 50 cards, the live streams, the stages, each stage's
 * participants), each polled with refetchInterval, the cards' and panels' queries made once
 * their list has loaded; broadcastQueryClient over Node's BroadcastChannel shares the state.
 */
export function tanstackTabs(sim: IvsSimulator, channelName: string, refetchInterval: number) {
  return (): Tab => {
    const c = clients(sim);
    // retry: 3 is TanStack's default in a browser (query-core turns retries off on a server).
    const client = new QueryClient({ defaultOptions: { queries: { retry: 3, refetchInterval } } });
    const stopBroadcast = broadcastQueryClient({
      // The plugin pins query-core 5.104 (its own copy); it only uses the cache's public API.
      queryClient: client as unknown as Parameters<typeof broadcastQueryClient>[0]['queryClient'],
      broadcastChannel: channelName,
      options: { type: 'native' },
    });
    const unsubscribes: Array<() => void> = [];
    const watch = <T>(queryKey: QueryKey, queryFn: (signal: AbortSignal) => Promise<T>, then?: (data: T) => void) => {
      let done = false;
      unsubscribes.push(
        new QueryObserver(client, { queryKey, queryFn: ({ signal }) => queryFn(signal) }).subscribe((r) => {
          if (done || r.data === undefined) return;
          done = true;
          then?.(r.data);
        }),
      );
    };
    watch(
      ['channels'],
      (signal) =>
        all((nextToken) =>
          c.ivs
            .send(new ListChannelsCommand({ nextToken, maxResults: 100 }), { abortSignal: signal })
            .then((o) => ({ items: o.channels, nextToken: o.nextToken })),
        ),
      (channels) => {
        const arns = channels.flatMap((ch) => ch.arn ?? []);
        for (let i = 0; i < arns.length; i += 50) {
          const chunk = arns.slice(i, i + 50);
          watch(
            ['cards', chunk],
            async (signal) =>
              (await c.ivs.send(new BatchGetChannelCommand({ arns: chunk }), { abortSignal: signal })).channels ?? [],
          );
        }
      },
    );
    watch(['streams'], (signal) =>
      all((nextToken) =>
        c.ivs
          .send(new ListStreamsCommand({ nextToken, maxResults: 100 }), { abortSignal: signal })
          .then((o) => ({ items: o.streams, nextToken: o.nextToken })),
      ),
    );
    watch(
      ['stages'],
      (signal) =>
        all((nextToken) =>
          c.realtime
            .send(new ListStagesCommand({ nextToken, maxResults: 100 }), { abortSignal: signal })
            .then((o) => ({ items: o.stages, nextToken: o.nextToken })),
        ),
      (stages) => {
        for (const { arn: stageArn, activeSessionId: sessionId } of stages)
          if (stageArn && sessionId)
            watch(['participants', stageArn, sessionId], (signal) =>
              all((nextToken) =>
                c.realtime
                  .send(new ListParticipantsCommand({ stageArn, sessionId, nextToken, maxResults: 100 }), {
                    abortSignal: signal,
                  })
                  .then((o) => ({ items: o.participants, nextToken: o.nextToken })),
              ),
            );
      },
    );
    const data = <T>(key: QueryKey) => client.getQueryData<T[]>(key);
    return {
      sent: c.sent,
      shown: async () => {
        const channels = data<{ arn?: string }>(['channels']) ?? [];
        const stages = data<{ arn?: string; activeSessionId?: string }>(['stages']) ?? [];
        const cards = client
          .getQueryCache()
          .findAll({ queryKey: ['cards'] })
          .reduce((n, q) => n + ((q.state.data as unknown[] | undefined)?.length ?? 0), 0);
        const participantLists = stages.filter(
          (s) => data(['participants', s.arn, s.activeSessionId]) !== undefined,
        ).length;
        return { channels: channels.length, cards, stages: stages.length, participantLists };
      },
      close() {
        for (const u of unsubscribes) u();
        stopBroadcast();
        client.clear();
        c.destroy();
      },
    };
  };
}
