import { EventSource } from 'eventsource';
import type { Subscription } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromEventSource } from '../../../src/query/push/from-event-source.js';
import type { EventFeedItem, IvsEvent } from '../../../src/query/push/types.js';
import { type IvsSimulator, type SimulatorOptions, startIvsSimulator } from '../../../src/simulator/index.js';

/** fromEventSource against the simulator's real `GET /_events`, through the `eventsource` package. */

const started: IvsSimulator[] = [];
const subscriptions: Subscription[] = [];
afterEach(async () => {
  for (const s of subscriptions.splice(0)) s.unsubscribe();
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function start(options: SimulatorOptions = {}): Promise<IvsSimulator> {
  const sim = await startIvsSimulator({ seed: 3, ...options });
  started.push(sim);
  return sim;
}

function eventsUrl(sim: IvsSimulator, secret = sim.credentials.secretAccessKey): string {
  return `${sim.endpoint}/_events?token=${encodeURIComponent(`${sim.credentials.accessKeyId}:${secret}`)}`;
}

/** Subscribes and keeps what arrives. */
function listen(url: string) {
  const got = { items: [] as EventFeedItem[], errors: [] as Error[] };
  subscriptions.push(
    fromEventSource(url, { EventSource }).subscribe({
      next: (item) => got.items.push(item),
      error: (err: Error) => got.errors.push(err),
    }),
  );
  return got;
}

const heartbeats = (items: EventFeedItem[]) => items.filter((i) => i === 'heartbeat').length;

describe('fromEventSource over the simulator', () => {
  it("says 'heartbeat' as soon as the stream is open, then passes each event as its JSON text", async () => {
    const sim = await start();
    const got = listen(eventsUrl(sim));
    // Two: the opening, and the heartbeat event the simulator sends at connect.
    await vi.waitFor(() => expect(got.items).toEqual(['heartbeat', 'heartbeat']));
    const { arn } = sim.control.ivs.createChannel({ name: 'pushed' });
    sim.control.ivs.goLive(arn);
    await vi.waitFor(() => expect(got.items).toHaveLength(4));
    const texts = got.items.slice(2);
    expect(texts.every((t) => typeof t === 'string')).toBe(true);
    const events = texts.map((t) => JSON.parse(t as string) as IvsEvent);
    expect(events.map((e) => [e['detail-type'], e.resources, e.detail.event_name])).toEqual([
      ['IVS Stream State Change', [arn], 'Session Created'],
      ['IVS Stream State Change', [arn], 'Stream Start'],
    ]);
    expect(events).toEqual(sim.control.events.events());
    expect(got.errors).toEqual([]);
  });

  it("each of the simulator's periodic heartbeats arrives as 'heartbeat'", async () => {
    const sim = await start({ events: { heartbeatMs: 30 } });
    const got = listen(eventsUrl(sim));
    // More than the two at connect: the rest can only be the periodic ones.
    await vi.waitFor(() => expect(heartbeats(got.items)).toBeGreaterThanOrEqual(5));
    expect(got.items.every((i) => i === 'heartbeat')).toBe(true);
    expect(got.errors).toEqual([]);
  });

  it('a wrong token errors the Observable, with a message that names the endpoint but not the token', async () => {
    const sim = await start();
    const got = listen(eventsUrl(sim, 'not-the-secret'));
    await vi.waitFor(() => expect(got.errors).toHaveLength(1));
    const message = got.errors[0]?.message ?? '';
    expect(message).toBe(`The event stream at ${sim.endpoint}/_events failed or closed (HTTP 403)`);
    expect(message).not.toContain('not-the-secret');
    expect(message).not.toContain(sim.credentials.accessKeyId);
    expect(got.items).toEqual([]);
  });

  it('the server going away errors the Observable instead of reconnecting quietly', async () => {
    const sim = await start();
    const got = listen(eventsUrl(sim));
    await vi.waitFor(() => expect(got.items).toEqual(['heartbeat', 'heartbeat']));
    await sim.stop();
    started.splice(started.indexOf(sim), 1);
    await vi.waitFor(() => expect(got.errors).toHaveLength(1));
    expect(got.errors[0]?.message).toBe(`The event stream at ${sim.endpoint}/_events failed or closed`);
    expect(got.errors[0]?.message).not.toContain(sim.credentials.secretAccessKey);
  });
});
