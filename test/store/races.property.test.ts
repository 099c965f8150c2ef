/**
 * Property-based race tests: fast-check generates schedules of subscriptions, polls,
 * refreshes, store mutations (some failing), renames by someone else, read faults, network
 * delays and dispose; each runs against a model IVS server under fake timers, so a schedule
 * replays exactly. On failure fast-check prints `{ seed, path }`: replay one with
 * `FC_SEED=<seed> FC_PATH=<path> npx vitest run test/store/races.property.test.ts`.
 *
 * The model server gets each request after a generated delay and answers reads after
 * another, so answers cross mutations and each other both ways. Requests reach it in the
 * order they were sent (one connection, as a browser's HTTP/2 to an endpoint), and a
 * mutation answers as soon as it is applied. Requests overtaking each other on the way in,
 * or two answers of one channel's mutations arriving in the other order from the server's,
 * cannot be ordered by any client: IVS resources carry no version. There the store shows
 * what arrived until the next poll; those cases are not generated here.
 */
import { BatchGetChannelCommand, GetChannelCommand, UpdateChannelCommand, type IvsClient } from '@aws-sdk/client-ivs';
import fc from 'fast-check';
import type { Subscription } from 'rxjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIvsStore, isIvsStoreError } from '../../src/index.js';
// Loaded up front, so the store's dynamic import of it resolves at once under fake timers.
import '../../src/resources/ivs/channel-mutations.js';
import { recipeEngine } from '../../src/core/recipes.js';

const CHANNELS = 3;
const POLL = 100;
const arn = (i: number) => `arn:aws:ivs:us-east-1:123456789012:channel/race${i}AAAAAAA`;

type Action =
  | { t: 'subscribe'; ch: number }
  | { t: 'unsubscribe'; ch: number }
  | { t: 'update'; ch: number; fail: boolean }
  | { t: 'external'; ch: number }
  | { t: 'readFaults'; n: number }
  | { t: 'refresh' }
  | { t: 'wait'; ms: number }
  | { t: 'dispose' };

const ch = fc.integer({ min: 0, max: CHANNELS - 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ t: fc.constant('subscribe' as const), ch }), weight: 3 },
  { arbitrary: fc.record({ t: fc.constant('unsubscribe' as const), ch }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('update' as const), ch, fail: fc.boolean() }), weight: 4 },
  { arbitrary: fc.record({ t: fc.constant('external' as const), ch }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('readFaults' as const), n: fc.integer({ min: 1, max: 3 }) }), weight: 1 },
  { arbitrary: fc.constant({ t: 'refresh' as const }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 250 }) }), weight: 4 },
  { arbitrary: fc.constant({ t: 'dispose' as const }), weight: 1 },
);

const schedule = fc.record({
  actions: fc.array(action, { minLength: 1, maxLength: 25 }),
  /** Network delays in ms, used in turn by every request (to the server, and back for reads). */
  delays: fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 16 }),
  /** Seeds the store's retry jitter, so a schedule replays exactly. */
  jitterSeed: fc.integer(),
});

/** IVS as far as these races need it: channel names, each write versioned in the order applied. */
function modelServer(delays: number[]) {
  let version = 0;
  let nextDelay = 0;
  const delay = () => delays[nextDelay++ % delays.length] as number;
  const names = new Map<string, string>();
  /** The version of every name the server ever applied; names are unique. */
  const versionOf = new Map<string, number>();
  const apply = (channelArn: string, name: string) => {
    names.set(channelArn, name);
    versionOf.set(name, ++version);
  };
  for (let i = 0; i < CHANNELS; i++) apply(arn(i), `init-${i}`);
  const failing = new Set<string>();
  let readFaults = 0;
  let sends = 0;
  /** When the last request reached the server: later ones never overtake it. */
  let lastArrival = 0;
  const wait = (ms: number, signal: AbortSignal | undefined) =>
    new Promise<void>((resolve, reject) => {
      const abort = () => {
        clearTimeout(timer);
        reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', abort);
        resolve();
      }, ms);
      if (signal?.aborted) abort();
      else signal?.addEventListener('abort', abort, { once: true });
    });
  const serviceError = (name: string, status: number) =>
    Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
  const channel = (a: string) => ({ arn: a, name: names.get(a) });
  const client = {
    config: { maxAttempts: async () => 1 },
    async send(command: { input: Record<string, unknown> }, options?: { abortSignal?: AbortSignal }) {
      sends++;
      const signal = options?.abortSignal;
      lastArrival = Math.max(lastArrival, Date.now() + delay());
      await wait(lastArrival - Date.now(), signal);
      if (command instanceof UpdateChannelCommand) {
        const { arn: a, name } = command.input as { arn: string; name: string };
        if (failing.has(name)) throw serviceError('ValidationException', 400);
        apply(a, name);
        return { channel: channel(a) };
      }
      if (readFaults > 0) {
        readFaults--;
        throw serviceError('InternalServerException', 500);
      }
      let answer: unknown;
      if (command instanceof GetChannelCommand) answer = { channel: channel(command.input.arn as string) };
      else if (command instanceof BatchGetChannelCommand)
        answer = { channels: (command.input.arns as string[]).map(channel), errors: [] };
      else throw new Error(`the model has no ${command.constructor.name}`);
      await wait(delay(), signal);
      return answer;
    },
  };
  return {
    client: client as unknown as IvsClient,
    names,
    versionOf,
    failing,
    apply,
    addReadFaults: (n: number) => (readFaults += n),
    clearFaults: () => (readFaults = 0),
    sends: () => sends,
  };
}

