import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Errors that mean the machine has no IPv6 loopback to listen on. */
const NO_IPV6 = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EPROTONOSUPPORT']);

/** How many free IPv4 ports to try when the first one turns out to be taken on ::1. */
const PORT_ATTEMPTS = 5;

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/**
 * Listens on 127.0.0.1 and, when the machine has IPv6, on ::1 at the same port, one
 * server each (a Node server listens on one address). Clients resolve `localhost` to
 * either address, and Node and browsers may pick ::1 first; loopback only, never all
 * interfaces. With port 0 the IPv4 side picks the port, and if ::1 has it taken another
 * is tried; a fixed port must be free on both, as `localhost:<port>` could otherwise
 * reach some other program.
 */
export async function listenOnLoopback(
  makeServer: () => Server,
  port: number,
): Promise<{ servers: Server[]; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const v4 = makeServer();
    await listen(v4, port, '127.0.0.1');
    const chosen = (v4.address() as AddressInfo).port;
    const v6 = makeServer();
    try {
      await listen(v6, chosen, '::1');
      return { servers: [v4, v6], port: chosen };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (NO_IPV6.has(code)) return { servers: [v4], port: chosen };
      await close(v4);
      if (code === 'EADDRINUSE' && port === 0 && attempt < PORT_ATTEMPTS) continue;
      if (code === 'EADDRINUSE')
        throw new Error(
          `startIvsSimulator: port ${chosen} is free on 127.0.0.1 but in use on ::1 (localhost may resolve to either)`,
          { cause: err },
        );
      throw err;
    }
  }
}
