import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type IvsEvent,
  type IvsSimulator,
  type SimulatorOptions,
  startIvsSimulator,
} from '../../src/simulator/index.js';
import { rawRequest } from './raw.js';

/** Delivery of the simulator's EventBridge events: control.events, GET /_events, and the delivery faults. */

const started: IvsSimulator[] = [];
async function start(options: SimulatorOptions = {}): Promise<IvsSimulator> {
  const sim = await startIvsSimulator({ seed: 7, ...options });
  started.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function until(check: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** `n` Participant Published events, emitted back to back (a join alone sends none, as on AWS). */
function publishes(sim: IvsSimulator, n: number): void {
  const { arn } = sim.control.realtime.createStage();
  for (let i = 0; i < n; i++) sim.control.realtime.join(arn, { userId: `u${i}`, publish: true });
}

interface SseFeed {
  /** Unnamed events (what EventSource dispatches as `message`). */
  events: Array<{ id: string; event: IvsEvent }>;
  /** Named events, in order: `event:` and `data:`. */
  named: Array<{ event: string; data: string }>;
  comments: string[];
  close(): Promise<void>;
}

/** Reads an SSE response body as it streams, with Node's fetch. */
function readSse(res: Response): SseFeed {
  const feed: SseFeed = { events: [], named: [], comments: [], close: async () => reader.cancel() };
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const lines = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        if (lines[0]?.startsWith(':')) {
          feed.comments.push(lines[0].slice(1).trim());
          continue;
        }
        const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2) ?? '';
        if (field('event') !== '') {
          feed.named.push({ event: field('event'), data: field('data') });
          continue;
        }
        feed.events.push({ id: field('id'), event: JSON.parse(field('data')) as IvsEvent });
      }
    }
  })();
  return feed;
}

async function signedEventsRequest(sim: IvsSimulator): Promise<Response> {
  const url = new URL(`${sim.endpoint}/_events`);
  const signer = new SignatureV4({ credentials: sim.credentials, region: sim.region, service: 'ivs', sha256: Sha256 });
  const signed = await signer.sign({
    method: 'GET',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/_events',
    headers: { host: url.host },
  });
  const { host: _host, ...headers } = signed.headers;
  return fetch(url, { headers });
}

describe('control.events', () => {
  it('subscribe gets each event once, in order, after the change; unsubscribe stops it; events() lists them', async () => {
    const sim = await start();
    const seen: string[] = [];
    const unsubscribe = sim.control.events.subscribe((e) => seen.push(String(e.detail.event_name)));
    const { arn } = sim.control.ivs.createChannel();
    sim.control.ivs.goLive(arn);
    expect(seen).toEqual([]); // never inside the state change itself
    await until(() => seen.length === 2, 'two events');
    expect(seen).toEqual(['Session Created', 'Stream Start']);
    unsubscribe();
    sim.control.ivs.goOffline(arn);
    await until(() => sim.control.events.events().length === 4, 'four delivered');
    expect(seen).toHaveLength(2);
    expect(
      sim.control.events
        .events({ detailType: 'IVS Stream State Change', resource: arn })
        .map((e) => e.detail.event_name),
    ).toEqual(['Session Created', 'Stream Start', 'Stream End', 'Session Ended']);
    expect(sim.control.events.events({ resource: 'arn:aws:ivs:us-east-1:123456789012:channel/none' })).toEqual([]);
  });

  it('the starting world of a seeded scenario sends its events too', async () => {
    const sim = await start({ scenario: { channels: 2, live: 2 } });
    expect(sim.control.events.emitted().filter((e) => e.detail.event_name === 'Stream Start')).toHaveLength(2);
  });

  it('rejects bad fault options, at start and at runtime', async () => {
    await expect(startIvsSimulator({ events: { faults: { dropRate: 2 } } })).rejects.toThrow(
      /events\.faults\.dropRate must be a number from 0 to 1/,
    );
    await expect(startIvsSimulator({ events: { heartbeatMs: 0 } })).rejects.toThrow(/events\.heartbeatMs/);
    const sim = await start();
    expect(() => sim.control.events.setFaults({ delayMs: [5, 1] })).toThrow(/delayMs/);
    expect(() => sim.control.events.setFaults({ reorderWindowMs: -1 })).toThrow(/reorderWindowMs/);
  });
});

