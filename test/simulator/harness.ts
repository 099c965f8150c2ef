import { IvsClient } from '@aws-sdk/client-ivs';
import { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import { expect } from 'vitest';
import { startIvsSimulator, type SimulatorOptions, type IvsSimulator } from '../../src/simulator/index.js';

export interface TestSimulator {
  sim: IvsSimulator;
  ivs: IvsClient;
  realtime: IVSRealTimeClient;
  stop(): Promise<void>;
}

/**
 * A simulator plus real SDK clients pointed at it. `maxAttempts: 1` so a test sees
 * exactly the response the simulator sent, not the SDK's retries of it.
 */
export async function startTestSimulator(options: SimulatorOptions = {}): Promise<TestSimulator> {
  const sim = await startIvsSimulator({ seed: 1, ...options });
  const config = { endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 };
  const ivs = new IvsClient(config);
  const realtime = new IVSRealTimeClient(config);
  return {
    sim,
    ivs,
    realtime,
    async stop() {
      ivs.destroy();
      realtime.destroy();
      await sim.stop();
    },
  };
}

/** Awaits a rejected SDK call and checks the service error it carries. */
export async function expectServiceError(
  call: Promise<unknown>,
  name: string,
  status: number,
  messageIncludes?: string | RegExp,
): Promise<Error & { exceptionMessage?: string }> {
  let caught: unknown;
  try {
    await call;
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected ${name}`).toBeInstanceOf(Error);
  const err = caught as Error & { exceptionMessage?: string; $metadata?: { httpStatusCode?: number } };
  expect(err.name).toBe(name);
  expect(err.$metadata?.httpStatusCode).toBe(status);
  if (messageIncludes !== undefined) {
    expect(err.exceptionMessage ?? '').toMatch(messageIncludes);
  }
  return err;
}
