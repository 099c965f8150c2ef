/**
 * Property test of the Batcher: fast-check generates interleavings of loads (with or
 * without a signal), aborts, StrictMode re-mounts (an abort and a load in one task), ticks
 * and answers (values by key or in order, omissions, failures, a load or an abort from
 * `settled`), with a fetch the test answers by hand. Checked: every waiter settles once, with
 * AbortError exactly when it gave up before its answer was handed over; a key in flight is
 * never sent again unless
 * that call was aborted; a call nobody waits for is aborted, one re-asked in the same task
 * is kept; no call carries more than `maxBatchSize` keys nor a key twice; `settled` hears
 * of each call once, before its waiters, with their number.
 * Replay a failure with `FC_SEED=<seed> FC_PATH=<path> npx vitest run test/core/batcher.property.test.ts`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Batcher } from '../../src/core/batcher.js';

const KEYS = 5;
const SIGNALS = 3;

type How = 'map' | 'array' | 'omit' | 'fail';
type Op =
  | { t: 'load'; key: number; sig: number }
  | { t: 'abort'; sig: number }
  | { t: 'remount'; key: number; sig: number }
  | { t: 'tick' }
  | { t: 'answer'; which: number; how: How; reload: boolean; abortIn: number };

const key = fc.integer({ min: 0, max: KEYS - 1 });
/** -1: no signal. */
const sig = fc.integer({ min: -1, max: SIGNALS - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ t: fc.constant('load' as const), key, sig }), weight: 6 },
  { arbitrary: fc.record({ t: fc.constant('abort' as const), sig: fc.nat(SIGNALS - 1) }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('remount' as const), key, sig: fc.nat(SIGNALS - 1) }), weight: 1 },
  { arbitrary: fc.constant({ t: 'tick' as const }), weight: 2 },
  {
    arbitrary: fc.record({
      t: fc.constant('answer' as const),
      which: fc.nat(),
      how: fc.constantFrom<How>('map', 'array', 'omit', 'fail'),
      reload: fc.boolean(),
      /** A signal aborted from `settled` (-1: none): waiters it counted get their answer all the same. */
      abortIn: fc.integer({ min: -1, max: SIGNALS - 1 }),
    }),
    weight: 3,
  },
);

interface Call {
  keys: string[];
  signal: AbortSignal;
  resolve: (out: Map<string, string> | string[]) => void;
  reject: (err: Error) => void;
  done: boolean;
}

interface Waiter {
  key: string;
  /** Gave up before its answer: must get AbortError. */
  gaveUp: boolean;
  result?: { value: string } | { error: Error };
  settledTimes: number;
  controller: AbortController | undefined;
}

/** Lets every promise reaction run (the Batcher schedules with microtasks only). */
const drain = () => new Promise<void>((resolve) => setImmediate(resolve));

