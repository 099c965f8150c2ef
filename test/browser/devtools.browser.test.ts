import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium } from './chromium.js';
import { startDemo, stopDemo } from './demo-process.js';

/**
 * `ivs-store/devtools` in the demo, in Chromium: loaded only when its button is clicked (the
 * dashboard's own bundle has none of it), then showing the store's entries, polls, quota
 * budget and calls, live, and never the value of a stream key that is in the cache.
 */
describe.skipIf(!haveChromium)('the devtools panel in the demo, in Chromium', () => {
  let demo: Awaited<ReturnType<typeof startDemo>>;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const scripts: string[] = [];

  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemo(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stopDemo(demo);
  }, 30_000);

  const panel = '[data-ivs-devtools]';
  const rows = (section: string) => page.locator(`${panel} [data-section=${section}] tbody tr`);
  const texts = (section: string) => rows(section).allInnerTexts();

  it('loads on the click only, and shows entries, polls, budget and calls live, without Secrets', async () => {
    await page.goto(demo.url);
    await expect
      .poll(() => page.locator('[data-channel-arn] [data-testid="health-badge"]').count(), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(10);

    // Not in the dashboard's bundle, and not loaded before the click.
    const app = await (await fetch(`${demo.url}app.js`)).text();
    expect(app).not.toContain('Cache entries');
    expect(scripts.filter((s) => s.includes('devtools'))).toEqual([]);

    // A stream key, with its value, in the page's cache.
    const arn = (await page.locator('[data-channel-arn]').first().getAttribute('data-channel-arn'))!;
    const secret = await page.evaluate(async (channelArn) => {
      const store = (window as unknown as { ivsStore: import('../../src/index.js').IvsStore }).ivsStore;
      const first = <T>(o: import('rxjs').Observable<T>, ok: (v: T) => boolean) =>
        new Promise<T>((resolve) => {
          const s = o.subscribe((v) => {
            if (ok(v)) {
              resolve(v);
              queueMicrotask(() => s.unsubscribe());
            }
          });
        });
      const keys = await first(store.streamKeys.forChannel$(channelArn), (e) => e.status === 'success');
      const keyArn = keys.data![0]!.arn!;
      // Held while the test runs, so the entry stays watched and polled.
      store.streamKeys.get$(keyArn).subscribe();
      // The list's summaries carry no value: the key's own read (at its next poll) does.
      const key = await first(store.streamKeys.get$(keyArn), (e) => e.status === 'success' && !!e.data.value);
      return key.data!.value!.reveal();
    }, arn);
    expect(secret).toMatch(/^sk_/);

    await page.locator('#devtools').click();
    await page.locator(panel).waitFor({ timeout: 10_000 });
    expect(scripts.some((s) => /\/chunks\/devtools-[\w-]+\.js$/.test(s))).toBe(true);

    // Entries: the forty channels read, the stream key among them.
    await expect
      .poll(async () => (await texts('entries')).filter((t) => /^channels\s.*success/.test(t)).length, {
        timeout: 10_000,
      })
      .toBeGreaterThanOrEqual(40);
    await expect.poll(async () => (await texts('entries')).some((t) => t.startsWith('streamKeys'))).toBe(true);
    // Polls per kind, requested against effective.
    await expect
      .poll(async () => (await texts('polls')).some((t) => /^channels\s+2\.0s\s+\d/.test(t)), { timeout: 10_000 })
      .toBe(true);
    // The budget and the calls, updating as the page polls.
    await expect
      .poll(async () => (await texts('quotas')).some((t) => t.startsWith('BatchGetChannel')), { timeout: 10_000 })
      .toBe(true);
    await expect.poll(() => rows('calls').count(), { timeout: 10_000 }).toBeGreaterThan(3);
    const firstCall = await rows('calls').first().innerText();
    expect(firstCall).toMatch(/\s(ok|throttled)$/);
    await expect.poll(() => rows('calls').first().innerText(), { timeout: 10_000 }).not.toBe(firstCall);
    const budget = (await texts('quotas')).join('\n');
    await expect.poll(async () => (await texts('quotas')).join('\n'), { timeout: 10_000 }).not.toBe(budget);

    // The stream key's value is nowhere in the panel, nor in the page.
    const shown = await page.evaluate(() => document.querySelector('[data-ivs-devtools]')!.shadowRoot!.innerHTML);
    expect(shown).toContain('streamKeys');
    expect(shown).not.toContain(secret);
    expect(await page.content()).not.toContain(secret);
    await page.screenshot({ path: 'test-artifacts/devtools.png' }).catch(() => undefined);

    // The button removes it.
    await page.locator('#devtools').click();
    await expect.poll(() => page.locator(panel).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
