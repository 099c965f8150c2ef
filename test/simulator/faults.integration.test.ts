import { BatchGetChannelCommand, GetChannelCommand, IvsClient, ListChannelsCommand } from '@aws-sdk/client-ivs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, startTestSimulator, type TestSimulator } from './harness.js';

describe('fault injection', () => {
  let t: TestSimulator;
  let channel: string;
  beforeAll(async () => {
    t = await startTestSimulator();
    channel = t.sim.control.ivs.createChannel({ name: 'faulty' }).arn;
  });
  afterEach(() => t.sim.control.clearFaults());
  afterAll(() => t.stop());

  it('adds latency to the operations named', async () => {
    t.sim.control.injectFault({ operations: ['GetChannel'], latencyMs: 150 });
    let started = performance.now();
    await t.ivs.send(new GetChannelCommand({ arn: channel }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    started = performance.now();
    await t.ivs.send(new ListChannelsCommand({}));
    expect(performance.now() - started).toBeLessThan(140);
  });

  it('answers a fraction of requests with a 5xx (all of them at rate 1)', async () => {
    t.sim.control.injectFault({ errorRate: 1 });
    await expectServiceError(t.ivs.send(new ListChannelsCommand({})), 'InternalServerException', 500, /Injected/);
  });

  it('can inject any service error, e.g. throttling', async () => {
    t.sim.control.injectFault({ errorRate: 1, error: 'ThrottlingException', operations: ['ListChannels'] });
    await expectServiceError(t.ivs.send(new ListChannelsCommand({})), 'ThrottlingException', 429);
  });

  it('hits roughly the configured fraction, deterministically per seed', async () => {
    t.sim.control.injectFault({ errorRate: 0.5, operations: ['ListChannels'] });
    t.sim.control.clearRequests();
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => t.ivs.send(new ListChannelsCommand({}))));
    const failed = results.filter((r) => r.status === 'rejected').length;
    expect(failed).toBeGreaterThan(8);
    expect(failed).toBeLessThan(32);
    expect(t.sim.control.countRequests({ operation: 'ListChannels', status: 500 })).toBe(failed);
  });

  it('expires a rule after `times` matching requests, and remove() ends it', async () => {
    t.sim.control.injectFault({ errorRate: 1, times: 2, operations: ['GetChannel'] });
    await expect(t.ivs.send(new GetChannelCommand({ arn: channel }))).rejects.toThrow();
    await expect(t.ivs.send(new GetChannelCommand({ arn: channel }))).rejects.toThrow();
    await expect(t.ivs.send(new GetChannelCommand({ arn: channel }))).resolves.toBeDefined();
    const handle = t.sim.control.injectFault({ errorRate: 1 });
    await expect(t.ivs.send(new GetChannelCommand({ arn: channel }))).rejects.toThrow();
    handle.remove();
    await expect(t.ivs.send(new GetChannelCommand({ arn: channel }))).resolves.toBeDefined();
  });

  it('drops connections without an answer', async () => {
    t.sim.control.injectFault({ dropRate: 1, operations: ['ListChannels'] });
    const err = await t.ivs.send(new ListChannelsCommand({})).then(
      () => undefined,
      (e: unknown) => e as Error & { $metadata?: unknown },
    );
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message)).toMatch(/socket hang up|ECONNRESET|other side closed|aborted/i);
    expect(t.sim.control.requests({ operation: 'ListChannels' }).at(-1)?.status).toBe(0);
  });

  it('fails a fraction of batch keys in errors[] (partial batch errors)', async () => {
    const arns = [channel, t.sim.control.ivs.createChannel({ name: 'faulty-2' }).arn];
    t.sim.control.injectFault({ batchErrorRate: 1 });
    const out = await t.ivs.send(new BatchGetChannelCommand({ arns }));
    expect(out.channels ?? []).toHaveLength(0);
    expect(out.errors?.map((e) => e.arn).sort()).toEqual([...arns].sort());
    t.sim.control.clearFaults();
    const clean = await t.ivs.send(new BatchGetChannelCommand({ arns }));
    expect(clean.channels).toHaveLength(2);
    expect(clean.errors ?? []).toHaveLength(0);
  });

  it('takes fault rules as a start option and checks them', async () => {
    const s = await startTestSimulator({ faults: [{ errorRate: 1, error: 'ServiceUnavailable' }] });
    await expectServiceError(s.ivs.send(new ListChannelsCommand({})), 'ServiceUnavailable', 503);
    await s.stop();
    await expect(startTestSimulator({ faults: [{ errorRate: 2 }] })).rejects.toThrow(
      /faults\[0\]\.errorRate must be a number from 0 to 1/,
    );
    expect(() => t.sim.control.injectFault({ latencyMs: [50, 10] })).toThrow(/latencyMs/);
  });

  it('stop() does not wait for requests held by injected latency', async () => {
    const s = await startTestSimulator({ faults: [{ latencyMs: 10_000 }] });
    const client = new IvsClient({
      endpoint: s.sim.endpoint,
      region: s.sim.region,
      credentials: s.sim.credentials,
      maxAttempts: 1,
    });
    const pending = client.send(new ListChannelsCommand({})).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await s.stop();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(await pending).toBeInstanceOf(Error);
    client.destroy();
  });
});
