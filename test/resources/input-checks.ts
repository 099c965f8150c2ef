import { isObservable, type Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IvsStoreError, type Entry, type IvsStore } from '../../src/index.js';
import { startStoreWorld, sleep, until, type StoreWorld } from '../support/world.js';

/**
 * The harness of the input-check tables (ivs-input-checks and realtime-input-checks):
 * every public method, called with bad arguments of each class, must refuse them with an
 * `IvsStoreError` of kind `validation` naming the operation and the field, the way its
 * kind of method does (README, "Bad arguments"), never throw synchronously, and send
 * nothing: the simulator's request log and the SDK clients' `send` both stay at 0.
 */

/** How a method reports a refusal: Promise methods reject, `Observable<Entry<T>>` methods emit an `error` entry, derived streams error. */
export type Shape = 'promise' | 'entry' | 'stream';

/** One bad call: a label (the class of bad input), the field the error must name, and the call. */
export type BadCall = [label: string, field: string, call: (store: IvsStore) => unknown];

/** A method's bad calls: [method, shape, calls]. */
export type MethodTable = [method: string, shape: Shape, calls: BadCall[]];

/** The tables grouped by resource family (`channels.get$` → `channels`), each family named with its methods. */
export function families(tables: MethodTable[]): Array<[name: string, methods: MethodTable[]]> {
  const byFamily = new Map<string, MethodTable[]>();
  for (const t of tables) {
    const family = t[0].split('.')[0] as string;
    byFamily.set(family, [...(byFamily.get(family) ?? []), t]);
  }
  return [...byFamily].map(([family, methods]) => [
    `${family}: ${methods.map((m) => m[0].split('.')[1]).join(', ')}`,
    methods,
  ]);
}

/** Well-formed ARNs of every type (none exists: nothing may be sent anyway). */
export const arn = (type: string) => `arn:aws:ivs:us-east-1:123456789012:${type}/abcdEFGH1234`;

type Call = (store: IvsStore, value: unknown) => unknown;

/** An ARN argument: wrong type, null, missing, an ARN of another resource type, not an ARN. */
export const arnArg = (field: string, call: Call, other = 'composition'): BadCall[] => [
  [`${field} of the wrong type`, field, (s) => call(s, 5)],
  [`${field} null`, field, (s) => call(s, null)],
  [`${field} missing`, field, (s) => call(s, undefined)],
  [`${field} of another resource type`, field, (s) => call(s, arn(other))],
  [`${field} not an ARN`, field, (s) => call(s, 'x')],
];

/** A string argument (an id, a text): wrong type, null, and the bad values given. */
export const stringArg = (field: string, call: Call, badValues: unknown[]): BadCall[] => [
  [`${field} of the wrong type`, field, (s) => call(s, 7)],
  [`${field} null`, field, (s) => call(s, null)],
  ...badValues.map((v): BadCall => [`${field} ${JSON.stringify(v)?.slice(0, 20)}`, field, (s) => call(s, v)]),
];

/**
 * An object argument (an SDK input, a filter, options): null, a string, an array, a
 * member the SDK input does not have, and `bad` members (each merged into `valid`).
 */
export const objectArg = (
  field: string,
  call: Call,
  valid: object,
  bad: Array<[label: string, field: string, patch: object]>,
): BadCall[] => [
  [`${field} null`, field, (s) => call(s, null)],
  [`${field} a string`, field, (s) => call(s, 'x')],
  [`${field} an array`, field, (s) => call(s, [valid])],
  [`${field} with an unknown member`, 'bogus', (s) => call(s, { ...valid, bogus: 1 })],
  ...bad.map(([label, f, patch]): BadCall => [label, f, (s) => call(s, { ...valid, ...patch })]),
];

