// Chromium smoke test of the built app: the simulator from the tarball in Node, the page
// served from 127.0.0.1, the React bindings under <StrictMode> with the default
// refetchInterval (5000). For each build (dist-dev: `vite build --mode development`, where
// StrictMode re-mounts every component once; dist: the production build users ship) it
// passes when the channel list and the channel are on screen within 2 s of the page's load
// event; otherwise it says what was on screen, when (if ever) they came, and what was called.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { startIvsSimulator } from 'ivs-store/simulator';

const WITHIN_MS = 2000;
const NAMES = ['lobby', 'studio-a', 'studio-b'];
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const BUILDS = [
  { dir: 'dist-dev', name: 'development build (StrictMode re-mounts)', mounts: 2 },
  { dir: 'dist', name: 'production build', mounts: 1 },
];

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };
function serve(root) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(root, path);
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const failures = [];
try {
  for (const build of BUILDS) {
    // A simulator of its own per build: the request log below is this page's alone.
    const sim = await startIvsSimulator({ seed: 11 });
    const arns = NAMES.map((name) => sim.control.ivs.createChannel({ name }).arn);
    sim.control.ivs.goLive(arns[0], { health: 'HEALTHY', viewerCount: 3 });
    const server = await serve(join(process.cwd(), build.dir));
    const page = await browser.newPage();
    const fail = (msg) => {
      failures.push(`${build.name}: ${msg}`);
    };
    try {
      page.on('pageerror', (e) => fail(`page error: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && fail(`console error: ${m.text()}`));
      const q = new URLSearchParams({
        endpoint: sim.endpoint,
        region: sim.region,
        accessKeyId: sim.credentials.accessKeyId,
        secretAccessKey: sim.credentials.secretAccessKey,
        arn: arns[0],
      });
      await page.goto(`http://127.0.0.1:${server.address().port}/?${q}`, { waitUntil: 'load' });
      const loadedAt = Date.now();
      const state = () =>
        page.evaluate(() => ({
          list: document.querySelector('#channels')?.getAttribute('data-status') ?? 'absent',
          items: [...document.querySelectorAll('#channels li')].map((li) => li.textContent),
          channel: document.querySelector('#channel')?.textContent ?? 'absent',
          suspense: document.querySelector('#suspense')?.textContent ?? 'absent',
          skipped: document.querySelector('#skipped')?.textContent ?? 'absent',
          mounts: window.mounts ?? 0,
        }));
      const shown = (s) =>
        s.items.length === NAMES.length &&
        NAMES.every((n) => s.items.includes(n)) &&
        s.channel === NAMES[0] &&
        s.suspense === NAMES[0];
      const describe = (s) =>
        `list ${s.list} ${JSON.stringify(s.items)}, channel "${s.channel}", suspense "${s.suspense}", skipped "${s.skipped}"`;
      let s = await state();
      while (!shown(s) && Date.now() - loadedAt < WITHIN_MS) {
        await sleep(50);
        s = await state();
      }
      if (shown(s)) {
        console.log(`${build.name}: channel list (${s.items.length}) and channel "${s.channel}" shown ${Date.now() - loadedAt} ms after load`);
      } else {
        const at2s = describe(s);
        // When did they come, if at all? Tells a one-poll-interval delay from never.
        while (!shown(s) && Date.now() - loadedAt < 12_000) {
          await sleep(100);
          s = await state();
        }
        const reads = sim.control.requests({}).map((r) => `${r.operation} ${r.status} at ${r.time - loadedAt} ms`).join(', ');
        console.log(`${build.name}: requests (time from load): ${reads}`);
        fail(
          `channel list and channel not on screen within ${WITHIN_MS} ms of load (${at2s}); ` +
            (shown(s) ? `they came ${Date.now() - loadedAt} ms after load` : `still not after 12 s: ${describe(s)}`),
        );
      }
      // skipToken: nothing read for it, ever (the page's only reads are the list's and the ARN's).
      if (s.skipped !== 'loading:false:-') fail(`the skipToken component shows "${s.skipped}", expected "loading:false:-"`);
      // Paged lists: the first page of two, then one click reads the rest (one ListChannels call).
      const pagesOf = () => page.evaluate(() => document.querySelector('#pages')?.getAttribute('data-pages') ?? 'absent');
      const until = async (want, ms) => {
        const end = Date.now() + ms;
        let got = await pagesOf();
        while (got !== want && Date.now() < end) {
          await sleep(50);
          got = await pagesOf();
        }
        return got;
      };
      const first = await until('2', 3000);
      if (first !== '2') fail(`useInfiniteChannels: first page not shown (pages "${first}")`);
      else {
        const before = sim.control.countRequests({ operation: 'ListChannels' });
        await page.click('#more');
        const both = await until('2,1', 3000);
        if (both !== '2,1') fail(`useInfiniteChannels: fetchNextPage did not append the second page (pages "${both}")`);
        else if (await page.$('#more')) fail('useInfiniteChannels: hasNextPage still true after the last page');
        else console.log(`${build.name}: useInfiniteChannels showed page 1, then page 2 on click (${sim.control.countRequests({ operation: 'ListChannels' }) - before} ListChannels call(s))`);
      }
      // invalidate() from the package: the watched list is read again at once, not at its next poll.
      {
        const before = sim.control.countRequests({ operation: 'ListChannels' });
        await page.click('#invalidate');
        const end = Date.now() + 2000;
        while (sim.control.countRequests({ operation: 'ListChannels' }) === before && Date.now() < end) await sleep(25);
        const after = sim.control.countRequests({ operation: 'ListChannels' });
        if (after === before) fail('invalidate(): no ListChannels within 2 s of the click');
        else console.log(`${build.name}: invalidate() read the list again (${after - before} ListChannels call(s))`);
      }
      // ivs-store/devtools from the tarball: loaded on the click, it lists the store's entries.
      await page.click('#devtools');
      const entries = page.locator('[data-ivs-devtools] [data-section=entries] tbody tr');
      await entries.first().waitFor({ timeout: 5000 }).catch(() => undefined);
      const rows = await entries.allInnerTexts();
      if (!rows.some((r) => r.startsWith('channels'))) fail(`the devtools panel lists no channel entry: ${JSON.stringify(rows)}`);
      else console.log(`${build.name}: devtools panel lists ${rows.length} cache entries`);
      if (shown(s)) {
        // setData from the package: shows at once in the channel and the list (immer loads on
        // the click), and undo() restores both.
        const renamed = `${NAMES[0]} (renaming)`;
        const both = (name) => (x) => x.channel === name && x.items.includes(name);
        const waitFor = async (pred, what) => {
          const from = Date.now();
          let now = await state();
          while (!pred(now) && Date.now() - from < WITHIN_MS) {
            await sleep(50);
            now = await state();
          }
          if (!pred(now)) fail(`${what} not shown within ${WITHIN_MS} ms: ${describe(now)}`);
          return pred(now);
        };
        await page.click('#set-data');
        if (await waitFor(both(renamed), 'setData: the renamed channel in get$ and list$')) {
          await page.click('#undo');
          await waitFor(both(NAMES[0]), 'undo(): the channel as read');
          console.log(`${build.name}: setData showed "${renamed}" in the channel and the list; undo() restored "${NAMES[0]}"`);
        }
      }
      if (s.mounts !== build.mounts) fail(`App's mount effect ran ${s.mounts} time(s), expected ${build.mounts}: not the build this check means to load`);
    } finally {
      await page.close();
      server.close();
      await sim.stop();
    }
  }
} finally {
  await browser.close();
}
for (const f of failures) console.log(`FAIL: ${f}`);
process.exit(failures.length ? 1 : 0);
