import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ivsSdk from '@aws-sdk/client-ivs';
import * as realtimeSdk from '@aws-sdk/client-ivs-realtime';
import { describe, expect, it } from 'vitest';
import { ivsHandlers } from '../../src/simulator/handlers/ivs/index.js';
import { realtimeHandlers } from '../../src/simulator/handlers/realtime/index.js';
import { tagHandlers } from '../../src/simulator/handlers/tags.js';
import { simulatorOperations } from '../../src/simulator/index.js';

/**
 * The SDK's exported `*Command` classes are the list of operations. Each carries its
 * model schema: `[9, namespace, name, { http: [method, path, status] }, input, output]`,
 * with input `[3, ns, name, traits, members, schemas, requiredCount]`. If a new SDK
 * version adds an operation or changes a route, these tests fail.
 */
type Schema = [number, string, string, { http: [string, string, number] }, () => unknown[], () => unknown[]];

function sdkOperations(mod: Record<string, unknown>) {
  const out: Array<{ name: string; method: string; path: string; status: number; required: string[] }> = [];
  for (const [exportName, value] of Object.entries(mod)) {
    if (!exportName.endsWith('Command') || typeof value !== 'function' || exportName === '$Command') continue;
    const schema = new (value as new (input: object) => { schema?: Schema })({}).schema;
    if (!schema) continue;
    const [, , name, traits, input] = schema;
    const inputSchema = input() as [number, string, string, unknown, string[], unknown[], number?];
    const members = inputSchema[4] ?? [];
    const required = members.slice(0, inputSchema[6] ?? 0);
    out.push({ name, method: traits.http[0], path: traits.http[1], status: traits.http[2], required });
  }
  return out;
}

const handlers = { ...ivsHandlers, ...realtimeHandlers, ...tagHandlers };

describe.each([
  ['ivs', ivsSdk as Record<string, unknown>, 41],
  ['realtime', realtimeSdk as Record<string, unknown>, 39],
] as const)('%s: every SDK operation is served as the model says', (service, sdk, atLeast) => {
  const ops = sdkOperations(sdk);

  it('finds the SDK operations', () => {
    expect(ops.length).toBeGreaterThanOrEqual(atLeast);
  });

  it.each(ops.map((o) => [o.name, o] as const))('%s', (_name, op) => {
    const spec = simulatorOperations.find((s) => s.service === service && s.name === op.name);
    expect(spec, `${service} ${op.name} has no entry in the operation table`).toBeDefined();
    expect(spec?.method).toBe(op.method);
    expect(spec?.path).toBe(op.path);
    expect(spec?.status).toBe(op.status);
    expect([...(spec?.required ?? [])].sort()).toEqual([...op.required].sort());
    expect(handlers[op.name], `${op.name} has no handler`).toBeTypeOf('function');
  });

  it('every operation is sent through the real SDK client by some test', () => {
    const dir = join(__dirname);
    const sources = readdirSync(dir)
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    const untested = ops.filter((o) => !new RegExp(`new ${o.name}Command\\(`).test(sources)).map((o) => o.name);
    expect(untested).toEqual([]);
  });

  it('serves nothing the SDK does not have', () => {
    const names = new Set(ops.map((o) => o.name));
    const extra = simulatorOperations.filter((s) => s.service === service && !names.has(s.name)).map((s) => s.name);
    expect(extra).toEqual([]);
  });
});

describe('the operation table', () => {
  it('has a positive published quota and rules only for real members', () => {
    for (const spec of simulatorOperations) {
      expect(spec.tps, spec.name).toBeGreaterThan(0);
      for (const member of spec.required) expect(spec.fields[member] ?? 'ok', `${spec.name}.${member}`).toBeDefined();
    }
  });
});
