import { spawn, type ChildProcess } from 'node:child_process';

/** `npm run demo` as the browser tests of the demo run it: started as a newcomer starts it. */
export interface DemoProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts `npm run demo` (with `extra` options, e.g. `--relay`) in its own process group and resolves with the URL it prints. */
export function startDemo(extra: string[] = []): Promise<DemoProcess> {
  const child = spawn('npm', ['run', 'demo', '--', '--port', '0', '--seed', '7', ...extra], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm run demo printed no URL in 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /ivs-store demo \(simulator[^)]*\): (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
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
