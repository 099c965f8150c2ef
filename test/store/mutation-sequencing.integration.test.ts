import { UpdateChannelCommand } from '@aws-sdk/client-ivs';
import type { Observable } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Entry } from '../../src/index.js';
import { sleep, startStoreWorld, until, type StoreWorld } from '../support/world.js';

/**
 * A mutation's answer against reads in flight around it. The server is slow to answer the
 * mutation (injected latency before it is applied) while polls run faster than that, so
 * polls sent before the mutation reached the server land during it and after it.
 */
const LATENCY = 600;
const POLL = 150;

interface Case {
  name: string;
  /** Creates the resource; returns what to watch and how to read the field the mutation changes. */
  setup(w: StoreWorld): Promise<{
    watch: Observable<Entry<unknown>>;
    field(data: unknown): unknown;
    mutate(): Promise<unknown>;
    written: unknown;
    operation: string;
  }>;
}

const cases: Case[] = [
  {
    name: 'channels.update',
    async setup(w) {
      const { arn } = w.sim.control.ivs.createChannel({ name: 'orig' });
      return {
        watch: w.store.channels.get$(arn, { refetchInterval: POLL }),
        field: (d) => (d as { name?: string } | undefined)?.name,
        mutate: () => w.store.channels.update({ arn, name: 'renamed' }),
        written: 'renamed',
        operation: 'UpdateChannel',
      };
    },
  },
  {
    name: 'stages.update',
    async setup(w) {
      const { stage } = await w.store.stages.create({ name: 'orig' });
      return {
        watch: w.store.stages.get$(stage.arn as string, { refetchInterval: POLL }),
        field: (d) => (d as { name?: string } | undefined)?.name,
        mutate: () => w.store.stages.update({ arn: stage.arn as string, name: 'renamed' }),
        written: 'renamed',
        operation: 'UpdateStage',
      };
    },
  },
  {
    name: 'playbackRestrictionPolicies.update',
    async setup(w) {
      const policy = await w.store.playbackRestrictionPolicies.create({ name: 'orig', allowedCountries: ['US'] });
      return {
        watch: w.store.playbackRestrictionPolicies.get$(policy.arn as string, { refetchInterval: POLL }),
        field: (d) => (d as { name?: string } | undefined)?.name,
        mutate: () => w.store.playbackRestrictionPolicies.update({ arn: policy.arn as string, name: 'renamed' }),
        written: 'renamed',
        operation: 'UpdatePlaybackRestrictionPolicy',
      };
    },
  },
  {
    name: 'tags.tag (the tagged channel shows it)',
    async setup(w) {
      const { arn } = w.sim.control.ivs.createChannel({ name: 'tagged', tags: { team: 'orig' } });
      return {
        watch: w.store.channels.get$(arn, { refetchInterval: POLL }),
        field: (d) => (d as { tags?: Record<string, string> } | undefined)?.tags?.team,
        mutate: () => w.store.tags.tag(arn, { team: 'renamed' }),
        written: 'renamed',
        operation: 'TagResource',
      };
    },
  },
  {
    name: 'tags.untag (the tags entry shows it)',
    async setup(w) {
      const { arn } = w.sim.control.ivs.createChannel({ name: 'tagged', tags: { team: 'orig' } });
      return {
        watch: w.store.tags.get$(arn, { refetchInterval: POLL }),
        field: (d) => (d as Record<string, string> | undefined)?.team ?? 'removed',
        mutate: () => w.store.tags.untag(arn, ['team']),
        written: 'removed',
        operation: 'UntagResource',
      };
    },
  },
  {
    name: 'participants.disconnect',
    async setup(w) {
      const { stage } = await w.store.stages.create({ name: 'room' });
      const stageArn = stage.arn as string;
      // A host stays, so the session (and its list) outlives the guest.
      w.sim.control.realtime.join(stageArn, { userId: 'host' });
      const { participantId } = w.sim.control.realtime.join(stageArn, { userId: 'guest' });
      return {
        watch: w.store.participants.list$(stageArn, { refetchInterval: POLL }),
        field: (d) =>
          (d as Array<{ participantId?: string; state?: string }> | undefined)?.find(
            (p) => p.participantId === participantId,
          )?.state,
        mutate: () => w.store.participants.disconnect(stageArn, participantId),
        written: 'DISCONNECTED',
        operation: 'DisconnectParticipant',
      };
    },
  },
];

