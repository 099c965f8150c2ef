import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkRelayOptions } from './check-options.js';
import { relayOf } from './create-relay.js';
import type { Relay, StartRelayOptions } from '../types.js';

/**
 * Starts a relay on a server of its own, for browsers to connect to at `url`.
 *
 * Browsers use `createIvsStore({ relay: { url, token } })`. Resolves once it listens (and,
 * with `redis`, has joined its cluster); rejects if the port is taken or Redis cannot be reached.
 *
 * @example
 * ```ts
 * import { IvsClient } from '@aws-sdk/client-ivs';
 * import { startRelay } from 'ivs-store/relay';
 *
 * const relay = await startRelay({
 *   ivs: new IvsClient({ region: 'us-east-1', maxAttempts: 1 }),
 *   port: 8080,
 *   authenticate: ({ token }) => (token === process.env.RELAY_TOKEN ? { user: 'operator' } : undefined),
 * });
 * console.log(relay.url); // ws://127.0.0.1:8080/
 * ```
 */
export async function startRelay<P>(options: StartRelayOptions<P>): Promise<Relay> {
  const o = checkRelayOptions(options, 'startRelay');
  const port = options.port ?? 0;
  const host = options.host ?? '127.0.0.1';
  if (!(Number.isInteger(port) && port >= 0 && port < 65536))
    throw new TypeError(`startRelay: port must be an integer from 0 to 65535, got ${String(options.port)}`);
  if (typeof host !== 'string' || host === '') throw new TypeError('startRelay: host must be a non-empty string');
  const relay = relayOf(o);
  // Plain HTTP gets a short answer: this server speaks WebSocket only.
  const server = createServer((_request, response) => {
    response.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' });
    response.end('ivs-store relay: connect with a WebSocket\n');
  });
  server.on('upgrade', relay.upgrade);
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  try {
    await relay.ready;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await relay.stop();
    if (server.listening) await close();
    throw err;
  }
  const address = server.address() as AddressInfo;
  const { upgrade: _, stop, ...rest } = relay;
  return {
    ...rest,
    url: `ws://${host.includes(':') ? `[${host}]` : host}:${address.port}/`,
    async stop() {
      await stop();
      await close();
    },
  };
}
