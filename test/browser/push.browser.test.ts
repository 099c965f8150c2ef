import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium } from './chromium.js';
import { startDemo, stopDemo } from './demo-process.js';

/**
 * The demo's "push events" switch in Chromium: turned on, the page reloads reading the
 * simulator's events over SSE (EventSource), its feed turns healthy, and a stream started
 * behind the page's back shows LIVE with a ⚡ entry in the activity feed: an event told the
 * store, before any read could (the page polls every 2 s, streams only every 60 s with push).
 */
describe.skipIf(!haveChromium)('npm run demo with push events, in Chromium', () => {
  let demo: Awaited<ReturnType<typeof startDemo>>;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemo(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stopDemo(demo);
  }, 30_000);

  const control = async (action: string, body: Record<string, unknown>) => {
    const res = await fetch(new URL(`control/${action}`, demo.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, `${action}: ${await res.clone().text()}`).toBe(200);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const eventsLine = () => page.locator('[data-field="events"]').innerText({ timeout: 5_000 });

  it('turns on from the API budget widget and shows a go-live by event, marked ⚡', async () => {
    await page.goto(demo.url);
    const toggle = page.locator('[data-field="push"]');
    expect(await toggle.isChecked()).toBe(false);
    expect(await toggle.isDisabled()).toBe(false);
    await expect.poll(eventsLine, { timeout: 10_000 }).toMatch(/polling only/);
    // Only our move changes the world from here on.
    await control('motion', { on: false });

    await toggle.check();
    await page.waitForURL(/[?&]push=1/, { timeout: 10_000 });
    expect(await page.locator('[data-field="push"]').isChecked()).toBe(true);
    // The SSE stream's first heartbeat makes the feed healthy.
    await expect.poll(eventsLine, { timeout: 15_000 }).toMatch(/^⚡ healthy/);

    const offline = page
      .locator('[data-channel-arn]')
      .filter({ has: page.locator('[data-testid="state"]', { hasText: /^OFFLINE$/ }) })
      .first();
    await expect.poll(() => offline.count(), { timeout: 20_000 }).toBe(1);
    const arn = (await offline.getAttribute('data-channel-arn'))!;
    await control('go-live', { channelArn: arn });

    const card = page.locator(`[data-channel-arn="${arn}"]`);
    await expect
      .poll(() => card.locator('[data-testid="state"]').innerText({ timeout: 5_000 }), { timeout: 10_000 })
      .toBe('LIVE');
    // The transition came by event (byEvent), not by a poll: ⚡ in the feed.
    const entry = page.locator(`[data-testid="feed"] li[data-kind="went-live"][data-channel="${arn}"]`);
    await expect.poll(() => entry.count(), { timeout: 5_000 }).toBeGreaterThan(0);
    expect(await entry.first().getAttribute('data-by-event')).toBe('true');
    expect(await entry.first().innerText()).toContain('⚡');
    // metrics$.events counted it (the widget reads metrics$ once a second).
    await expect
      .poll(async () => Number(/(\d+) applied/.exec(await eventsLine())?.[1] ?? '0'), { timeout: 5_000 })
      .toBeGreaterThan(0);

    // Turned off again: a plain polling page.
    await page.locator('[data-field="push"]').uncheck();
    await page.waitForURL((url) => !url.searchParams.has('push'), { timeout: 10_000 });
    await expect.poll(eventsLine, { timeout: 10_000 }).toMatch(/polling only/);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
