/**
 * `npm run demo`: a live IVS dashboard on a local simulator, at one URL, until Ctrl-C.
 * `npm run demo -- --aws --relay` shows a real AWS account instead (credentials from the
 * environment, kept on the server by the relay; without --relay the page is handed them).
 */
import { parseArgs } from 'node:util';
import { startDemo, type DemoOptions } from './server.js';

const HELP = `Usage: npm run demo [-- options]

  --port <n>     port on 127.0.0.1 for the page (default 4500; 0 = any free port)
  --seed <n>     seed of the simulated world (default 7)
  --relay        the page reads through a relay on the demo's server (ivs-store/relay):
                 one WebSocket, no AWS SDK and no credentials in the page
  --aws          show a real AWS account instead of the simulator (read-only): needs
                 AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for
                 temporary credentials) and a region (--region or AWS_REGION).
                 Use it with --relay (recommended): the credentials then stay on the server
  --region <r>   AWS region for --aws
  --help
`;

function int(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new TypeError(`--${name} must be a non-negative integer, got '${text}'`);
  return n;
}

function awsFromEnvironment(region: string | undefined): NonNullable<DemoOptions['aws']> {
  const env = process.env;
  const resolved = region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!resolved) throw new TypeError('--aws needs a region: --region <r> or AWS_REGION');
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey)
    throw new TypeError(
      '--aws needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment (the relay, or the page, signs with them)',
    );
  return {
    region: resolved,
    credentials: {
      accessKeyId,
      secretAccessKey,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4500' },
      seed: { type: 'string', default: '7' },
      aws: { type: 'boolean', default: false },
      relay: { type: 'boolean', default: false },
      region: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const options: DemoOptions = {
    port: int('port', values.port),
    seed: int('seed', values.seed),
    relay: values.relay,
  };
  if (values.aws) options.aws = awsFromEnvironment(values.region);
  else if (values.region) throw new TypeError('--region goes with --aws (the simulator has its own)');

  if (options.aws && !options.relay)
    process.stderr.write(
      'ivs-store demo: --aws without --relay hands your AWS credentials to the page; --aws --relay keeps them on this server\n',
    );
  const demo = await startDemo(options);
  const source = options.aws ? `AWS ${options.aws.region}` : 'simulator';
  process.stdout.write(
    `ivs-store demo (${source}${options.relay ? ', through a relay' : ''}): ${demo.url}  (Ctrl-C to stop)\n`,
  );
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    void demo.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  const busy = (err as { code?: string }).code === 'EADDRINUSE';
  process.stderr.write(
    `ivs-store demo: ${busy ? 'the port is taken; try --port 0 for any free port' : err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
