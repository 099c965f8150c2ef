import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * What the browser tests of the demo share: Debian's Chromium (skipped where it is missing,
 * required under CI) and `npm run demo` started as a newcomer starts it.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI)
  throw new Error(`Chromium not found at ${CHROMIUM}; CI must install it (apt-get install chromium)`);

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });

export interface DemoProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts `npm run demo` in its own process group and resolves with the URL it prints. */
export function startDemo(): Promise<DemoProcess> {
  const child = spawn('npm', ['run', 'demo', '--', '--port', '0', '--seed', '7'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
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

export const exited = (child: ChildProcess, ms: number) =>
  new Promise<boolean>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

/** Ctrl-C to the demo's process group, then SIGKILL if it is still there 10 s later. */
export async function stopDemo(demo: DemoProcess | undefined): Promise<void> {
  if (!demo || (await exited(demo.child, 0))) return;
  process.kill(-demo.child.pid!, 'SIGINT');
  if (!(await exited(demo.child, 10_000))) process.kill(-demo.child.pid!, 'SIGKILL');
}
