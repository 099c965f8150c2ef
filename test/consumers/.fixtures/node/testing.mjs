// ivs-store/testing as a user's test file uses it, from the tarball: one await for a simulator,
// clients and a store; a channel read; a change seen through pollNow(); one stop(); then the
// process must exit by itself (nothing left running). Run: node testing.mjs
import { UpdateChannelCommand } from '@aws-sdk/client-ivs';
import { createTestStore, firstSettled, waitFor } from 'ivs-store/testing';
import helpers from './entries.cjs';

const t = await createTestStore({ seed: 3 });
try {
  const arn = t.control.ivs.createChannel({ name: 'lobby' }).arn;
  const entry = await firstSettled(t.store.channels.get$(arn));
  if (entry.status !== 'success' || entry.data.name !== 'lobby')
    throw new Error(`expected channel lobby, got ${JSON.stringify(entry)}`);
  console.log(`createTestStore: channel ${entry.data.name} read`);
  const channel$ = t.store.channels.get$(arn);
  const sub = channel$.subscribe();
  await t.ivs.send(new UpdateChannelCommand({ arn, name: 'renamed' }));
  await t.pollNow();
  await waitFor(channel$, (e) => e.data?.name === 'renamed', { timeout: 1000, what: 'renamed channel' });
  console.log('pollNow: the rename is read at once');
  sub.unsubscribe();
} catch (e) {
  console.log(`FAIL: ${e.message}`);
  await t.stop();
  process.exit(1);
}
await t.stop();
helpers.mustExit('testing');