describe('GET /_events (Server-Sent Events)', () => {
  it('refuses requests without credentials, with a wrong token, or signed with other keys', async () => {
    const sim = await start();
    const none = await rawRequest(sim, { method: 'GET', path: '/_events', sign: false });
    expect([none.status, none.headers.get('x-amzn-errortype')]).toEqual([403, 'MissingAuthenticationTokenException']);
    const wrongToken = await rawRequest(sim, {
      method: 'GET',
      path: `/_events?token=${sim.credentials.accessKeyId}:not-the-secret`,
      sign: false,
    });
    expect([wrongToken.status, wrongToken.headers.get('x-amzn-errortype')]).toEqual([
      403,
      'UnrecognizedClientException',
    ]);
    expect(JSON.stringify(wrongToken.body)).not.toContain('not-the-secret');
    const otherKeys = await rawRequest(sim, {
      method: 'GET',
      path: '/_events',
      sign: { credentials: { accessKeyId: 'AKIAOTHER', secretAccessKey: 'x' } },
    });
    expect([otherKeys.status, otherKeys.headers.get('x-amzn-errortype')]).toEqual([403, 'UnrecognizedClientException']);
    const badSignature = await rawRequest(sim, {
      method: 'GET',
      path: '/_events',
      sign: { credentials: { accessKeyId: sim.credentials.accessKeyId, secretAccessKey: 'wrong' } },
    });
    expect([badSignature.status, badSignature.headers.get('x-amzn-errortype')]).toEqual([
      403,
      'InvalidSignatureException',
    ]);
  });

  it('a SigV4-signed request gets the events as they happen: id: the event id, data: the envelope', async () => {
    const sim = await start();
    const res = await signedEventsRequest(sim);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/event-stream; charset=utf-8']);
    const feed = readSse(res);
    // A heartbeat at once says the stream is open, before any event.
    await until(() => feed.named.length === 1, 'the stream to open');
    expect(feed.named).toEqual([{ event: 'heartbeat', data: '{}' }]);
    const { arn } = sim.control.ivs.createChannel({ name: 'sse' });
    sim.control.ivs.goLive(arn);
    await until(() => feed.events.length === 2, 'two events');
    expect(feed.events.map((e) => e.id)).toEqual(sim.control.events.events().map((e) => e.id));
    expect(feed.events.map((e) => e.event)).toEqual(sim.control.events.events());
    expect(feed.events[1]?.event).toMatchObject({
      source: 'aws.ivs',
      resources: [arn],
      detail: { event_name: 'Stream Start' },
    });
    await feed.close();
  });

  it('the token form works for clients that cannot sign, with CORS for local pages, and heartbeats a quiet feed', async () => {
    const sim = await start({ events: { heartbeatMs: 40 } });
    const token = encodeURIComponent(`${sim.credentials.accessKeyId}:${sim.credentials.secretAccessKey}`);
    const res = await fetch(`${sim.endpoint}/_events?token=${token}`, { headers: { origin: 'http://localhost:5173' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const feed = readSse(res);
    const opened = Date.now();
    // One at connect, then one every 40 ms: as named events, which EventSource hands to a page
    // (it never hands over comment lines).
    await until(() => feed.named.length >= 4, 'four heartbeats');
    expect(Date.now() - opened).toBeGreaterThanOrEqual(100);
    expect(new Set(feed.named.map((n) => `${n.event} ${n.data}`))).toEqual(new Set(['heartbeat {}']));
    expect(feed.comments).toEqual([]);
    expect(feed.events).toEqual([]);
    sim.control.realtime.join(sim.control.realtime.createStage().arn, { userId: 'sse-user', publish: true });
    await until(() => feed.events.length === 1, 'one event');
    expect(feed.events[0]?.event.detail).toMatchObject({ event_name: 'Participant Published', user_id: 'sse-user' });
    await feed.close();
  });
});

describe('delivery faults, seeded', () => {
  it('dropRate: roughly that fraction never arrives, the same ones for the same seed', async () => {
    const runs = await Promise.all([1, 2].map(() => start({ events: { faults: { dropRate: 0.3 } } })));
    for (const sim of runs) publishes(sim, 500);
    await new Promise((r) => setTimeout(r, 20));
    const [a, b] = runs.map((sim) => sim.control.events.events().map((e) => e.id));
    expect(runs[0]?.control.events.emitted()).toHaveLength(500);
    const dropped = 1 - (a?.length ?? 0) / 500;
    expect(dropped).toBeGreaterThan(0.24);
    expect(dropped).toBeLessThan(0.36);
    expect(b).toEqual(a);
  });

  it('duplicateRate: duplicated events arrive twice with the same id', async () => {
    const sim = await start({ events: { faults: { duplicateRate: 0.5 } } });
    publishes(sim, 200);
    await new Promise((r) => setTimeout(r, 20));
    const ids = sim.control.events.events().map((e) => e.id);
    const counts = new Map<string, number>();
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(new Set(counts.keys())).toEqual(new Set(sim.control.events.emitted().map((e) => e.id)));
    expect(Math.max(...counts.values())).toBe(2);
    const twice = [...counts.values()].filter((n) => n === 2).length;
    expect(twice).toBeGreaterThan(80);
    expect(twice).toBeLessThan(120);
  });

  it('delayMs, set at runtime: nothing arrives before the delay, everything soon after', async () => {
    const sim = await start();
    sim.control.events.setFaults({ delayMs: 120 });
    const arrived: number[] = [];
    sim.control.events.subscribe(() => arrived.push(performance.now()));
    const emittedAt = performance.now();
    publishes(sim, 20);
    await new Promise((r) => setTimeout(r, 60));
    expect(arrived).toEqual([]);
    await until(() => arrived.length === 20, 'all twenty');
    for (const t of arrived) expect(t - emittedAt).toBeGreaterThanOrEqual(118);
    expect(Math.max(...arrived) - emittedAt).toBeLessThan(1_000);
    sim.control.events.setFaults({});
    sim.control.events.clear();
    publishes(sim, 1);
    await until(() => sim.control.events.events().length === 1, 'an undelayed event');
  });

  it('reorderWindowMs: events arrive out of order, each within the window of its emission', async () => {
    const sim = await start({ events: { faults: { reorderWindowMs: 150 } } });
    const arrived: Array<{ id: string; at: number }> = [];
    sim.control.events.subscribe((e) => arrived.push({ id: e.id, at: performance.now() }));
    const emittedAt = performance.now();
    publishes(sim, 60);
    const emittedDone = performance.now();
    await until(() => arrived.length === 60, 'all sixty');
    const order = sim.control.events.emitted().map((e) => e.id);
    const positions = arrived.map((a) => order.indexOf(a.id));
    expect(new Set(positions).size).toBe(60);
    expect(positions).not.toEqual([...positions].sort((x, y) => x - y));
    // A timer may fire late on a loaded machine, never early; allow it some lateness.
    for (const a of arrived) {
      expect(a.at - emittedAt).toBeGreaterThanOrEqual(0);
      expect(a.at - emittedDone).toBeLessThan(150 + 250);
    }
  });
});
