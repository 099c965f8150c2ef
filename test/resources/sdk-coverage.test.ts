import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ivsSdk from '@aws-sdk/client-ivs';
import * as realtimeSdk from '@aws-sdk/client-ivs-realtime';
import { describe, expect, it } from 'vitest';

/**
 * Every operation of @aws-sdk/client-ivs is reachable through the store: each SDK
 * `*Command` class is sent by some resource under src/resources/ivs. A new SDK operation
 * fails this test until a resource wires it.
 */
describe.each([
  ['IvsClient', ivsSdk as Record<string, unknown>, 'ivs', 41],
  ['IVSRealTimeClient', realtimeSdk as Record<string, unknown>, 'realtime', 39],
] as const)('the store wires every %s command', (_client, sdk, folder, atLeast) => {
  const dir = join(__dirname, '../../src/resources', folder);
  const sources = readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  const commands = Object.keys(sdk).filter((k) => /^[A-Z]\w+Command$/.test(k));

  it('finds the SDK commands', () => {
    expect(commands.length).toBeGreaterThanOrEqual(atLeast);
  });

  it.each(commands)('%s', (command) => {
    expect(sources).toMatch(new RegExp(`new ${command}\\(`));
  });
});
