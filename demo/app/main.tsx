/**
 * The dashboard: one store, fed to React (grid, header, stages, feed), Vue (top channels)
 * and plain RxJS (API budget). The page signs its own requests with the real AWS SDK
 * clients, to the simulator or to AWS (store.ts), or, with `--relay`, reads through the
 * demo's relay with no clients at all (relay-store.ts). What each widget watches is in
 * watch.ts.
 */
import type { ReactNode } from 'react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createIvsStore, fromEventSource, type IvsStore } from 'ivs-store';
import { IvsStoreProvider } from 'ivs-store/react';
import { realtimeResources } from 'ivs-store/realtime';
import { loadConfig } from './config.js';
import { pushEvents, pushWanted } from './push.js';
import { devtoolsButton } from './devtools.js';
import { relayStore } from './relay-store.js';
import { ChannelGrid } from './react/ChannelGrid.js';
import { Feed } from './react/Feed.js';
import { Stages } from './react/Stages.js';
import { Summary } from './react/Summary.js';
import { WorldControls } from './react/WorldControls.js';
import { mountApiBudget } from './widgets/api-budget.rxjs.js';
import { mountTopChannels } from './widgets/top-channels.vue.js';

const element = (id: string) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el;
};

function mountReact(id: string, store: IvsStore, node: ReactNode): void {
  createRoot(element(id)).render(
    <StrictMode>
      <IvsStoreProvider store={store}>{node}</IvsStoreProvider>
    </StrictMode>,
  );
}

async function start(): Promise<void> {
  const config = await loadConfig();
  // The "push events" switch (in the API budget widget) reloads the page with ?push=1.
  const push = pushWanted(config, location.search);
  // Through the relay, the page needs no AWS SDK: the direct store's module (and the SDK with
  // it) is a chunk this page loads only when it reads for itself.
  const store = config.relay
    ? relayStore(config.relay, { createIvsStore })
    : (await import('./store.js')).dashboardStore(
        config,
        { createIvsStore, realtimeResources },
        push ? pushEvents(config, { fromEventSource }) : undefined,
      );
  element('mode').textContent =
    (config.mode === 'aws' ? `AWS ${config.region}` : 'simulator') + (config.relay ? ' · via relay' : '');
  const canControl = config.mode === 'simulator';

  mountReact('summary', store, <Summary />);
  mountReact('channels', store, <ChannelGrid canControl={canControl} />);
  mountReact('world', store, <WorldControls config={config} />);
  mountReact('stages', store, <Stages canControl={canControl} />);
  mountReact('feed', store, <Feed />);
  mountTopChannels(element('top-channels'), store);
  mountApiBudget(element('api-budget'), store, { push, canPush: canControl && !config.relay });
  devtoolsButton(element('devtools') as HTMLButtonElement, store);
  // The page's store, for the browser console (and the browser tests that read through it).
  (window as unknown as { ivsStore: IvsStore }).ivsStore = store;
  addEventListener('pagehide', () => store.dispose());
}

start().catch((err: unknown) => {
  const box = element('fatal');
  box.hidden = false;
  box.textContent = `The dashboard could not start: ${err instanceof Error ? err.message : String(err)}`;
  throw err;
});
