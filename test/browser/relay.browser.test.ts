import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium } from './chromium.js';
import { type DemoProcess, startDemo, stopDemo } from './demo-process.js';

/** What only the AWS SDK's code has: its request signing (SigV4's date header and auth scheme). */
const SDK = /x-amz-date|sigv4/i;

interface Loaded {
  /** Every script the page loaded, by path, with its text. */
  scripts: Map<string, string>;
  sockets: string[];
}

/** Opens `url`, waits for the channel grid, and keeps what the page loaded. */
async function open(browser: Browser, url: string): Promise<{ page: Page; loaded: Loaded; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const loaded: Loaded = { scripts: new Map(), sockets: [] };
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('websocket', (ws) => loaded.sockets.push(ws.url()));
  page.on('response', async (r) => {
    if (r.request().resourceType() === 'script') loaded.scripts.set(new URL(r.url()).pathname, await r.text());
  });
  await page.goto(url);
  await expect
    .poll(() => page.locator('[data-channel-arn] [data-testid="health-badge"]').count(), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(10);
  return { page, loaded, errors };
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const weigh = (l: Loaded) => {
  const texts = [...l.scripts.values()];
  return {
    raw: texts.reduce((s, t) => s + Buffer.byteLength(t), 0),
    gzip: texts.reduce((s, t) => s + gzipSync(t).length, 0),
  };
};

/**
 * `npm run demo -- --relay` in Chromium: the page shows the world through one WebSocket to
 * the relay, loads none of the AWS SDK, and holds no credentials; what it loads is weighed
 * against the same page reading for itself (`npm run demo`).
 */
describe.skipIf(!haveChromium)('the demo through a relay, in Chromium', () => {
  let relayDemo: DemoProcess;
  let directDemo: DemoProcess;
  let browser: Browser;

  beforeAll(async () => {
    [relayDemo, directDemo, browser] = await Promise.all([startDemo(['--relay']), startDemo(), launchChromium()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([stopDemo(relayDemo), stopDemo(directDemo)]);
  }, 30_000);

  it('shows the world through the relay with no AWS SDK and no credentials, and weighs less', async () => {
    const relay = await open(browser, relayDemo.url);
    const direct = await open(browser, directDemo.url);
    expect(relay.errors).toEqual([]);
    expect(relay.loaded.sockets).toEqual([expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/relay$/)]);
    const config = (await (await fetch(new URL('/config.json', relayDemo.url))).json()) as Record<string, unknown>;
    expect(config.credentials).toBeUndefined();
    // The marker is the SDK's: the page reading for itself has it, the relay's page none.
    expect([...direct.loaded.scripts.values()].some((t) => SDK.test(t))).toBe(true);
    const withSdk = [...relay.loaded.scripts].filter(([, t]) => SDK.test(t)).map(([path]) => path);
    expect(withSdk).toEqual([]);
    const r = weigh(relay.loaded);
    const d = weigh(direct.loaded);
    console.log(
      `demo page JS loaded: through a relay ${kib(r.raw)} (${kib(r.gzip)} gzip), reading for itself ${kib(d.raw)} (${kib(d.gzip)} gzip)`,
    );
    expect(r.gzip).toBeLessThan(d.gzip);
    await relay.page.close();
    await direct.page.close();
  }, 90_000);
});
