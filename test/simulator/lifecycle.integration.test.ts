import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { IvsClient, ListChannelsCommand } from '@aws-sdk/client-ivs';
import { describe, expect, it } from 'vitest';
import { startIvsSimulator } from '../../src/simulator/index.js';

describe('startIvsSimulator', () => {
  it('listens on a free loopback port and reports endpoint, region and credentials', async () => {
    const a = await startIvsSimulator();
    const b = await startIvsSimulator({ region: 'eu-west-1' });
    expect(a.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(b.endpoint).not.toBe(a.endpoint);
    expect(a.region).toBe('us-east-1');
    expect(b.region).toBe('eu-west-1');
    await Promise.all([a.stop(), b.stop()]);
  });

  it('stop() closes kept-alive connections, so the port is free and no request gets through', async () => {
    const sim = await startIvsSimulator();
    const client = new IvsClient({
      endpoint: sim.endpoint,
      region: sim.region,
      credentials: sim.credentials,
      maxAttempts: 1,
    });
    await client.send(new ListChannelsCommand({}));
    await sim.stop();
    await expect(client.send(new ListChannelsCommand({}))).rejects.toThrow(
      /ECONNREFUSED|connect|socket hang up|ECONNRESET/i,
    );
    await sim.stop(); // idempotent
    client.destroy();
  });

  it('rejects bad options with the option name and the rule', async () => {
    await expect(startIvsSimulator({ port: 70000 })).rejects.toThrow(/port must be an integer from 0 to 65535/);
    await expect(startIvsSimulator({ accountId: '12' })).rejects.toThrow(/accountId must be 12 digits/);
    await expect(startIvsSimulator({ region: 'mars' })).rejects.toThrow(/region must look like/);
    await expect(startIvsSimulator({ seed: 1.5 })).rejects.toThrow(/seed must be an integer/);
    await expect(startIvsSimulator({ credentials: { accessKeyId: '', secretAccessKey: 'x' } })).rejects.toThrow(
      /credentials.accessKeyId/,
    );
    await expect(startIvsSimulator({ quotas: { GetChannel: -1 } })).rejects.toThrow(
      /quotas.GetChannel must be a positive number/,
    );
    await expect(startIvsSimulator({ timings: { compositionStartMs: -5 } })).rejects.toThrow(
      /timings.compositionStartMs/,
    );
  });

  it('`npm run sim` prints how to connect, serves a lively world and stops on SIGINT', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/simulator/cli.ts', '--port', '0', '--seed', '5'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    const rl = createInterface({ input: child.stdout });
    const ready = new Promise<void>((resolve, reject) => {
      rl.on('line', (line) => {
        lines.push(line);
        if (line.startsWith('Ctrl-C')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    await ready;
    const field = (name: string) =>
      lines
        .find((l) => l.trim().startsWith(name))
        ?.trim()
        .split(/\s+/)[1] ?? '';
    const client = new IvsClient({
      endpoint: field('endpoint'),
      region: field('region'),
      credentials: { accessKeyId: field('accessKeyId'), secretAccessKey: field('secretAccessKey') },
      maxAttempts: 1,
    });
    const out = await client.send(new ListChannelsCommand({}));
    expect(out.channels?.length).toBe(12);
    client.destroy();
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
