import { ListChannelsCommand, ListStreamsCommand, PutMetadataCommand } from '@aws-sdk/client-ivs';
import { ListStagesCommand } from '@aws-sdk/client-ivs-realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, startTestSimulator, type TestSimulator } from './harness.js';

describe('TPS quotas', () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startTestSimulator();
  });
  afterAll(() => t.stop());

  it('are off by default', async () => {
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => t.ivs.send(new ListChannelsCommand({}))));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
  });

  it('when on, let a burst of the published TPS through per operation and throttle the rest with 429', async () => {
    t.sim.control.setQuotas(true);
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => t.ivs.send(new ListChannelsCommand({}))));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    // 5 TPS: a burst of 5, plus whatever refilled while the 12 were in flight on a slow machine.
    expect(ok).toBeGreaterThanOrEqual(5);
    expect(ok).toBeLessThanOrEqual(6);
    expect(t.sim.control.countRequests({ operation: 'ListChannels', status: 429 })).toBe(12 - ok);
    const rejected = results.find((r) => r.status === 'rejected');
    expect((rejected as PromiseRejectedResult).reason.name).toBe('ThrottlingException');
    // Another operation has its own bucket.
    await expect(t.ivs.send(new ListStreamsCommand({}))).resolves.toBeDefined();
    await expect(t.realtime.send(new ListStagesCommand({}))).resolves.toBeDefined();
  });

  it('refill over time', async () => {
    t.sim.control.setQuotas({ ListChannels: 2 });
    await t.ivs.send(new ListChannelsCommand({}));
    await t.ivs.send(new ListChannelsCommand({}));
    await expectServiceError(
      t.ivs.send(new ListChannelsCommand({})),
      'ThrottlingException',
      429,
      /Rate exceeded for ListChannels/,
    );
    await new Promise((r) => setTimeout(r, 600));
    await expect(t.ivs.send(new ListChannelsCommand({}))).resolves.toBeDefined();
  });

  it('PutMetadata also has a quota per channel (5 TPS) under the account one (155 TPS)', async () => {
    t.sim.control.setQuotas(true);
    const a = t.sim.control.ivs.createChannel({ name: 'meta-a' }).arn;
    const b = t.sim.control.ivs.createChannel({ name: 'meta-b' }).arn;
    t.sim.control.ivs.goLive(a);
    t.sim.control.ivs.goLive(b);
    const send = (channelArn: string) => t.ivs.send(new PutMetadataCommand({ channelArn, metadata: 'cue' }));
    const onA = await Promise.allSettled(Array.from({ length: 10 }, () => send(a)));
    const okA = onA.filter((r) => r.status === 'fulfilled').length;
    expect(okA).toBeGreaterThanOrEqual(5);
    expect(okA).toBeLessThanOrEqual(6);
    expect(((onA.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as Error).name).toBe(
      'ThrottlingException',
    );
    await expect(send(b)).resolves.toBeDefined();
    t.sim.control.setQuotas(false);
  });

  it('reject overrides that name no operation or are not positive', () => {
    expect(() => t.sim.control.setQuotas({ ListChanels: 2 })).toThrow(/quotas.ListChanels: no operation/);
    expect(() => t.sim.control.setQuotas({ ListChannels: 0 })).toThrow(/quotas.ListChannels must be a positive number/);
    t.sim.control.setQuotas(false);
  });
});