async function run(ops: Op[], maxBatchSize: number, disposeEarly: boolean): Promise<void> {
  const calls: Call[] = [];
  const settledCalls: string[][] = [];
  const waiters: Waiter[] = [];
  /** Checked inside the Batcher's callbacks, where a throw would only fail a fetch: reported at the end. */
  const violations: string[] = [];
  const check = (ok: boolean, what: string) => ok || violations.push(what);
  /** Keys loaded from `settled`, with the number of calls made then: each must get a new call. */
  const reloads: Array<[string, number]> = [];
  let reloadNext = false;
  let abortNext = -1;
  let disposed = false;
  const controllers = Array.from({ length: SIGNALS }, () => new AbortController());

  const load = (k: string, controller: AbortController | undefined) => {
    const w: Waiter = { key: k, gaveUp: controller?.signal.aborted === true, settledTimes: 0, controller };
    waiters.push(w);
    batcher.load(k, controller?.signal).then(
      (value) => {
        w.settledTimes++;
        w.result = { value };
      },
      (error: Error) => {
        w.settledTimes++;
        w.result = { error };
      },
    );
  };
  const batcher: Batcher<string, string> = new Batcher<string, string>({
    maxBatchSize,
    missing: (k) => new Error(`missing ${k}`),
    fetch: (keys, signal) =>
      new Promise((resolve, reject) => {
        check(keys.length <= maxBatchSize, `[${keys}] over ${maxBatchSize} keys`);
        check(new Set(keys).size === keys.length, `[${keys}] carries a key twice`);
        for (const other of calls)
          if (!other.done && !other.signal.aborted)
            for (const k of keys) check(!other.keys.includes(k), `${k} sent while in flight in [${other.keys}]`);
        calls.push({ keys: [...keys], signal, resolve, reject, done: false });
        signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
      }),
    settled: (batch) => {
      const keys = batch.map((s) => s.key);
      settledCalls.push(keys);
      const call = calls.find((c) => c.keys.join() === keys.join() && !c.signal.aborted);
      // Before its waiters, with how many of them the answer is for (none once disposed).
      if (call && !disposed)
        for (const { key: k, waiters: n } of batch)
          check(n === waiters.filter((w) => w.key === k && !w.result && !w.gaveUp).length, `waiters of ${k}`);
      if (call && abortNext >= 0) {
        const counted = waiters.filter((w) => keys.includes(w.key) && !w.result && !w.gaveUp);
        abort(abortNext, counted);
        abortNext = -1;
      }
      if (reloadNext && keys[0] !== undefined) {
        reloadNext = false;
        reloads.push([keys[0], calls.length]);
        load(keys[0], undefined);
      }
    },
  });

  /** Aborts a signal: its waiters not answered yet give up, but for those an answer is being handed to. */
  const abort = (s: number, answering: Waiter[] = []) => {
    const controller = controllers[s] as AbortController;
    for (const w of waiters) if (w.controller === controller && !w.result && !answering.includes(w)) w.gaveUp = true;
    controller.abort();
    controllers[s] = new AbortController();
  };
  /** A call nobody waits for (no key of it has a waiter left) is aborted. */
  const checkAbandonedAborted = () => {
    for (const call of calls)
      if (!call.done && !call.signal.aborted)
        check(
          waiters.some((w) => !w.result && !w.gaveUp && call.keys.includes(w.key)),
          `call [${call.keys}] kept with nobody waiting`,
        );
  };
  const answer = async (call: Call, how: How) => {
    call.done = true;
    if (how === 'fail') call.reject(new Error('503'));
    else if (how === 'array') call.resolve(call.keys.map((k) => `v:${k}`));
    else call.resolve(new Map(call.keys.filter((_, i) => how === 'map' || i % 2 === 0).map((k) => [k, `v:${k}`])));
    await drain(); // its waiters are answered before anyone can give up
  };

  for (const o of ops) {
    if (o.t === 'load') load(`k${o.key}`, o.sig < 0 ? undefined : controllers[o.sig]);
    else if (o.t === 'abort') abort(o.sig);
    else if (o.t === 'remount') {
      const kept = calls.filter((c) => !c.done && !c.signal.aborted && c.keys.includes(`k${o.key}`));
      abort(o.sig);
      load(`k${o.key}`, controllers[o.sig]); // same task, a new signal: the call already sent is kept
      await drain();
      for (const call of kept) check(!call.signal.aborted, `call [${call.keys}] aborted on a re-mount`);
    } else if (o.t === 'tick') {
      await drain();
      checkAbandonedAborted();
    } else {
      const open = calls.filter((c) => !c.done && !c.signal.aborted);
      reloadNext = o.reload;
      abortNext = o.abortIn;
      if (open.length > 0) await answer(open[o.which % open.length] as Call, o.how);
      reloadNext = false;
      abortNext = -1;
    }
  }
  await drain();
  checkAbandonedAborted();
  if (disposeEarly) {
    // Everyone still waiting is rejected; aborts after that change nothing (nor go unhandled).
    batcher.dispose();
    disposed = true;
    for (let s = 0; s < SIGNALS; s++) controllers[s]?.abort();
    await drain();
    for (const w of waiters)
      if (!w.gaveUp)
        check(
          !w.result || !('error' in w.result) || w.result.error.name !== 'AbortError',
          `${w.key} aborted after dispose`,
        );
  }
  // Answer what is left, as often as new calls come (a key asked again after its call was aborted).
  for (let open = calls.filter((c) => !c.done); open.length > 0; open = calls.filter((c) => !c.done))
    for (const call of open) await answer(call, 'map');
  await drain();

  for (const w of waiters) {
    check(w.settledTimes === 1, `${w.key} settled ${w.settledTimes} times`);
    const error = w.result && 'error' in w.result ? w.result.error : undefined;
    check((error?.name === 'AbortError') === w.gaveUp, `${w.key}: AbortError ${w.gaveUp ? 'expected' : 'unexpected'}`);
    if (w.result && 'value' in w.result) check(w.result.value === `v:${w.key}`, `${w.key} got ${w.result.value}`);
  }
  for (const [k, n] of reloads)
    check(
      calls.slice(n).some((c) => c.keys.includes(k)),
      `${k} asked from settled: no call`,
    );
  // Each call came back (answered, or rejected on abort) and told `settled` once, with its keys in order.
  const sorted = (lists: string[][]) => lists.map((l) => l.join()).sort();
  expect(sorted(settledCalls)).toEqual(sorted(calls.map((c) => c.keys)));
  expect(violations).toEqual([]);
  expect(batcher.pending).toBe(0);
  batcher.dispose();
}

describe('Batcher properties', () => {
  it('every waiter settles once; no key sent twice while in flight; abandoned calls aborted', async () => {
    const replay =
      process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH };
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        (ops, max, disposeEarly) => run(ops, max, disposeEarly),
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 300), ...replay },
    );
  });
});
