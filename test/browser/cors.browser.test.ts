import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import type { Browser } from 'playwright-core';
import { rollup } from 'rollup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIvsSimulator, type IvsSimulator } from '../../src/simulator/index.js';
import { haveChromium, launchChromium } from './chromium.js';

/**
 * The real IvsClient, bundled for the browser, calling the simulator from a page in
 * Debian's Chromium: CORS preflights, SigV4 from the browser's fetch, error names.
 * CI installs Chromium (.ci/run); elsewhere without it these tests are skipped.
 */

async function bundlePage(): Promise<string> {
  const bundle = await rollup({
    input: 'test/browser/page-entry.ts',
    plugins: [
      nodeResolve({ browser: true, preferBuiltins: false }),
      json(),
      typescript({
        tsconfig: false,
        include: ['test/browser/page-entry.ts'],
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          strict: true,
          skipLibCheck: true,
          lib: ['ES2022', 'DOM'],
        },
      }),
    ],
  });
  const { output } = await bundle.generate({ format: 'iife', inlineDynamicImports: true });
  await bundle.close();
  return output[0].code;
}

function servePage(script: string): Promise<Server> {
  const html = `<!doctype html><meta charset="utf-8"><title>sdk</title><script>${script.replace(/<\/script/g, '<\\/script')}</script>`;
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(!haveChromium)('the browser SDK against the simulator, in Chromium', () => {
  let browser: Browser;
  let page: Server;
  let open: IvsSimulator;
  let closed: IvsSimulator;
  let channelArn: string;

  beforeAll(async () => {
    const [script, a, b] = await Promise.all([
      bundlePage(),
      startIvsSimulator({ seed: 3 }),
      startIvsSimulator({ seed: 4, corsOrigins: ['https://dash.example.com'] }),
    ]);
    open = a;
    closed = b;
    channelArn = open.control.ivs.createChannel({ name: 'from-the-browser' }).arn;
    closed.control.ivs.createChannel({ name: 'unreachable' });
    page = await servePage(script);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    page?.close();
    await Promise.all([open?.stop(), closed?.stop()]);
  });

  const callFromPage = async (sim: IvsSimulator) => {
    const tab = await browser.newPage();
    try {
      await tab.goto(`http://127.0.0.1:${(page.address() as AddressInfo).port}/`);
      const target = { endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials };
      return await tab.evaluate(
        ([t, arn]) =>
          (window as unknown as { callIvs: (t: unknown, a: string) => Promise<Record<string, unknown>> }).callIvs(
            t,
            arn,
          ),
        [target, channelArn] as const,
      );
    } finally {
      await tab.close();
    }
  };

  it('a localhost page calls the simulator directly: preflight, signed request, typed errors', async () => {
    const result = await callFromPage(open);
    expect(result).toEqual({ ok: true, names: ['from-the-browser'], streamError: 'ChannelNotBroadcasting' });
    const log = open.control.requests();
    expect(log.map((r) => [r.operation, r.status])).toEqual([
      ['ListChannels', 200],
      ['GetStream', 404],
    ]);
  });

  it('a page on an origin the simulator does not allow is blocked by the browser', async () => {
    const result = await callFromPage(closed);
    expect(result.ok).toBe(false);
    expect(String(result.error)).toMatch(/fetch|network|TypeError/i);
    expect(closed.control.countRequests({ operation: 'ListChannels' })).toBe(0);
  });
});
