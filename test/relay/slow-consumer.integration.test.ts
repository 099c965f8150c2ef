import type { Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Entry } from '../../src/index.js';
import { until } from '../support/world.js';
import { Client, type RelayWorld, startRelayWorld } from './relay-world.js';

let w: RelayWorld;
beforeAll(async () => {
  w = await startRelayWorld({ limits: { maxBufferedBytes: 256 * 1024 } });
  // A list of about 1.3 MB: a few of them fill the socket's kernel buffers.
  const tags = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'.repeat(250)]));
  for (let i = 0; i < 100; i++) w.sim.control.ivs.createChannel({ name: `c${i}`, tags });
});
afterAll(() => w.stop());

it('a client that does not read gets snapshots, not every change, and the latest once it reads again', async () => {
  const c = await Client.hello(w.relay.url);
  c.watch('l', 'channels', 'list$');
  await c.success('l', 10_000);
  // What the relay's store emits for that query, counted in-process.
  let emitted = 0;
  let latest: Entry<unknown[]> | undefined;
  const counting = w.relay.store.channels.list$().subscribe((e) => {
    emitted++;
    latest = e;
  });
  const socket = (c.ws as unknown as { _socket: Socket })._socket;
  socket.pause();
  const before = c.values('l').length;
  for (let i = 0; i < 8; i++) await w.relay.store.channels.refresh();
  const slow = await until(w.relay.metrics$, (m) => m.slow === 1, 10_000);
  expect(slow.connections).toBe(1);
  socket.resume();
  await until(w.relay.metrics$, (m) => m.slow === 0, 20_000);
  const last = latest as Entry<unknown[]>;
  await c.next(
    (m) =>
      m.t === 'value' &&
      m.id === 'l' &&
      (m.value as { updatedAt: number }).updatedAt === last.updatedAt &&
      (m.value as { fetching: boolean }).fetching === last.fetching,
    20_000,
  );
  const received = c.values('l').length - before;
  // Sent until the socket filled, then one snapshot: far fewer than the changes.
  expect(emitted).toBeGreaterThan(30);
  expect(received).toBeLessThan(emitted / 2);
  const seqs = c.messages.flatMap((m) => ('seq' in m ? [m.seq] : []));
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  counting.unsubscribe();
  c.close();
}, 60_000);
