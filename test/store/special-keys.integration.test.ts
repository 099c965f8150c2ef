import { TagResourceCommand, UpdateChannelCommand } from '@aws-sdk/client-ivs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStoreWorld, until, type StoreWorld } from '../support/world.js';

// Keys that name Object.prototype's members: a careless copy drops them or changes the prototype.
const SPECIAL = JSON.parse('{"__proto__":"p","constructor":"c","toString":"t","hasOwnProperty":"h"}') as Record<
  string,
  string
>;

const ownTags = (tags: Record<string, string> | undefined) =>
  tags ? Object.fromEntries(Object.getOwnPropertyNames(tags).map((k) => [k, tags[k]])) : undefined;

describe('tag keys named like Object.prototype members survive every copy', () => {
  let w: StoreWorld;
  beforeEach(async () => {
    w = await startStoreWorld({ seed: 2 });
  });
  afterEach(() => w.stop());

  it('a channel read, changed and refreshed keeps __proto__, constructor, toString and hasOwnProperty tags', async () => {
    const { channel } = await w.store.channels.create({ name: 'special', tags: SPECIAL });
    const arn = channel!.arn as string;
    const watch = w.store.channels.get$(arn);
    const sub = watch.subscribe();
    await w.store.channels.refresh();
    expect(ownTags((await until(watch, (e) => e.status === 'success')).data?.tags)).toEqual({ ...SPECIAL });
    // A change in the tags makes the cache copy them: every key must come along.
    await w.ivs.send(new UpdateChannelCommand({ arn, name: 'renamed' }));
    await w.ivs.send(new TagResourceCommand({ resourceArn: arn, tags: { extra: 'e' } }));
    await w.store.channels.refresh();
    const after = await until(watch, (e) => e.data?.name === 'renamed');
    expect(ownTags(after.data?.tags)).toEqual({ ...SPECIAL, extra: 'e' });
    expect(Object.getPrototypeOf(after.data?.tags)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(after.data)).toBe(Object.prototype);
    sub.unsubscribe();
  });

  it('tags.tag and untag of such keys show on the tags entry and on the channel, as own keys', async () => {
    const { arn } = w.sim.control.ivs.createChannel({ name: 't', tags: { team: 'a' } });
    const channel = w.store.channels.get$(arn);
    const tags = w.store.tags.get$(arn);
    const subs = [channel.subscribe(), tags.subscribe()];
    await until(channel, (e) => e.status === 'success');
    await until(tags, (e) => e.status === 'success');
    await w.store.tags.tag(arn, SPECIAL);
    expect(ownTags((await until(tags, (e) => e.data?.['toString'] === 't')).data)).toEqual({ team: 'a', ...SPECIAL });
    expect(ownTags((await until(channel, (e) => e.data?.tags?.['toString'] === 't')).data?.tags)).toEqual({
      team: 'a',
      ...SPECIAL,
    });
    await w.store.tags.untag(arn, ['__proto__']);
    const left = await until(tags, (e) => !Object.hasOwn(e.data ?? {}, '__proto__'));
    expect(Object.keys(left.data ?? {}).sort()).toEqual(['constructor', 'hasOwnProperty', 'team', 'toString']);
    subs.forEach((s) => s.unsubscribe());
  });
});
