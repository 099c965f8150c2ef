import { GetChannelCommand, UpdateChannelCommand, type IvsClient } from '@aws-sdk/client-ivs';
import { describe, expect, it } from 'vitest';
import { createIvsStore } from '../../src/index.js';

const ARN = 'arn:aws:ivs:us-east-1:123456789012:channel/abcdEFGH1234';

/*
 * Each test awaits `channels.refresh()` after creating its store: channels' code loads at
 * creation, in a chunk of its own, and these tests measure the real queries (the stand-ins
 * that take calls before it arrives are tested in lazy-resource.test.ts).
 */
describe('a read that joins a call sent before a mutation completed', () => {
  it('is as old as that call: it cannot replace the mutation answer', async () => {
    let answerFirstRead: (name: string) => void = () => undefined;
    const calls: string[] = [];
    const client = {
      config: { maxAttempts: async () => 1 },
      send(command: { input: { arn?: string; name?: string } }) {
        calls.push(command.constructor.name);
        if (command instanceof GetChannelCommand)
          return new Promise((resolve) => (answerFirstRead = (name) => resolve({ channel: { arn: ARN, name } })));
        if (command instanceof UpdateChannelCommand)
          return Promise.resolve({ channel: { arn: ARN, name: command.input.name } });
        return Promise.reject(new Error(`unexpected ${command.constructor.name}`));
      },
    } as unknown as IvsClient;
    const store = createIvsStore({ ivs: client });
    await store.channels.refresh();
    const names: Array<string | undefined> = [];
    const sub = store.channels.get$(ARN).subscribe((e) => names.push(e.data?.name));
    await new Promise((r) => setTimeout(r, 5));
    expect(calls).toEqual(['GetChannelCommand']);
    // The first read is on the wire, read by the server before the update.
    expect((await store.channels.update({ arn: ARN, name: 'renamed' })).name).toBe('renamed');
    // A refresh asked for after the update joins the read already in flight.
    const refreshed = store.channels.refresh();
    answerFirstRead('orig');
    await refreshed;
    expect(calls).toEqual(['GetChannelCommand', 'UpdateChannelCommand']);
    expect(names.at(-1)).toBe('renamed');
    expect(names).not.toContain('orig');
    sub.unsubscribe();
    store.dispose();
  });
});