/** A small deterministic generator for the store's jitter (Math.random). */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function run({
  actions,
  delays,
  jitterSeed,
}: {
  actions: Action[];
  delays: number[];
  jitterSeed: number;
}): Promise<void> {
  vi.spyOn(Math, 'random').mockImplementation(prng(jitterSeed));
  const server = modelServer(delays);
  const store = createIvsStore({
    ivs: server.client,
    refetchInterval: POLL,
    retry: { baseDelayMs: 20, maxDelayMs: 100 },
  });
  // Channels' code loads at creation; the schedules are about the queries, not the load.
  await store.channels.refresh();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  const subs = new Map<number, Subscription>();
  /** Names each channel's entry showed, in order. */
  const shown = new Map<number, string[]>();
  const mutations: Array<Promise<void>> = [];
  const problems: string[] = [];
  let counter = 0;
  let disposedAt: number | undefined;
  try {
    for (const a of actions) {
      if (disposedAt !== undefined && a.t !== 'wait') continue;
      switch (a.t) {
        case 'subscribe':
          if (!subs.has(a.ch)) {
            subs.set(
              a.ch,
              store.channels.get$(arn(a.ch)).subscribe((e) => {
                const list = shown.get(a.ch) ?? [];
                shown.set(a.ch, list);
                if (e.data?.name !== undefined && list.at(-1) !== e.data.name) list.push(e.data.name);
              }),
            );
          }
          break;
        case 'unsubscribe':
          subs.get(a.ch)?.unsubscribe();
          subs.delete(a.ch);
          break;
        case 'update': {
          const name = `store-${++counter}`;
          if (a.fail) server.failing.add(name);
          mutations.push(
            store.channels.update({ arn: arn(a.ch), name }).then(
              (written) => {
                if (a.fail) problems.push(`update to ${name} resolved though the server refused it`);
                else if (written.name !== name)
                  problems.push(`update to ${name} resolved with ${String(written.name)}`);
              },
              (err: unknown) => {
                if (!isIvsStoreError(err))
                  problems.push(`update to ${name} rejected with a non-IvsStoreError: ${String(err)}`);
                else if (!a.fail && err.kind !== 'disposed')
                  problems.push(`update to ${name} failed: ${err.kind} ${err.message}`);
              },
            ),
          );
          break;
        }
        case 'external':
          server.apply(arn(a.ch), `theirs-${++counter}`);
          break;
        case 'readFaults':
          server.addReadFaults(a.n);
          break;
        case 'refresh':
          mutations.push(
            store.channels.refresh().catch((err: unknown) => {
              if (!(isIvsStoreError(err) && err.kind === 'disposed')) problems.push(`refresh rejected: ${String(err)}`);
            }),
          );
          break;
        case 'wait':
          await vi.advanceTimersByTimeAsync(a.ms);
          break;
        case 'dispose':
          store.dispose();
          disposedAt = server.sends();
          break;
      }
    }
    // Quiescence: faults stop, everything in flight lands, and a few polls run.
    server.clearFaults();
    // The channel mutations' code loads on first use (a real dynamic import, not a timer):
    // step the clock until every call has settled, then let a few polls run.
    let settled = false;
    void Promise.all(mutations).then(() => (settled = true));
    for (let i = 0; i < 400 && !settled; i++) await vi.advanceTimersByTimeAsync(50);
    if (!settled) problems.push('a mutation or refresh never settled');
    await vi.advanceTimersByTimeAsync(3_000);

    // No entry ever showed a value older than one it had shown (by the server's order;
    // optimistic names the server refused were never versions and are skipped).
    for (const [c, names] of shown) {
      let newest = 0;
      for (const name of names) {
        const v = server.versionOf.get(name);
        if (v === undefined) continue;
        if (v < newest) problems.push(`channel ${c} showed ${name} after a newer value: ${names.join(' → ')}`);
        newest = Math.max(newest, v);
      }
    }
    if (disposedAt === undefined) {
      // After quiescence, every watched entry equals the server.
      for (const c of subs.keys()) {
        const shownNow = shown.get(c)?.at(-1);
        if (shownNow !== server.names.get(arn(c)))
          problems.push(`channel ${c} shows ${String(shownNow)}, the server has ${String(server.names.get(arn(c)))}`);
      }
      subs.forEach((s) => s.unsubscribe());
      store.dispose();
      disposedAt = server.sends();
    }
    // Nothing runs after dispose(): no call, no timer.
    await vi.advanceTimersByTimeAsync(10_000);
    if (server.sends() !== disposedAt) problems.push(`${server.sends() - disposedAt} calls were sent after dispose()`);
    if (vi.getTimerCount() !== 0) problems.push(`${vi.getTimerCount()} timers left after dispose()`);
    await Promise.resolve();
    if (unhandled.length > 0) problems.push(`unhandled rejections: ${unhandled.map(String).join('; ')}`);
  } finally {
    process.off('unhandledRejection', onUnhandled);
    store.dispose();
    vi.restoreAllMocks();
    vi.clearAllTimers();
  }
  expect(problems).toEqual([]);
}

// immer too (the optimistic writes' recipes load it on first use): a loaded machine took longer
// to import it than the schedule's stepped clock waits, and the first run found a mutation unsettled.
beforeAll(() => recipeEngine().then(() => undefined));

describe('races between polls, mutations, faults, subscriptions and dispose (fast-check)', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('keep every invariant over generated schedules', {
    timeout: Number(process.env.FC_TIME ?? 20_000) + 40_000,
  }, async () => {
    const replay =
      process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH };
    await fc.assert(
      fc.asyncProperty(schedule, (s) => run(s)),
      {
        numRuns: Number(process.env.FC_RUNS ?? 500),
        interruptAfterTimeLimit: Number(process.env.FC_TIME ?? 20_000),
        markInterruptAsFailure: false,
        ...replay,
      },
    );
  });
});