describe('a mutation answered while reads are in flight', () => {
  let w: StoreWorld;
  beforeEach(async () => {
    w = await startStoreWorld({ seed: 3 }, { retry: { baseDelayMs: 5, maxDelayMs: 20 } });
  });
  afterEach(() => w.stop());

  for (const c of cases) {
    it(`${c.name}: shows its write from the call on, never the old value again, and resolves with what it wrote`, async () => {
      const { watch, field, mutate, written, operation } = await c.setup(w);
      const seen: unknown[] = [];
      const sub = watch.subscribe((e) => e.data !== undefined && seen.push(field(e.data)));
      await until(watch, (e) => e.status === 'success' && field(e.data) !== undefined);
      const before = seen.at(-1);
      expect(before).not.toBe(written);
      w.sim.control.injectFault({ operations: [operation], latencyMs: LATENCY, times: 1 });
      const reads = () =>
        w.sim.control.requests({}).filter((r) => r.status === 200 && r.operation !== operation).length;
      const readsBefore = reads();
      const pending = mutate();
      // Shown at once, long before the server answers.
      await until(watch, (e) => field(e.data) === written, LATENCY / 2);
      const result = await pending;
      // Reads were sent and answered while the mutation was on its way: they saw the old value.
      expect(reads() - readsBefore).toBeGreaterThanOrEqual(2);
      if (result !== undefined) expect(field(result)).toBe(written);
      await sleep(3 * POLL);
      sub.unsubscribe();
      const first = seen.indexOf(written);
      expect(first).toBeGreaterThan(0);
      // Once shown, the written value stays: no flip back to the old value.
      expect(seen.slice(first), JSON.stringify(seen)).toEqual(seen.slice(first).map(() => written));
    });
  }

  it('a read sent after the update completed wins over its answer (someone else renamed it since)', async () => {
    const { arn } = w.sim.control.ivs.createChannel({ name: 'orig' });
    const watch = w.store.channels.get$(arn, { refetchInterval: POLL });
    const sub = watch.subscribe();
    await until(watch, (e) => e.status === 'success');
    const renamed = await w.store.channels.update({ arn, name: 'mine' });
    expect(renamed.name).toBe('mine');
    await w.ivs.send(new UpdateChannelCommand({ arn, name: 'theirs' }));
    expect((await until(watch, (e) => e.data?.name === 'theirs', 2000)).status).toBe('success');
    sub.unsubscribe();
  });

  it('a failed update comes off and shows what reads brought meanwhile, not the value from before the call', async () => {
    const { arn } = w.sim.control.ivs.createChannel({ name: 'orig' });
    const watch = w.store.channels.get$(arn, { refetchInterval: POLL });
    const names: string[] = [];
    const sub = watch.subscribe((e) => e.data && names.push(e.data.name ?? ''));
    await until(watch, (e) => e.status === 'success');
    w.sim.control.injectFault({
      operations: ['UpdateChannel'],
      latencyMs: LATENCY,
      errorRate: 1,
      error: 'ValidationException',
      times: 1,
    });
    const pending = w.store.channels.update({ arn, name: 'mine' });
    await sleep(50);
    // Someone else renames it while ours is on its way; polls bring that, under our change.
    await w.ivs.send(new UpdateChannelCommand({ arn, name: 'theirs' }));
    await sleep(3 * POLL);
    expect(names.at(-1)).toBe('mine');
    await expect(pending).rejects.toMatchObject({ kind: 'validation' });
    expect(names.at(-1)).toBe('theirs');
    expect(names.slice(names.indexOf('mine'))).not.toContain('orig');
    sub.unsubscribe();
  });

  it('two updates in flight: the screen never shows a value older than the last one it showed', async () => {
    const { arn } = w.sim.control.ivs.createChannel({ name: 'orig', latencyMode: 'LOW' });
    const watch = w.store.channels.get$(arn, { refetchInterval: POLL });
    const shown: Array<[string | undefined, string | undefined]> = [];
    const sub = watch.subscribe((e) => e.data && shown.push([e.data.name, e.data.latencyMode]));
    await until(watch, (e) => e.status === 'success');
    w.sim.control.injectFault({ operations: ['UpdateChannel'], latencyMs: LATENCY, times: 1 });
    const a = w.store.channels.update({ arn, name: 'renamed' });
    const b = w.store.channels.update({ arn, latencyMode: 'NORMAL' });
    // The second update answers first (no latency), carrying the server's name from before the first.
    expect((await b).latencyMode).toBe('NORMAL');
    expect(shown.at(-1)).toEqual(['renamed', 'NORMAL']);
    expect((await a).name).toBe('renamed');
    await sleep(3 * POLL);
    sub.unsubscribe();
    const firstBoth = shown.findIndex(([n, l]) => n === 'renamed' && l === 'NORMAL');
    expect(shown.slice(firstBoth).every(([n, l]) => n === 'renamed' && l === 'NORMAL')).toBe(true);
  });
});
