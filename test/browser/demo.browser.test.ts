import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm run demo` as a newcomer runs it, opened in Debian's Chromium: the dashboard must
 * show the seeded world, react to the controls, survive a throttling storm, and log no
 * errors. The screenshot lands in test-artifacts/demo.png.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}; CI must install it (apt-get install chromium)`);

const BADGES = ['HEALTHY', 'STARVING', 'UNKNOWN', 'OFFLINE'];

/** Starts `npm run demo` in its own process group and resolves with the URL it prints. */
function startDemo(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn('npm', ['run', 'demo', '--', '--port', '0', '--seed', '7'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm run demo printed no URL in 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /ivs-store demo \(simulator\): (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, output: () => output });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm run demo exited with ${String(code)}:\n${output}`));
    });
  });
}

const exited = (child: ChildProcess, ms: number) =>
  new Promise<boolean>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

describe.skipIf(!haveChromium)('npm run demo, in Chromium', () => {
  let demo: Awaited<ReturnType<typeof startDemo>>;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const consoleErrors: Array<{ text: string; at: number }> = [];

  beforeAll(async () => {
    [demo, browser] = await Promise.all([
      startDemo(),
      chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] }),
    ]);
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push({ text: m.text(), at: Date.now() });
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    if (demo && !(await exited(demo.child, 0))) {
      process.kill(-demo.child.pid!, 'SIGINT');
      if (!(await exited(demo.child, 10_000))) process.kill(-demo.child.pid!, 'SIGKILL');
    }
  }, 30_000);

  const card = (arn: string) => page.locator(`[data-channel-arn="${arn}"]`);
  const text = (l: Locator) => l.innerText({ timeout: 5_000 });

  it('shows the seeded world and reacts to its controls', async () => {
    await page.goto(demo.url);

    // The channel grid: every card gets a health badge once the first sweep lands.
    const badges = page.locator('[data-channel-arn] [data-testid="health-badge"]');
    await expect.poll(() => badges.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(10);
    expect(await page.locator('[data-channel-arn]').count()).toBeGreaterThanOrEqual(10);
    for (const t of await badges.allInnerTexts()) expect(BADGES).toContain(t.trim());
    await expect.poll(() => page.locator('[data-testid="summary-live"] b').innerText(), { timeout: 10_000 }).not.toBe('0');

    // Stages: participant tiles from ListParticipants.
    await expect.poll(() => page.locator('[data-stage-arn] [data-participant-id]').count(), { timeout: 20_000 }).toBeGreaterThan(0);

    // Hold the world still so only our moves change it.
    await page.locator('[data-action="motion"]').click();
    await expect.poll(() => page.locator('[data-action="motion"]').innerText()).toBe('Resume world');

    // A stream started from its card goes LIVE on that card, found by polling.
    const offlineCard = page.locator('[data-channel-arn]').filter({ has: page.locator('[data-testid="state"]', { hasText: /^OFFLINE$/ }) }).first();
    const arn = (await offlineCard.getAttribute('data-channel-arn'))!;
    expect(arn).toMatch(/^arn:aws:ivs:us-east-1:\d{12}:channel\//);
    // Mark the card's element: if it is still the same node after the change, the card was
    // updated in place (no re-mount, no flicker).
    await card(arn).evaluate((el) => ((el as HTMLElement & { demoMark?: number }).demoMark = 1));
    await card(arn).locator('[data-action="go-live"]').click();
    await expect.poll(() => text(card(arn).locator('[data-testid="state"]')), { timeout: 15_000 }).toBe('LIVE');
    await expect.poll(() => text(card(arn).locator('[data-testid="health-badge"]')), { timeout: 15_000 }).toBe('HEALTHY');

    expect(await card(arn).evaluate((el) => (el as HTMLElement & { demoMark?: number }).demoMark)).toBe(1);
    await expect.poll(() => page.locator('[data-testid="feed"] [data-kind="went-live"]').count(), { timeout: 5_000 }).toBeGreaterThan(0);

    // Starved: the badge says so, and the feed reports it.
    await card(arn).locator('[data-action="starve"]').click();
    await expect.poll(() => text(card(arn).locator('[data-testid="health-badge"]')), { timeout: 15_000 }).toBe('STARVING');
    await expect.poll(() => page.locator('[data-testid="feed"] [data-kind="started-starving"]').count(), { timeout: 5_000 }).toBeGreaterThan(0);

    // A participant added from the controls appears on its stage, then leaves when removed.
    const stage = page.locator('[data-stage-arn]').first();
    const tiles = stage.locator('[data-participant-id]');
    const before = new Set(await tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-participant-id'))));
    await stage.locator('[data-action="join"]').click();
    let added = '';
    await expect
      .poll(
        async () => {
          const now = await tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-participant-id') ?? ''));
          added = now.find((id) => !before.has(id)) ?? '';
          return added;
        },
        { timeout: 15_000 },
      )
      .not.toBe('');
    const tile = stage.locator(`[data-participant-id="${added}"]`);
    await tile.locator('[data-action="leave"]').click();
    await expect.poll(() => tile.count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => page.locator('[data-testid="feed"] [data-kind="left"]').count(), { timeout: 5_000 }).toBeGreaterThan(0);

    // The Vue widget renders from the same store.
    expect(await page.locator('[data-testid="top-channels"] li').count()).toBeGreaterThan(0);

    // Before the storm the console is clean: no errors of any kind.
    expect(pageErrors).toEqual([]);
    expect(consoleErrors.map((e) => e.text)).toEqual([]);

    // A throttling storm: calls fail with 429, the store backs off and keeps what it showed.
    const stormStarted = Date.now();
    await page.locator('[data-action="throttle-storm"]').click();
    await expect.poll(async () => Number(await page.locator('#api-budget [data-field="throttles"]').innerText()), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await badges.count()).toBeGreaterThanOrEqual(10);
    expect(await text(card(arn).locator('[data-testid="state"]'))).toBe('LIVE');

    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/demo.png' });

    // During the storm the only console errors are Chromium's own notes of the 429 answers.
    expect(pageErrors).toEqual([]);
    const unexpected = consoleErrors.filter((e) => !(e.at >= stormStarted && /status of 429/.test(e.text)));
    expect(unexpected.map((e) => e.text)).toEqual([]);
  }, 120_000);

  it('stops everything on Ctrl-C', async () => {
    process.kill(-demo.child.pid!, 'SIGINT');
    expect(await exited(demo.child, 10_000)).toBe(true);
    await expect(fetch(demo.url)).rejects.toThrow();
  }, 20_000);
});
