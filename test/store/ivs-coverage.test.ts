import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ivsSdk from '@aws-sdk/client-ivs';
import { describe, expect, it } from 'vitest';

/**
 * Every operation of @aws-sdk/client-ivs is reachable through the store: each SDK
 * `*Command` class is sent by some resource under src/resources/ivs. A new SDK operation
 * fails this test until a resource wires it.
 */
describe('the store wires every IvsClient command', () => {
  const dir = join(__dirname, '../../src/resources/ivs');
  const sources = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  const commands = Object.keys(ivsSdk).filter((k) => /^[A-Z]\w+Command$/.test(k) && k !== '$Command');

  it('finds the SDK commands', () => {
    expect(commands.length).toBeGreaterThanOrEqual(41);
  });

  it.each(commands)('%s', (command) => {
    expect(sources).toMatch(new RegExp(`new ${command}\\(`));
  });
});
