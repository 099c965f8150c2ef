import { interval, map, scan, startWith, withLatestFrom } from 'rxjs';
import { publishedQuota, type EventMetrics, type IvsStore, type StoreMetrics } from 'ivs-store';
import { PUSH_AWS_TITLE, withPush } from '../push.js';
import { budgetOf, EMPTY_WINDOW, RATE_WINDOW_S, RECENT_WINDOW_S, slide } from './budget-window.js';

/** The API budget from `store.metrics$`: one reading a second, rates and counts over sliding windows. */
export function budget$(store: IvsStore) {
  return interval(1000).pipe(
    startWith(0),
    withLatestFrom(store.metrics$),
    map(([, reading]) => reading),
    scan(slide, EMPTY_WINDOW),
    map((w) => ({
      ...budgetOf(w.readings, publishedQuota, w.fromStart),
      tabs: w.readings.at(-1)?.tabs,
      events: w.readings.at(-1)?.events,
    })),
  );
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/**
 * "leader · 3 tabs", and why a follower's figures are not its own: tabs of one browser
 * share one poller (the store's `tabs`), so a follower shows the leader's calls, the
 * group's shared budget.
 */
function tabsOf(tabs: StoreMetrics['tabs']): { text: string; title: string } | undefined {
  if (!tabs) return undefined;
  const { role, members } = tabs;
  const group = `${members} ${plural(members, 'tab', 'tabs')}`;
  const title =
    role === 'follower'
      ? `This tab follows: another tab of this browser reads for all ${members}. The figures are that leader tab's calls, the group's shared budget.`
      : role === 'leader' && members > 1
        ? `This tab reads for all ${members} tabs of this browser: the figures are the group's shared budget.`
        : role === 'leader'
          ? 'This tab reads for itself; tabs of this dashboard opened in this browser would share its calls.'
          : 'Finding out whether another tab of this browser already reads for this account.';
  return { text: `${role} · ${group}`, title };
}

/**
 * "⚡ healthy · 12 events, 10 applied": the event feed as `metrics$.events` counts it, and
 * the whole tally in the title.
 */
function eventsOf(events: EventMetrics | undefined): { text: string; title: string } {
  if (!events) return { text: 'off: polling only', title: 'Every change is found by polling.' };
  const { healthy, received, applied, duplicates, stale, unused, foreign, malformed, failures } = events;
  return {
    text: `${healthy ? 'healthy' : 'not healthy'} · ${received} ${plural(received, 'event', 'events')}, ${applied} applied`,
    title: [
      healthy
        ? 'The event feed is healthy: streams, stages and participant lists are read only at the safety interval (60 s); the events tell the rest.'
        : 'The event feed is quiet or failing: everything is polled at its own interval until it recovers.',
      `Events received ${received}: applied ${applied}, duplicates ${duplicates}, stale ${stale}, unused ${unused}, foreign ${foreign}, malformed ${malformed}.`,
      `Feed failures (resubscribed): ${failures}.`,
    ].join('\n'),
  };
}

export interface PushSwitch {
  /** The page's store was created with the simulator's events. */
  push: boolean;
  /** The simulator serves events; on AWS the switch is disabled (PUSH_AWS_TITLE). */
  canPush: boolean;
}

/** A widget in plain RxJS and DOM calls: no framework, the same store. */
export function mountApiBudget(
  el: HTMLElement,
  store: IvsStore,
  pushSwitch: PushSwitch = { push: false, canPush: false },
): () => void {
  el.innerHTML = `
    <div data-field="rate-box">
      <div><span class="muted">API</span> <b class="num" data-field="rate">0</b> <span class="muted">calls/s</span> <span class="muted tabs" data-field="tab-role" hidden></span></div>
      <div class="meter"><i data-field="meter" style="width:0"></i></div>
      <div class="muted busiest" data-field="busiest">&nbsp;</div>
    </div>
    <div data-field="recent-box">
      <div data-field="batching"><span class="muted">batched</span> <b class="num" data-field="reads">0</b> <span class="muted">reads in</span> <b class="num" data-field="calls">0</b> <span class="muted" data-field="calls-unit">calls</span></div>
      <div class="muted" data-field="trouble"><span class="num" data-field="throttles">0</span> throttled · <span class="num" data-field="retries">0</span> retries <span class="window">· last ${RECENT_WINDOW_S} s</span></div>
    </div>
    <div class="push-box" data-field="push-box">
      <label class="push-switch"><input type="checkbox" data-field="push"> push events</label>
      <div class="muted" data-field="events">&nbsp;</div>
    </div>`;
  const field = (name: string) => el.querySelector<HTMLElement>(`[data-field="${name}"]`)!;
  const rateBox = field('rate-box');
  const rate = field('rate');
  const meter = field('meter');
  const busiest = field('busiest');
  const recentBox = field('recent-box');
  const reads = field('reads');
  const calls = field('calls');
  const callsUnit = field('calls-unit');
  const trouble = field('trouble');
  const throttles = field('throttles');
  const retries = field('retries');
  const tabRole = field('tab-role');
  const pushBox = field('push-box');
  const pushInput = field('push') as HTMLInputElement;
  const eventsLine = field('events');
  pushInput.checked = pushSwitch.push;
  pushInput.disabled = !pushSwitch.canPush;
  pushBox.title = pushSwitch.canPush
    ? 'Have the simulator push its EventBridge events to this page (Server-Sent Events): changes show at once, ⚡ in the activity feed, and the calls per second fall. Reloads the page.'
    : PUSH_AWS_TITLE;
  // The store's events are fixed when it is created: the page reloads with the switch's setting.
  const toggle = () => location.assign(withPush(location.href, pushInput.checked));
  pushInput.addEventListener('change', toggle);
  const sub = budget$(store).subscribe((b) => {
    rate.textContent = b.callsPerSecond.toFixed(1);
    const share = b.busiest ? b.busiest.perSecond / b.busiest.quota : 0;
    meter.style.width = `${Math.min(100, Math.round(share * 100))}%`;
    meter.parentElement!.classList.toggle('hot', share > 0.8);
    busiest.textContent = b.busiest
      ? `busiest: ${b.busiest.operation} ${b.busiest.perSecond.toFixed(1)} of ${b.busiest.quota}/s`
      : 'idle';
    const tabs = tabsOf(b.tabs);
    tabRole.hidden = !tabs;
    tabRole.textContent = tabs?.text ?? '';
    tabRole.title = tabs?.title ?? '';
    // A follower's figures are its leader's, counted since that tab opened.
    const follower = b.tabs?.role === 'follower';
    const opened = follower ? 'the leader tab opened' : 'the page opened';
    rateBox.title = [
      ...(tabs ? [tabs.title] : []),
      `Every call ${follower ? "the leader tab's store" : 'the store'} made, per second, over the last ${RATE_WINDOW_S} s.`,
      `Calls since ${opened}:`,
      ...Object.entries(b.calls)
        .sort(([, x], [, y]) => y - x)
        .map(([op, n]) => `  ${op} ${n}`),
    ].join('\n');

    const { recent, total } = b;
    reads.textContent = String(recent.reads);
    calls.textContent = String(recent.batches);
    callsUnit.textContent = plural(recent.batches, 'call', 'calls');
    throttles.textContent = String(recent.throttles);
    retries.textContent = String(recent.retries);
    // Orange while throttling is happening, not forever after: the window slides past a storm.
    trouble.classList.toggle('storm', recent.throttles > 0);
    const events = eventsOf(b.events);
    eventsLine.textContent = b.events ? `⚡ ${events.text}` : events.text;
    eventsLine.title = events.title;
    eventsLine.classList.toggle('storm', !!b.events && !b.events.healthy);
    recentBox.title = [
      ...(follower ? ["The leader tab's figures: the calls of every tab of the group."] : []),
      `Over the last ${RECENT_WINDOW_S} s: the single reads the cards and badges asked for, and the batch calls that carried them; calls answered with throttling, and retries.`,
      `Since ${opened}: ${total.reads} reads in ${total.batches} ${plural(total.batches, 'call', 'calls')}, ${total.throttles} throttled, ${total.retries} retries.`,
    ].join('\n');
  });
  return () => {
    pushInput.removeEventListener('change', toggle);
    sub.unsubscribe();
  };
}
