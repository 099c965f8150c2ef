import { IvsClient } from '@aws-sdk/client-ivs';
import { BehaviorSubject, of } from 'rxjs';
import { createIvsStore, type IvsStore, type IvsStoreOptions } from '../../src/index.js';
import type { IvsSimulator } from '../../src/simulator/index.js';
import { FakeLocks } from './fake-locks.js';
import { onSend, until } from './world.js';

/** A store in a "tab" of one browser, in Node: its own client (what it sends is counted), page visibility, locks. */
export interface Tab {
  store: IvsStore;
  id: string;
  /** Operations this tab's client sent, in order. */
  sent: string[];
  visible$: BehaviorSubject<boolean>;
  /** The tab closes: its store goes, and so do its locks (as a closed or crashed tab's). */
  close(): void;
}

/**
 * Tabs of one browser over one simulator: Node's BroadcastChannel (each store its own
 * channel object, as each tab has), and Web Locks from a fake with their semantics.
 */
export function browser(sim: IvsSimulator, defaults: Partial<IvsStoreOptions> = {}) {
  const locks = new FakeLocks();
  const open: Tab[] = [];
  let n = 0;
  return {
    locks,
    tab(options: { key?: string; visible?: boolean; events?: IvsStoreOptions['events'] } = {}): Tab {
      const id = `tab${++n}`;
      const ivs = new IvsClient({
        endpoint: sim.endpoint,
        region: sim.region,
        credentials: sim.credentials,
        maxAttempts: 1,
      });
      const sent: string[] = [];
      onSend(ivs, (operation) => sent.push(operation));
      const visible$ = new BehaviorSubject(options.visible ?? true);
      const store = createIvsStore({
        ivs,
        refetchInterval: 300,
        graceTime: 0,
        environment: { visible$, online$: of(true) },
        ...defaults,
        ...(options.events && { events: options.events }),
        tabs: { locks: locks.tab(id), ...(options.key ? { key: options.key } : {}) },
      });
      const t: Tab = {
        store,
        id,
        sent,
        visible$,
        close() {
          store.dispose();
          locks.crash(id);
          ivs.destroy();
        },
      };
      open.push(t);
      return t;
    },
    /** A tab that leads and one that follows it, once the election has answered each. */
    async leaderAndFollower(): Promise<[Tab, Tab]> {
      const leader = this.tab();
      await roleOf(leader.store);
      const follower = this.tab();
      await roleOf(follower.store);
      return [leader, follower];
    },
    closeAll() {
      for (const t of open.splice(0)) t.close();
    },
  };
}

/** This store's role once the election has answered. */
export const roleOf = (store: IvsStore) =>
  until(store.metrics$, (m) => m.tabs !== undefined && m.tabs.role !== 'pending').then((m) => m.tabs?.role);
