// Runs a bundle against the simulator from the tarball: proves the chunks a bundler split off
// (the families loaded on first use) load and work without the RealTime SDK.
//   node run-bundle.mjs dist-rollup/main.js     # import it in Node and call start()
//   node run-bundle.mjs --page dist-vite        # serve the built app, open it in Chromium
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startIvsSimulator } from 'ivs-store/simulator';

const [mode, target] = process.argv[2] === '--page' ? ['page', process.argv[3]] : ['node', process.argv[2]];
const sim = await startIvsSimulator({ seed: 5 });
const arns = ['lobby', 'studio'].map((name) => sim.control.ivs.createChannel({ name }).arn);
sim.control.ivs.goLive(arns[1], { health: 'HEALTHY', viewerCount: 2 });
const config = { endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials };
try {
  const seen = mode === 'page' ? await inChromium(target) : await inNode(target);
  const ok = seen.channels?.length === 2 && seen.channel === seen.channels[0] && seen.live?.length === 1 && seen.live[0] === arns[1];
  console.log(`${target}: ${JSON.stringify(seen)}`);
  if (!ok) throw new Error(`${target}: expected 2 channels, the first one read, 1 live stream (${arns[1]})`);
} finally {
  await sim.stop();
}

async function inNode(entry) {
  const { start } = await import(pathToFileURL(resolve(entry)).href);
  if (typeof start !== 'function') throw new Error(`${entry} does not export start()`);
  return start(config);
}

async function inChromium(root) {
  const { chromium } = await import('playwright-core');
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(root, path);
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
    res.writeHead(200, { 'content-type': extname(file) === '.js' ? 'text/javascript' : 'text/html' });
    createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && errors.push(`console error: ${m.text()}`));
    const q = new URLSearchParams({ endpoint: sim.endpoint, region: sim.region, ...sim.credentials });
    await page.goto(`http://127.0.0.1:${server.address().port}/?${q}`);
    await page.waitForFunction(() => document.body.textContent.startsWith('{'), null, { timeout: 10_000 }).catch(() => {
      throw new Error(`the page showed nothing in 10 s${errors.length ? `: ${errors.join('; ')}` : ''}`);
    });
    if (errors.length) throw new Error(errors.join('; '));
    return JSON.parse(await page.evaluate(() => document.body.textContent));
  } finally {
    await browser.close();
    server.close();
  }
}