/** A query's options: every Observable method takes them. */
export const optionsArg = (call: Call, extra: Array<[label: string, field: string, patch: object]> = []): BadCall[] =>
  objectArg('options', call, {}, [
    ['refetchInterval of the wrong type', 'refetchInterval', { refetchInterval: '5s' }],
    ['refetchInterval not positive', 'refetchInterval', { refetchInterval: 0 }],
    ...extra,
  ]);

/** A world whose SDK clients count their `send` calls, besides the simulator's log. */
export async function startCountingWorld(): Promise<StoreWorld & { sends: string[] }> {
  const w = await startStoreWorld({ seed: 61 });
  const sends: string[] = [];
  for (const client of [w.ivs, w.realtime] as unknown as Array<{ send: (...args: unknown[]) => unknown }>) {
    const send = client.send.bind(client);
    client.send = (command: unknown, ...rest: unknown[]) => {
      sends.push((command as object).constructor.name);
      return send(command, ...rest);
    };
  }
  return Object.assign(w, { sends });
}

async function refusal(shape: Shape, result: unknown): Promise<unknown> {
  if (shape === 'promise') {
    if (!(result instanceof Promise)) return new Error(`returned ${String(result)}, not a Promise`);
    return result.then(
      () => new Error('resolved instead of rejecting'),
      (err: unknown) => err,
    );
  }
  if (!isObservable(result)) return new Error(`returned ${String(result)}, not an Observable`);
  if (shape === 'entry') {
    return until(result as Observable<Entry<unknown>>, (e) => e.status === 'error', 1500).then(
      (entry) => entry.error,
      (err: unknown) => new Error(`no error entry: ${String(err)}`),
    );
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      sub.unsubscribe();
      resolve(new Error('no error notification within 1.5 s'));
    }, 1500);
    const sub = result.subscribe({
      error: (err: unknown) => {
        clearTimeout(timer);
        resolve(err);
      },
      complete: () => {
        clearTimeout(timer);
        resolve(new Error('completed without an error'));
      },
    });
  });
}

/**
 * Runs every bad call of a method and returns what went wrong with each (empty when every
 * one was refused as it should be), so one failing case does not hide the others.
 */
export async function refusals(
  w: StoreWorld & { sends: string[] },
  [method, shape, calls]: MethodTable,
): Promise<string[]> {
  const failures: string[] = [];
  for (const [label, field, call] of calls) {
    w.sim.control.clearRequests();
    w.sends.length = 0;
    try {
      let result: unknown;
      try {
        result = call(w.store);
      } catch (err) {
        throw new Error(`threw synchronously: ${String(err)}`);
      }
      const error = await refusal(shape, result);
      if (!(error instanceof IvsStoreError)) throw new Error(`not an IvsStoreError: ${String(error)}`);
      expect(error.kind, `kind (${error.message})`).toBe('validation');
      expect(error.field, `field (${error.message})`).toBe(field);
      expect(error.operation, 'operation').toMatch(/^[A-Z]\w+$/);
      // invalidInput's shape: "<operation>: '<field>' <rule>".
      expect(
        error.message.startsWith(`${error.operation}: '${field}' `),
        `message names operation and field: ${error.message}`,
      ).toBe(true);
      await sleep(20);
      expect(w.sends, 'SDK sends').toEqual([]);
      expect(w.sim.control.countRequests(), 'requests the simulator saw').toBe(0);
    } catch (err) {
      failures.push(`${method} — ${label}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return failures;
}

/** One test per resource family of `tables` (its methods' failures listed one by one), on one counting world. */
export function describeRefusals(title: string, tables: MethodTable[]): void {
  describe(title, () => {
    let w: Awaited<ReturnType<typeof startCountingWorld>>;
    beforeAll(async () => {
      w = await startCountingWorld();
    });
    afterAll(() => w.stop());

    it.each(families(tables))('%s', async (_family, methods) => {
      const failures: string[] = [];
      for (const table of methods) failures.push(...(await refusals(w, table)));
      expect(failures).toEqual([]);
    });
  });
}
