import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { STORM } from '../../demo/controls.js';
import { startDemo, type Demo } from '../../demo/server.js';

/** The demo server without a browser: what it serves, and how its controls treat bad input. */
describe('the demo server', () => {
  let demo: Demo;
  const post = (action: string, body: unknown) =>
    fetch(`${demo.url}control/${action}`, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  /** An SDK client of the demo's simulator, as the page has one (no SDK retries). */
  const simulatorClient = async () => {
    const { IvsClient } = await import('@aws-sdk/client-ivs');
    const { endpoint, region, credentials } = demo.sim!;
    return new IvsClient({ endpoint, region, credentials, maxAttempts: 1 });
  };

  beforeAll(async () => {
    demo = await startDemo({ port: 0, seed: 11 });
  }, 30_000);
  afterAll(() => demo?.stop());

  it('serves the page, its bundle and the simulator config the page signs with', async () => {
    const html = await (await fetch(demo.url)).text();
    expect(html).toContain('<script type="module" src="/app.js">');
    const js = await fetch(`${demo.url}app.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await js.text()).length).toBeGreaterThan(100_000);
    const config = (await (await fetch(`${demo.url}config.json`)).json()) as Record<string, unknown>;
    expect(config).toEqual({
      mode: 'simulator',
      region: demo.sim!.region,
      endpoint: demo.sim!.endpoint,
      credentials: { ...demo.sim!.credentials },
      refetchInterval: 2000,
    });
    expect((await fetch(`${demo.url}nope`)).status).toBe(404);
    expect((await fetch(`${demo.url}config.json`, { method: 'PUT' })).status).toBe(405);
  });

  it('starts the seeded world: 40 channels, 12 live, 3 stages with participants', () => {
    const { ivs, realtime } = demo.sim!.control;
    expect(ivs.channelArns()).toHaveLength(40);
    expect(ivs.liveChannelArns().length).toBeGreaterThan(0);
    expect(realtime.stageArns()).toHaveLength(3);
  });

  it('moves the world on request, and says which field was wrong otherwise', async () => {
    const { ivs, realtime } = demo.sim!.control;
    await post('motion', { on: false });
    const arn = ivs.channelArns().find((a) => !ivs.liveChannelArns().includes(a))!;
    expect((await post('go-live', { channelArn: arn })).status).toBe(200);
    expect(ivs.liveChannelArns()).toContain(arn);

    const twice = await post('go-live', { channelArn: arn });
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as { error: string }).error).toMatch(/live/i);

    const stageArn = realtime.stageArns()[0]!;
    const joined = (await (await post('join', { stageArn })).json()) as { participantId: string };
    expect(realtime.connectedParticipantIds(stageArn)).toContain(joined.participantId);
    expect((await post('leave', { stageArn, participantId: joined.participantId })).status).toBe(200);
    expect(realtime.connectedParticipantIds(stageArn)).not.toContain(joined.participantId);

    const cases: Array<[string, unknown, RegExp]> = [
      ['starve', {}, /channelArn must be a non-empty string/],
      ['leave', { stageArn }, /participantId must be a non-empty string/],
      ['motion', { on: 'yes' }, /on must be true or false/],
      ['dance', {}, /unknown action 'dance'/],
      ['starve', '{not json', /body must be JSON/],
      ['starve', '[1]', /body must be a JSON object/],
    ];
    for (const [action, body, message] of cases) {
      const res = await post(action, body);
      expect(res.status, action).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
    }
  });

  it("reads the simulator's request log after a given request, and nothing else through GET", async () => {
    const { ListChannelsCommand } = await import('@aws-sdk/client-ivs');
    const client = await simulatorClient();
    const read = async (since: number) =>
      (
        (await (await fetch(`${demo.url}control/requests?since=${since}`)).json()) as {
          requests: Array<{ seq: number; operation: string; status: number }>;
        }
      ).requests;
    await client.send(new ListChannelsCommand({}));
    const before = await read(0);
    expect(before.at(-1)).toMatchObject({ operation: 'ListChannels', status: 200 });
    const last = before.at(-1)!.seq;
    await client.send(new ListChannelsCommand({}));
    await client.send(new ListChannelsCommand({}));
    const after = await read(last);
    expect(after.map((r) => [r.seq, r.operation])).toEqual([
      [last + 1, 'ListChannels'],
      [last + 2, 'ListChannels'],
    ]);
    for (const since of ['-1', 'x', '1.5'])
      expect((await fetch(`${demo.url}control/requests?since=${since}`)).status, since).toBe(400);
    // Read-only: the log is not a move.
    expect((await post('requests', {})).status).toBe(400);
  });

  it('a throttling storm refuses calls with ThrottlingException, then ends by itself', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const answer = (await (await post('throttle-storm', {})).json()) as { until: number };
      expect(answer.until).toBe(Date.now() + STORM.durationMs);
      const { ListChannelsCommand } = await import('@aws-sdk/client-ivs');
      const client = await simulatorClient();
      const names: string[] = [];
      for (let i = 0; i < 20; i++)
        names.push(
          await client.send(new ListChannelsCommand({})).then(
            () => 'ok',
            (e: Error) => e.name,
          ),
        );
      expect(names.filter((n) => n === 'ThrottlingException').length).toBeGreaterThan(4);
      expect(new Set(names)).toEqual(new Set(['ok', 'ThrottlingException']));
      vi.advanceTimersByTime(STORM.durationMs);
      demo.sim!.control.setQuotas(false);
      for (let i = 0; i < 10; i++) await client.send(new ListChannelsCommand({}));
    } finally {
      vi.useRealTimers();
      demo.sim!.control.setQuotas(true);
    }
  });
});

describe('the demo against AWS', () => {
  it('hands the page the given region and credentials, and refuses simulator controls', async () => {
    const demo = await startDemo({
      port: 0,
      aws: { region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } },
    });
    try {
      expect(demo.sim).toBeUndefined();
      const config = (await (await fetch(`${demo.url}config.json`)).json()) as Record<string, unknown>;
      expect(config).toEqual({
        mode: 'aws',
        region: 'eu-west-1',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
        refetchInterval: 5000,
      });
      const res = await fetch(`${demo.url}control/go-live`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(409);
      expect((await fetch(`${demo.url}control/requests`)).status).toBe(409);
    } finally {
      await demo.stop();
    }
  }, 30_000);
});
