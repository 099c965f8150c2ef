import { ListChannelsCommand, ListStreamsCommand } from '@aws-sdk/client-ivs';
import { ListParticipantsCommand, ListStagesCommand } from '@aws-sdk/client-ivs-realtime';
import { describe, expect, it } from 'vitest';
import { startTestSimulator, type TestSimulator } from './harness.js';

async function snapshot(t: TestSimulator) {
  const channels = (await t.ivs.send(new ListChannelsCommand({ maxResults: 100 }))).channels ?? [];
  const streams = (await t.ivs.send(new ListStreamsCommand({ maxResults: 100 }))).streams ?? [];
  const stages = (await t.realtime.send(new ListStagesCommand({ maxResults: 100 }))).stages ?? [];
  const participants = [];
  for (const stage of stages) {
    if (!stage.activeSessionId) continue;
    const out = await t.realtime.send(
      new ListParticipantsCommand({ stageArn: stage.arn, sessionId: stage.activeSessionId, maxResults: 100 }),
    );
    participants.push(...(out.participants ?? []).map((p) => `${stage.name}:${p.userId}:${p.state}:${p.published}`));
  }
  return {
    channels: channels.map((c) => `${c.name}:${c.arn}`),
    streams: streams.map((s) => `${s.channelArn}:${s.streamId}:${s.health}:${s.viewerCount}`),
    stages: stages.map((s) => `${s.name}:${s.arn}`),
    participants,
  };
}

describe('seeded worlds', () => {
  it('start empty by default', async () => {
    const t = await startTestSimulator();
    const s = await snapshot(t);
    expect(s.channels).toEqual([]);
    expect(s.stages).toEqual([]);
    await t.stop();
  });

  it('lively: channels (some live), stages with connected participants', async () => {
    const t = await startTestSimulator({ scenario: 'lively', motion: false });
    const s = await snapshot(t);
    expect(s.channels).toHaveLength(12);
    expect(s.streams).toHaveLength(5);
    expect(s.stages).toHaveLength(3);
    expect(s.participants.length).toBe(9);
    await t.stop();
  });

  it('are deterministic for a seed, through any number of moves', async () => {
    const spec = { channels: 8, live: 3, stages: 2, participantsPerStage: 2, tickMs: 0 };
    const a = await startTestSimulator({ seed: 42, scenario: spec });
    const b = await startTestSimulator({ seed: 42, scenario: spec });
    const c = await startTestSimulator({ seed: 43, scenario: spec });
    expect(await snapshot(a)).toEqual(await snapshot(b));
    const before = await snapshot(a);
    a.sim.control.step(30);
    b.sim.control.step(30);
    c.sim.control.step(30);
    const after = await snapshot(a);
    expect(after).toEqual(await snapshot(b));
    expect(after).not.toEqual(before);
    expect((await snapshot(c)).channels).not.toEqual(after.channels);
    await Promise.all([a.stop(), b.stop(), c.stop()]);
  });

  it('move on their own timer when tickMs is set', async () => {
    const t = await startTestSimulator({ seed: 7, scenario: { channels: 6, live: 6, tickMs: 20 } });
    const before = await snapshot(t);
    await new Promise((r) => setTimeout(r, 400));
    expect(await snapshot(t)).not.toEqual(before);
    t.sim.control.setMotion(false);
    const paused = await snapshot(t);
    await new Promise((r) => setTimeout(r, 200));
    expect(await snapshot(t)).toEqual(paused);
    await t.stop();
  });

  it('reject bad scenario options naming the field', async () => {
    await expect(startTestSimulator({ scenario: 'busy' as 'lively' })).rejects.toThrow(
      /scenario must be one of empty, lively/,
    );
    await expect(startTestSimulator({ scenario: { channels: 2, live: 3 } })).rejects.toThrow(
      /scenario.live \(3\) cannot exceed scenario.channels/,
    );
    await expect(startTestSimulator({ scenario: { stages: -1 } })).rejects.toThrow(
      /scenario.stages must be a non-negative integer/,
    );
  });
});
