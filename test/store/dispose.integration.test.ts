import { afterEach, describe, expect, it } from 'vitest';
import { isIvsStoreError } from '../../src/index.js';
import { sleep, startStoreWorld, type StoreWorld } from '../support/world.js';

const ARN = 'arn:aws:ivs:us-west-2:123456789012:channel/abcdEFGH1234';
const STAGE = 'arn:aws:ivs:us-west-2:123456789012:stage/abcdEFGH1234';

describe('after dispose()', () => {
  let w: StoreWorld;
  afterEach(() => w.stop());

  it('every method rejects with an IvsStoreError of kind disposed, and sends nothing', async () => {
    w = await startStoreWorld({ seed: 1 });
    const { store, sim } = w;
    // Some families loaded before dispose, some not: both paths must answer the same.
    await store.stages.refresh();
    const before = sim.control.requests({}).length;
    store.dispose();
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['channels.create', () => store.channels.create({ name: 'x' })],
      ['channels.update', () => store.channels.update({ arn: ARN, name: 'x' })],
      ['channels.delete', () => store.channels.delete(ARN)],
      ['channels.refresh', () => store.channels.refresh()],
      ['streams.refresh', () => store.streams.refresh()],
      ['streams.putMetadata', () => store.streams.putMetadata(ARN, 'hi')],
      ['streamKeys.create', () => store.streamKeys.create(ARN)],
      ['tags.tag', () => store.tags.tag(ARN, { a: 'b' })],
      ['recordingConfigurations.refresh', () => store.recordingConfigurations.refresh()],
      ['stages.create', () => store.stages.create({ name: 'x' })],
      ['stages.update', () => store.stages.update({ arn: STAGE, name: 'x' })],
      ['stages.refresh', () => store.stages.refresh()],
      ['participants.createToken', () => store.participants.createToken({ stageArn: STAGE })],
      ['participants.disconnect', () => store.participants.disconnect(STAGE, 'p1')],
    ];
    for (const [name, call] of calls) {
      const error: unknown = await call().then(
        () => new Error(`${name} resolved`),
        (e: unknown) => e,
      );
      expect(isIvsStoreError(error), `${name}: ${String(error)}`).toBe(true);
      expect(error, name).toMatchObject({ kind: 'disposed', retryable: false });
    }
    expect(sim.control.requests({}).length).toBe(before);
  });

  it('a mutation in flight when the store is disposed rejects with kind disposed', async () => {
    w = await startStoreWorld({ seed: 1 });
    const { arn } = w.sim.control.ivs.createChannel({ name: 'orig' });
    w.sim.control.injectFault({ operations: ['UpdateChannel'], latencyMs: 300, times: 1 });
    const pending = w.store.channels.update({ arn, name: 'renamed' });
    await sleep(50);
    w.store.dispose();
    await expect(pending).rejects.toMatchObject({ kind: 'disposed' });
  });
});
