/**
 * The race properties again, against the simulator over HTTP with the real IvsClient and
 * real time: fewer runs, and only the invariants that need no knowledge of the order in
 * which the server applied writes (that one is checked against the model server in
 * races.property.test.ts). On failure fast-check prints `{ seed, path }`; replay with
 * `FC_SEED=<seed> FC_PATH=<path>` (timing makes a replay close, not exact).
 */
import { GetChannelCommand, UpdateChannelCommand } from '@aws-sdk/client-ivs';
import fc from 'fast-check';
import type { Subscription } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIvsStore, isIvsStoreError } from '../../src/index.js';
import { sleep, startStoreWorld, type StoreWorld } from '../support/world.js';

type Action =
  | { t: 'subscribe'; ch: number }
  | { t: 'unsubscribe'; ch: number }
  | { t: 'update'; ch: number; latency: number; fail: boolean }
  | { t: 'external'; ch: number }
  | { t: 'readFaults'; n: number }
  | { t: 'wait'; ms: number }
  | { t: 'dispose' };

const ch = fc.integer({ min: 0, max: 2 });
const actions: fc.Arbitrary<Action[]> = fc.array(
  fc.oneof(
    { arbitrary: fc.record({ t: fc.constant('subscribe' as const), ch }), weight: 3 },
    { arbitrary: fc.record({ t: fc.constant('unsubscribe' as const), ch }), weight: 1 },
    {
      arbitrary: fc.record({
        t: fc.constant('update' as const),
        ch,
        latency: fc.integer({ min: 0, max: 250 }),
        fail: fc.boolean(),
      }),
      weight: 4,
    },
    { arbitrary: fc.record({ t: fc.constant('external' as const), ch }), weight: 2 },
    { arbitrary: fc.record({ t: fc.constant('readFaults' as const), n: fc.integer({ min: 1, max: 2 }) }), weight: 1 },
    { arbitrary: fc.record({ t: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 150 }) }), weight: 4 },
    { arbitrary: fc.constant({ t: 'dispose' as const }), weight: 1 },
  ),
  { minLength: 1, maxLength: 12 },
);

describe('races against the simulator (fast-check, real time)', () => {
  let w: StoreWorld;
  beforeAll(async () => {
    w = await startStoreWorld({ seed: 9 });
  });
  afterAll(() => w.stop());

  it('resolved mutations return their own write, entries converge to the server, nothing runs after dispose', {
    timeout: Number(process.env.FC_TIME ?? 20_000) + 40_000,
  }, async () => {
    const replay =
      process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH };
    await fc.assert(
      fc.asyncProperty(actions, async (list) => {
        const { sim, ivs } = w;
        sim.control.clearFaults();
        const arns = [0, 1, 2].map((i) => sim.control.ivs.createChannel({ name: `c${i}` }).arn);
        const store = createIvsStore({ ivs, refetchInterval: 100, retry: { baseDelayMs: 5, maxDelayMs: 40 } });
        const problems: string[] = [];
        const unhandled: unknown[] = [];
        const onUnhandled = (r: unknown) => unhandled.push(r);
        process.on('unhandledRejection', onUnhandled);
        const subs = new Map<number, Subscription>();
        const last = new Map<number, string | undefined>();
        const pending: Array<Promise<void>> = [];
        let n = 0;
        let disposed = false;
        let disposedAt = 0;
        try {
          for (const a of list) {
            if (disposed && a.t !== 'wait') continue;
            if (a.t === 'subscribe' && !subs.has(a.ch))
              subs.set(
                a.ch,
                store.channels.get$(arns[a.ch]!).subscribe((e) => last.set(a.ch, e.data?.name)),
              );
            else if (a.t === 'unsubscribe') {
              subs.get(a.ch)?.unsubscribe();
              subs.delete(a.ch);
            } else if (a.t === 'update') {
              const name = `s${++n}`;
              sim.control.injectFault({
                operations: ['UpdateChannel'],
                latencyMs: a.latency,
                times: 1,
                ...(a.fail ? { errorRate: 1, error: 'ValidationException' as const } : {}),
              });
              pending.push(
                store.channels.update({ arn: arns[a.ch]!, name }).then(
                  (written) =>
                    void (
                      written.name !== name && problems.push(`update to ${name} resolved with ${String(written.name)}`)
                    ),
                  (err: unknown) =>
                    void (
                      !(isIvsStoreError(err) && ['validation', 'disposed'].includes(err.kind)) &&
                      problems.push(`update to ${name}: ${String(err)}`)
                    ),
                ),
              );
            } else if (a.t === 'external') {
              // Someone else's rename; it may take a fault meant for the store's next update (fine: either way is a schedule).
              await ivs.send(new UpdateChannelCommand({ arn: arns[a.ch]!, name: `x${++n}` })).catch(() => undefined);
            } else if (a.t === 'readFaults')
              sim.control.injectFault({ operations: ['GetChannel', 'BatchGetChannel'], errorRate: 1, times: a.n });
            else if (a.t === 'wait') await sleep(a.ms);
            else if (a.t === 'dispose') {
              store.dispose();
              disposed = true;
              disposedAt = Date.now();
            }
          }
          await Promise.all(pending);
          sim.control.clearFaults();
          if (!disposed) {
            // Converged within 3 s: polls of 100 ms over three channels wait for GetChannel's
            // 5 calls a second, so a read asked for last may go out up to a second later.
            const server = new Map<number, string | undefined>();
            for (const [c] of subs)
              server.set(c, (await ivs.send(new GetChannelCommand({ arn: arns[c]! }))).channel?.name);
            const converged = () => [...server].every(([c, name]) => last.get(c) === name);
            for (let waited = 0; waited < 3000 && !converged(); waited += 100) await sleep(100);
            for (const [c, name] of server)
              if (last.get(c) !== name)
                problems.push(`channel ${c} shows ${String(last.get(c))}, the server has ${String(name)}`);
            store.dispose();
            disposedAt = Date.now();
          }
          // Calls sent before dispose() may still finish (the log records them when they do),
          // but none may arrive after it: the log keeps each request's arrival time.
          await sleep(450);
          const late = sim.control.requests({}).filter((r) => r.time > disposedAt + 50);
          if (late.length > 0)
            problems.push(
              `${late.length} requests arrived after dispose(): ${late.map((r) => r.operation).join(', ')}`,
            );
          if (unhandled.length) problems.push(`unhandled rejections: ${unhandled.map(String).join('; ')}`);
        } finally {
          process.off('unhandledRejection', onUnhandled);
          store.dispose();
        }
        expect(problems).toEqual([]);
      }),
      {
        numRuns: Number(process.env.FC_RUNS ?? 12),
        interruptAfterTimeLimit: Number(process.env.FC_TIME ?? 20_000),
        markInterruptAsFailure: false,
        ...replay,
      },
    );
  });
});
