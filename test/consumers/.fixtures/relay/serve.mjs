// The relay from the tarball, mounted on the server of the Vite-built page (as an app mounts it
// on its own server), over a simulator; the page opened in Chromium must show the world, be
// refused a write, and load nothing of the AWS SDK. Prints what the page loaded.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { IvsClient } from '@aws-sdk/client-ivs';
import { createRelay } from 'ivs-store/relay';
import { startIvsSimulator } from 'ivs-store/simulator';

const root = 'dist-vite';
const sim = await startIvsSimulator({ seed: 5 });
const arns = ['lobby', 'studio'].map((name) => sim.control.ivs.createChannel({ name }).arn);
sim.control.ivs.goLive(arns[1], { health: 'HEALTHY', viewerCount: 2 });
const ivs = new IvsClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 });
const relay = createRelay({ ivs, authenticate: ({ token }) => (token === 'let-me-in' ? { name: 'ops' } : undefined) });
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  let file = join(root, path);
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
  res.writeHead(200, { 'content-type': extname(file) === '.js' ? 'text/javascript' : 'text/html' });
  createReadStream(file).pipe(res);
});
server.on('upgrade', (req, socket, head) =>
  new URL(req.url, 'http://x').pathname === '/relay' ? relay.upgrade(req, socket, head) : socket.destroy(),
);
await new Promise((r) => server.listen(0, '127.0.0.1', r));

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage();
  const errors = [];
  const scripts = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('response', async (r) => r.request().resourceType() === 'script' && scripts.push(await r.text()));
  await page.goto(`http://127.0.0.1:${server.address().port}/?token=let-me-in`);
  await page.waitForFunction(() => document.body.textContent.startsWith('{'), null, { timeout: 15_000 }).catch(() => {
    throw new Error(`the page showed nothing in 15 s${errors.length ? `: ${errors.join('; ')}` : ''}`);
  });
  const seen = JSON.parse(await page.evaluate(() => document.body.textContent));
  console.log(JSON.stringify(seen));
  if (errors.length) throw new Error(errors.join('; '));
  if (seen.channels.length !== 2 || seen.live.length !== 1 || seen.live[0] !== arns[1])
    throw new Error('expected 2 channels and 1 live stream through the relay');
  if (seen.write !== 'access') throw new Error(`a write under the default policy gave '${seen.write}', not 'access'`);
  const sdk = scripts.filter((t) => /x-amz-date|sigv4/i.test(t)).length;
  const raw = scripts.reduce((s, t) => s + Buffer.byteLength(t), 0);
  const gz = scripts.reduce((s, t) => s + gzipSync(t).length, 0);
  console.log(`the page loaded ${scripts.length} scripts, ${(raw / 1024).toFixed(1)} KiB (${(gz / 1024).toFixed(1)} KiB gzip); with AWS SDK code: ${sdk}`);
  if (sdk > 0) throw new Error('a relay-mode page loaded AWS SDK code');
} finally {
  await browser.close();
  await relay.stop();
  server.close();
  ivs.destroy();
  await sim.stop();
}
