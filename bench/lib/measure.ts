/** Measuring helpers for `npm run bench`: CPU, wall time, heap, live timers. */
import { performance } from 'node:perf_hooks';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs a full garbage collection (the bench runs with --expose-gc) and lets finalizers settle. */
export async function collect(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the bench needs --expose-gc (npm run bench sets it)');
  for (let i = 0; i < 4; i++) {
    gc();
    await sleep(10);
  }
}

export async function heapUsed(): Promise<number> {
  await collect();
  return process.memoryUsage().heapUsed;
}

/** CPU time (user + system, ms) and wall time (ms) spent in `fn`, including what it awaits. */
export async function measure<T>(fn: () => Promise<T> | T): Promise<{ cpuMs: number; wallMs: number; value: T }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { cpuMs: (cpu.user + cpu.system) / 1000, wallMs, value };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Timers alive in this process right now (Node's own count of Timeout handles). */
export function liveTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

/** Waits until `done()` holds, checking every few ms; throws after `timeoutMs`. */
export async function until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = performance.now();
  while (!done()) {
    if (performance.now() - start > timeoutMs)
      throw new Error(`bench: timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(2);
  }
}

/** Splits request times into bursts (poll cycles): a gap longer than `gapMs` starts a new one. */
export function bursts(times: number[], gapMs = 250): number {
  const sorted = [...times].sort((a, b) => a - b);
  let n = 0;
  let last = -Infinity;
  for (const t of sorted) {
    if (t - last > gapMs) n++;
    last = t;
  }
  return n;
}

export const ratio = (a: number, b: number) => (b === 0 ? Number.POSITIVE_INFINITY : a / b);
