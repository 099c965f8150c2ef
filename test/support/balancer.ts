import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP load balancer in front of the relays, as a deployment has one: each new connection
 * goes to the next backend round-robin, and to the one after if that one refuses (a dead
 * relay), so browsers of a killed relay reconnect to a live one at the same URL.
 */
export async function startBalancer(backends: () => string[]): Promise<{ url: string; stop(): Promise<void> }> {
  let next = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const list = backends();
    const tryAt = (attempt: number) => {
      if (attempt >= list.length) return client.destroy();
      const { hostname, port } = new URL(list[(next + attempt) % list.length]!);
      const upstream = connect(Number(port), hostname);
      upstream.once('connect', () => {
        next = (next + attempt + 1) % list.length;
        sockets.add(upstream);
        upstream.on('close', () => sockets.delete(upstream));
        client.pipe(upstream).pipe(client);
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
      });
      upstream.once('error', () => tryAt(attempt + 1));
    };
    tryAt(0);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/`,
    stop: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
