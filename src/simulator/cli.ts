#!/usr/bin/env node
/**
 * `npm run sim` / `ivs-simulator`: start a simulator with a lively world and keep it
 * running until Ctrl-C. Prints what a client needs to connect.
 */
import { parseArgs } from 'node:util';
import { startIvsSimulator, type SimulatorOptions } from './index.js';

const HELP = `Usage: ivs-simulator [options]

  --port <n>                TCP port on 127.0.0.1 and ::1 (default: 4566, 0 = any free port)
  --seed <n>                seed for ids and world moves (default: random)
  --scenario <name>         empty | lively (default: lively)
  --region <r>              default us-east-1
  --access-key-id <id>      fix the credentials (default: random per start)
  --secret-access-key <s>
  --no-quotas               do not enforce the published IVS TPS quotas
  --latency <ms>            add latency to every request
  --error-rate <0..1>       answer this fraction of requests with a 500
  --help
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4566' },
      seed: { type: 'string' },
      scenario: { type: 'string', default: 'lively' },
      region: { type: 'string' },
      'access-key-id': { type: 'string' },
      'secret-access-key': { type: 'string' },
      'no-quotas': { type: 'boolean', default: false },
      latency: { type: 'string' },
      'error-rate': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const num = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new TypeError(`--${name} must be a number, got '${v}'`);
    return n;
  };
  const keyId = values['access-key-id'];
  const secret = values['secret-access-key'];
  if ((keyId === undefined) !== (secret === undefined))
    throw new TypeError('--access-key-id and --secret-access-key go together');
  const latency = num('latency', values.latency);
  const errorRate = num('error-rate', values['error-rate']);
  const options: SimulatorOptions = {
    port: num('port', values.port) ?? 4566,
    scenario: values.scenario as SimulatorOptions['scenario'],
    quotas: !values['no-quotas'],
    faults:
      latency !== undefined || errorRate !== undefined
        ? [
            {
              ...(latency !== undefined ? { latencyMs: latency } : {}),
              ...(errorRate !== undefined ? { errorRate } : {}),
            },
          ]
        : [],
  };
  const seed = num('seed', values.seed);
  if (seed !== undefined) options.seed = seed;
  if (values.region) options.region = values.region;
  if (keyId !== undefined && secret !== undefined)
    options.credentials = { accessKeyId: keyId, secretAccessKey: secret };

  const sim = await startIvsSimulator(options);
  process.stdout.write(
    [
      'IVS simulator running (IVS + IVS RealTime)',
      `  endpoint          ${sim.endpoint}`,
      `  region            ${sim.region}`,
      `  accessKeyId       ${sim.credentials.accessKeyId}`,
      `  secretAccessKey   ${sim.credentials.secretAccessKey}`,
      `  scenario          ${String(options.scenario)}, quotas ${options.quotas ? 'on' : 'off'}`,
      '',
      '  new IvsClient({ endpoint, region, credentials: { accessKeyId, secretAccessKey } })',
      'Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  const shutdown = () => {
    void sim.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`ivs-simulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
