import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { sleep, startStoreWorld, type StoreWorld } from '../support/world.js';

describe('abort listeners: one per signal, whatever a poll cycle reads', () => {
  let w: StoreWorld | undefined;
  afterEach(() => w?.stop());

  it('a poll cycle over many lists, stages and configurations prints no MaxListenersExceededWarning', async () => {
    w = await startStoreWorld(
      { seed: 5 },
      {
        refetchInterval: 200,
        quotas: { ListParticipants: 1000, GetStage: 1000, ListStages: 1000, GetRecordingConfiguration: 1000 },
      },
    );
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    // Every AbortSignal the store hands out is watched here, so the test sees its listeners.
    const signals = new Set<AbortSignal>();
    const realAdd = AbortSignal.prototype.addEventListener;
    AbortSignal.prototype.addEventListener = function (
      this: AbortSignal,
      ...args: Parameters<AbortSignal['addEventListener']>
    ) {
      signals.add(this);
      return realAdd.apply(this, args);
    } as AbortSignal['addEventListener'];
    try {
      const stages = await Promise.all(Array.from({ length: 15 }, (_, i) => w!.store.stages.create({ name: `s${i}` })));
      const configs = await Promise.all(
        Array.from({ length: 15 }, (_, i) =>
          w!.store.recordingConfigurations.create({
            name: `r${i}`,
            destinationConfiguration: { s3: { bucketName: `bucket-${i}` } },
          }),
        ),
      );
      const subs = [
        ...stages.map(({ stage }) => w!.store.participants.list$(stage.arn as string).subscribe()),
        ...stages.map(({ stage }) => w!.store.stages.get$(stage.arn as string).subscribe()),
        ...configs.map((c) => w!.store.recordingConfigurations.get$(c.arn as string).subscribe()),
      ];
      let most = 0;
      for (let t = 0; t < 12; t++) {
        await sleep(50);
        for (const s of signals) most = Math.max(most, getEventListeners(s, 'abort').length);
      }
      subs.forEach((s) => s.unsubscribe());
      await sleep(20);
      expect(warnings.filter((x) => x.name === 'MaxListenersExceededWarning')).toEqual([]);
      // The SDK adds its own listener to the signal of each call it sends; the store adds one.
      expect(most).toBeLessThanOrEqual(2);
    } finally {
      AbortSignal.prototype.addEventListener = realAdd;
      process.off('warning', onWarning);
    }
  });
});
