import { UpdateChannelCommand } from '@aws-sdk/client-ivs';
import { afterEach, describe, expect, it } from 'vitest';
import { isIvsStoreError } from '../../src/index.js';
import { ok, onSend, startStoreWorld, type StoreWorld, until } from '../support/world.js';

let w: StoreWorld | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

describe('setData against the simulator', () => {
  it('shows at once in get$ and in the lists that hold the channel; a poll between does not flicker; undo restores', async () => {
    w = await startStoreWorld({}, { refetchInterval: 60_000 });
    const { sim, store, ivs } = w;
    const arn = sim.control.ivs.createChannel({ name: 'lobby' }).arn;
    const names: Array<string | undefined> = [];
    const listed: Array<string | undefined> = [];
    const subs = [
      store.channels.get$(arn).subscribe((e) => names.push(e.data?.name)),
      store.channels.list$().subscribe((e) => listed.push(e.data?.find((c) => c.arn === arn)?.name)),
    ];
    await until(store.channels.get$(arn), ok);
    await until(store.channels.list$(), (e) => ok(e) && e.data?.length === 1);
    const calls: string[] = [];
    onSend(ivs, (op) => calls.push(op));

    const edit = await store.channels.setData(arn, (draft) => {
      draft.name = 'on air';
    });
    expect(edit.applied).toBe(true);
    expect(edit.inversePatches).toEqual([{ op: 'replace', path: ['name'], value: 'lobby' }]);
    expect(names.at(-1)).toBe('on air');
    expect(listed.at(-1)).toBe('on air');
    // From the change on, what each has shown.
    const [namesAtEdit, listedAtEdit] = [names.length - 1, listed.length - 1];
    expect(calls).toEqual([]); // a recipe sends nothing

    // Polls while the change is held: the server still says 'lobby', and a field the recipe
    // did not touch (changed behind the store's back) comes through under it.
    await ivs.send(new UpdateChannelCommand({ arn, latencyMode: 'NORMAL' }));
    await store.channels.refresh();
    await until(store.channels.get$(arn), (e) => e.data?.latencyMode === 'NORMAL');
    expect(names.length).toBeGreaterThan(namesAtEdit + 1); // the poll was seen
    expect(names.slice(namesAtEdit).every((n) => n === 'on air')).toBe(true);
    expect(listed.slice(listedAtEdit).every((n) => n === 'on air')).toBe(true);
    expect((await until(store.channels.get$(arn), ok)).data).toMatchObject({ name: 'on air', latencyMode: 'NORMAL' });

    edit.undo();
    expect(names.at(-1)).toBe('lobby');
    expect(listed.at(-1)).toBe('lobby');
    for (const s of subs) s.unsubscribe();
  });

  it('with confirm(): the user’s own write lands, and the next read shows the server’s value', async () => {
    w = await startStoreWorld({}, { refetchInterval: 60_000 });
    const { sim, store, ivs } = w;
    const arn = sim.control.ivs.createChannel({ name: 'lobby' }).arn;
    const sub = store.channels.get$(arn).subscribe();
    await until(store.channels.get$(arn), ok);
    const edit = await store.channels.setData(arn, (draft) => {
      draft.name = 'studio';
    });
    // The app's own call (here the SDK directly), then confirm: reads from now on are truth.
    await ivs.send(new UpdateChannelCommand({ arn, name: 'studio-normalised' }));
    edit.confirm();
    await store.channels.refresh();
    expect((await until(store.channels.get$(arn), ok)).data?.name).toBe('studio-normalised');
    sub.unsubscribe();
  });

  it('stream keys keep their Secret through a recipe; an unknown stage is left alone; bad input is a validation error', async () => {
    w = await startStoreWorld({}, { refetchInterval: 60_000 });
    const { sim, store } = w;
    const keyArn = sim.control.ivs.createChannel({ name: 'keys' }).streamKeyArn;
    {
      const sub = store.streamKeys.get$(keyArn).subscribe();
      const before = (await until(store.streamKeys.get$(keyArn), ok)).data?.value;
      await store.streamKeys.setData(keyArn, (draft) => {
        draft.tags = { team: 'video' };
      });
      const after = (await until(store.streamKeys.get$(keyArn), (e) => e.data?.tags?.team === 'video')).data;
      expect(before?.reveal()).toMatch(/^sk_/);
      expect(after?.value).toBe(before);
      expect(JSON.stringify(after)).not.toContain(before?.reveal() ?? 'no value');
      sub.unsubscribe();
    }
    const stage = 'arn:aws:ivs:us-east-1:123456789012:stage/abcdEFGH1234';
    const none = await store.stages.setData(stage, (draft) => {
      draft.name = 'x';
    });
    expect(none.applied).toBe(false);
    const bad = await store.channels.setData('not-an-arn', () => undefined).catch((e: unknown) => e);
    expect(isIvsStoreError(bad) && bad.kind).toBe('validation');
  });
});
