import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../src/simulator/index.js';
import { haveChromium, launchChromium } from './chromium.js';
import { type DemoProcess, startDemo, stopDemo } from './demo-process.js';

/**
 * `npm run demo` in several tabs of one browser (one context: one origin, so the tabs share
 * Web Locks and BroadcastChannel): they poll once for all, as one tab does, stay within the
 * published quotas, and when the leading tab closes another takes over at once, with every
 * remaining tab still showing the world as it moves. The calls are counted from the
 * simulator's request log (GET /control/requests on the demo server).
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const WINDOW_S = 20;
const QUOTA_WINDOW_S = 15;

interface Watch {
  minCards: number;
  maxSkeletons: number;
  loading: boolean;
}

describe.skipIf(!haveChromium)('npm run demo, in several tabs of one browser', () => {
  let demo: DemoProcess;
  let browser: Browser;
  let context: BrowserContext;
  let refetchInterval = 0;
  const tabs: Page[] = [];
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];

  const control = async (action: string, body: unknown) => {
    const res = await fetch(`${demo.url}control/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, `${action}: ${await res.clone().text()}`).toBe(200);
    return res.json() as Promise<unknown>;
  };
  const requestLog = async (since: number) => {
    const res = await fetch(`${demo.url}control/requests?since=${since}`);
    return ((await res.json()) as { requests: RequestLogEntry[] }).requests;
  };
  /** Where the log is now: the last request's number, and when. */
  const mark = async () => ({ seq: (await requestLog(0)).at(-1)?.seq ?? 0, at: Date.now() });

  /** The calls the simulator got since `from`, per second and by operation. */
  async function callsSince(from: { seq: number; at: number }) {
    const log = await requestLog(from.seq);
    const elapsed = (Date.now() - from.at) / 1000;
    const byOperation: Record<string, number> = {};
    for (const r of log) byOperation[r.operation ?? '?'] = (byOperation[r.operation ?? '?'] ?? 0) + 1;
    return { log, perSecond: log.length / elapsed, elapsed, byOperation };
  }
  const callsOver = async (seconds: number) => {
    const from = await mark();
    await sleep(seconds * 1000);
    return callsSince(from);
  };

  const role = (tab: Page) => tab.locator('#api-budget [data-field="tab-role"]').innerText({ timeout: 5_000 });
  const roles = async (of: readonly Page[] = tabs) => (await Promise.all(of.map(role))).sort();
  /** One leader and followers, each saying the group's size. */
  const group = (n: number) => [
    ...Array<string>(n - 1).fill(`follower · ${n} tabs`),
    `leader · ${n} ${n === 1 ? 'tab' : 'tabs'}`,
  ];

  /** A new tab of the dashboard, once its cards show their badges. */
  async function openTab(): Promise<Page> {
    const tab = await context.newPage();
    const n = tabs.push(tab);
    tab.on('pageerror', (e) => pageErrors.push(`tab ${n}: ${e.message}`));
    tab.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`tab ${n}: ${m.text()}`);
    });
    await tab.goto(demo.url);
    await expect
      .poll(() => tab.locator('[data-channel-arn] [data-testid="health-badge"]').count(), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(10);
    return tab;
  }

  async function closeTab(tab: Page): Promise<void> {
    tabs.splice(tabs.indexOf(tab), 1);
    await tab.close();
  }

  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemo(), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    refetchInterval = ((await (await fetch(`${demo.url}config.json`)).json()) as { refetchInterval: number })
      .refetchInterval;
    // A still world: stage sessions that start and end would change what is polled between
    // the windows compared; only the tabs should.
    await control('motion', { on: false });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stopDemo(demo);
  }, 30_000);

  it('three tabs together make no more calls than one tab alone', async () => {
    await openTab();
    await expect.poll(() => roles(), { timeout: 10_000 }).toEqual(group(1));
    // Past the first load's one-off reads: counted from the next cycle on.
    await sleep(refetchInterval);
    const one = await callsOver(WINDOW_S);

    await Promise.all([openTab(), openTab()]);
    await expect.poll(() => roles(), { timeout: 10_000 }).toEqual(group(3));
    // A follower says whose figures it shows.
    const follower = tabs[(await Promise.all(tabs.map(role))).findIndex((r) => r.startsWith('follower'))]!;
    expect(await follower.locator('#api-budget [data-field="tab-role"]').getAttribute('title')).toMatch(
      /leader tab's calls, the group's shared budget/,
    );
    await sleep(refetchInterval);
    const three = await callsOver(WINDOW_S);

    console.log(
      `1 tab: ${one.log.length} calls in ${one.elapsed.toFixed(1)} s = ${one.perSecond.toFixed(2)}/s ${JSON.stringify(one.byOperation)}\n` +
        `3 tabs: ${three.log.length} calls in ${three.elapsed.toFixed(1)} s = ${three.perSecond.toFixed(2)}/s ${JSON.stringify(three.byOperation)}\n` +
        `ratio ${(three.perSecond / one.perSecond).toFixed(3)}`,
    );
    // One tab polls the page's five reads every 2 s: the ratio is measured against real work.
    expect(one.perSecond).toBeGreaterThan(1);
    expect(three.perSecond).toBeLessThanOrEqual(1.15 * one.perSecond);
    // And the three tabs still poll: the same reads as one tab.
    expect(Object.keys(three.byOperation).sort()).toEqual(Object.keys(one.byOperation).sort());
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('five tabs under the published quotas: not one call throttled', async () => {
    // Counted from before the two tabs open: their joining is part of the load.
    const from = await mark();
    await Promise.all([openTab(), openTab()]);
    await expect.poll(() => roles(), { timeout: 10_000 }).toEqual(group(5));
    await sleep(QUOTA_WINDOW_S * 1000);
    const five = await callsSince(from);
    const throttled = five.log.filter((r) => r.errorName === 'ThrottlingException' || r.status === 429);
    console.log(
      `5 tabs: ${five.log.length} calls in ${five.elapsed.toFixed(1)} s = ${five.perSecond.toFixed(2)}/s, ` +
        `${throttled.length} throttled ${JSON.stringify(five.byOperation)}`,
    );
    expect(five.log.length).toBeGreaterThan(QUOTA_WINDOW_S);
    expect(throttled).toEqual([]);
    expect(five.log.filter((r) => r.status !== 200)).toEqual([]);
    // Nor since the first tab opened.
    expect((await requestLog(0)).filter((r) => r.errorName === 'ThrottlingException')).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('hands over when the leading tab closes: a new leader at once, every tab showing a stream that starts', async () => {
    // Back to three: two followers close (the leader notices through their locks).
    const followers: Page[] = [];
    for (const tab of tabs) if ((await role(tab)).startsWith('follower')) followers.push(tab);
    for (const tab of followers.slice(0, 2)) await closeTab(tab);
    await expect.poll(() => roles(), { timeout: 10_000 }).toEqual(group(3));

    const tabRoles = await Promise.all(tabs.map(role));
    const leader = tabs[tabRoles.findIndex((r) => r.startsWith('leader'))]!;
    const rest = tabs.filter((t) => t !== leader);
    const cards = await rest[0]!.locator('[data-channel-arn]').count();
    expect(cards).toBeGreaterThanOrEqual(10);
    // From now on each remaining tab notes, at every change of its DOM, the fewest cards it
    // showed, the most placeholders (a card loading again) and a grid back to "Loading".
    for (const tab of rest)
      await tab.evaluate(() => {
        const w: Watch = { minCards: Number.POSITIVE_INFINITY, maxSkeletons: 0, loading: false };
        const look = () => {
          w.minCards = Math.min(w.minCards, document.querySelectorAll('[data-channel-arn]').length);
          w.maxSkeletons = Math.max(w.maxSkeletons, document.querySelectorAll('[data-channel-arn] .skeleton').length);
          w.loading ||= /Loading channels/.test(document.getElementById('channels')?.textContent ?? '');
        };
        look();
        new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
        (window as unknown as { tabsWatch: Watch }).tabsWatch = w;
      });

    const closed = Date.now();
    await closeTab(leader);
    await expect
      .poll(async () => (await roles(rest)).some((r) => r.startsWith('leader')), { timeout: 3_000, interval: 100 })
      .toBe(true);
    const newLeaderMs = Date.now() - closed;
    await expect.poll(() => roles(rest), { timeout: 5_000 }).toEqual(group(2));

    // A stream starts behind the dashboard's back: every remaining tab shows it LIVE.
    const arn = (await rest[0]!
      .locator('[data-channel-arn]')
      .filter({ has: rest[0]!.locator('[data-testid="state"]', { hasText: /^OFFLINE$/ }) })
      .first()
      .getAttribute('data-channel-arn'))!;
    expect(arn).toMatch(/^arn:aws:ivs:/);
    const started = Date.now();
    await control('go-live', { channelArn: arn });
    const liveMs = await Promise.all(
      rest.map(async (tab) => {
        await tab.waitForFunction(
          (a) => {
            const card = document.querySelector(`[data-channel-arn="${a}"]`);
            return (
              card?.querySelector('[data-testid="state"]')?.textContent === 'LIVE' &&
              card.querySelector('[data-testid="health-badge"]')?.textContent === 'HEALTHY'
            );
          },
          arn,
          { timeout: 15_000, polling: 50 },
        );
        return Date.now() - started;
      }),
    );
    const watches = await Promise.all(
      rest.map((tab) => tab.evaluate(() => (window as unknown as { tabsWatch: Watch }).tabsWatch)),
    );
    console.log(
      `handover: a new leader shown ${newLeaderMs} ms after the leader closed; ` +
        `the stream LIVE in each tab after ${liveMs.join(', ')} ms; watch ${JSON.stringify(watches)}`,
    );
    expect(newLeaderMs).toBeLessThanOrEqual(3_000);
    for (const ms of liveMs) expect(ms).toBeLessThanOrEqual(refetchInterval + 2_000);
    for (const w of watches) expect(w).toEqual({ minCards: cards, maxSkeletons: 0, loading: false });
    expect(pageErrors).toEqual([]);
    // Nor a console error: no failed request, nothing the store logged.
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it('a leading tab left hidden while another is visible hands over to the visible one', async () => {
    const leader = tabs[(await Promise.all(tabs.map(role))).findIndex((r) => r.startsWith('leader'))]!;
    const visible = tabs.find((t) => t !== leader)!;
    // Headless pages are all visible: the page is told it is hidden, as a browser tells it.
    await leader.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const hidden = Date.now();
    // It stays a while (a quick flip of tabs costs nothing), then the visible tab leads.
    await expect.poll(() => role(visible), { timeout: 20_000, interval: 250 }).toMatch(/^leader/);
    const handoverMs = Date.now() - hidden;
    // The widget redraws once a second: the tab that stepped down says so within that.
    await expect.poll(() => role(leader), { timeout: 5_000, interval: 250 }).toMatch(/^follower/);
    // And it polls: the page's reads go on.
    await sleep(refetchInterval);
    const after = await callsOver(4);
    console.log(`hidden leader: handed over after ${handoverMs} ms; then ${after.perSecond.toFixed(2)} calls/s`);
    expect(handoverMs).toBeGreaterThanOrEqual(5_000);
    expect(after.log.length).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  }, 40_000);
});
