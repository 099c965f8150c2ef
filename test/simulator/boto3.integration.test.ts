import { execFile, spawnSync } from 'node:child_process';
import { devNull } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIvsSimulator, type IvsSimulator } from '../../src/simulator/index.js';

/**
 * The simulator through Python's boto3 and the AWS CLI: a different SigV4 signer (botocore
 * sends no x-amz-content-sha256 and encodes paths and queries its own way) and a different
 * restJson1 parser. CI must have python3 with boto3; elsewhere without them this is
 * skipped. The AWS CLI part is optional everywhere.
 */
const PYTHON = process.env.PYTHON ?? 'python3';
const SCRIPT = fileURLToPath(new URL('./boto3/ivs_roundtrip.py', import.meta.url));
const haveBoto3 = spawnSync(PYTHON, ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0;
if (!haveBoto3 && process.env.CI)
  throw new Error(`${PYTHON} with boto3 not found; CI must have it (pip install boto3)`);
const haveAwsCli = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;

/** The parent's environment without AWS settings (a profile, a region, keys, endpoint overrides) or proxies, so only what the test passes counts. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(AWS_|BOTO_|HTTPS?_PROXY$|ALL_PROXY$)/i.test(k)) env[k] = v;
  }
  return {
    ...env,
    AWS_CONFIG_FILE: devNull,
    AWS_SHARED_CREDENTIALS_FILE: devNull,
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_PROXY: '127.0.0.1,localhost,::1',
    ...extra,
  };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr: err?.killed ? `${stderr}\n(killed after ${timeoutMs} ms)` : stderr });
    });
  });
}

describe.skipIf(!haveBoto3)('boto3 and the AWS CLI against the simulator', () => {
  let sim: IvsSimulator;
  beforeAll(async () => {
    sim = await startIvsSimulator({ seed: 7 });
  });
  afterAll(() => sim.stop());

  it('passes the boto3 round-trip suite (ivs and ivs-realtime), case by case', async () => {
    const env = cleanEnv({
      IVS_SIM_ENDPOINT: sim.endpoint,
      IVS_SIM_REGION: sim.region,
      IVS_SIM_ACCESS_KEY_ID: sim.credentials.accessKeyId,
      IVS_SIM_SECRET_ACCESS_KEY: sim.credentials.secretAccessKey,
    });
    const { code, stdout, stderr } = await run(PYTHON, [SCRIPT], env, 120_000);
    const lines = stdout.split('\n');
    const passed = lines.filter((l) => l.startsWith('PASS '));
    const failed = lines.filter((l) => l.startsWith('FAIL '));
    // The failing lines name the cases; stderr has their tracebacks.
    expect(failed, `${failed.join('\n')}\n${stderr}`).toEqual([]);
    expect(code, stderr).toBe(0);
    expect(lines).toContain(`SUMMARY passed=${passed.length} failed=0`);
    expect(passed.length).toBeGreaterThanOrEqual(17);

    // Every request was signed acceptably and served; the errors were the ones asked for.
    expect(sim.control.countRequests({ status: 403 })).toBe(0);
    expect(sim.control.countRequests({ status: 400 })).toBe(0);
    expect(sim.control.countRequests({ status: 500 })).toBe(0);
    expect(sim.control.countRequests({ operation: 'GetStream', status: 404 })).toBe(1);
    expect(sim.control.countRequests({ operation: 'UntagResource', status: 200 })).toBe(1);
    expect(sim.control.countRequests({ service: 'realtime' })).toBeGreaterThanOrEqual(8);
  }, 180_000);

  it.skipIf(!haveAwsCli)(
    'serves the AWS CLI: a channel with tags, an offline stream, untag, delete, a stage',
    async () => {
      const env = cleanEnv({
        AWS_ACCESS_KEY_ID: sim.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: sim.credentials.secretAccessKey,
        AWS_DEFAULT_REGION: sim.region,
      });
      const aws = async (...args: string[]) => {
        const res = await run('aws', [...args, '--endpoint-url', sim.endpoint, '--output', 'json'], env, 60_000);
        return { ...res, json: <T>() => JSON.parse(res.stdout) as T };
      };
      // Each command starts Python and loads botocore (about 3 s here; running them side by
      // side was slower still), so a few that cover the wire: a JSON body with tags, an error,
      // the tags route (ARN in the path, keys in the query), a 204, and RealTime.
      const before = sim.control.countRequests();
      const created = await aws(
        'ivs',
        'create-channel',
        '--name',
        'cli-channel',
        '--latency-mode',
        'NORMAL',
        '--tags',
        'team=cli,env=test',
      );
      expect(created.code, created.stderr).toBe(0);
      const arn = created.json<{ channel: { arn: string } }>().channel.arn;
      const offline = await aws('ivs', 'get-stream', '--channel-arn', arn);
      expect(offline.code).not.toBe(0);
      expect(offline.stderr).toMatch(/ChannelNotBroadcasting/);
      const untagged = await aws('ivs', 'untag-resource', '--resource-arn', arn, '--tag-keys', 'team');
      expect(untagged.code, untagged.stderr).toBe(0);
      expect(sim.control.ivs.channelArns()).toContain(arn);
      const deleted = await aws('ivs', 'delete-channel', '--arn', arn);
      expect(deleted.code, deleted.stderr).toBe(0);
      expect(sim.control.ivs.channelArns()).not.toContain(arn);
      const stage = await aws('ivs-realtime', 'create-stage', '--name', 'cli-stage');
      expect(stage.code, stage.stderr).toBe(0);
      expect(sim.control.realtime.stageArns()).toContain(stage.json<{ stage: { arn: string } }>().stage.arn);
      expect(
        sim.control
          .requests()
          .slice(before)
          .map((r) => [r.operation, r.status]),
      ).toEqual([
        ['CreateChannel', 200],
        ['GetStream', 404],
        ['UntagResource', 200],
        ['DeleteChannel', 204],
        ['CreateStage', 200],
      ]);
    },
    180_000,
  );
});
