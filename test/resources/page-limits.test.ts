import type { IvsClient } from '@aws-sdk/client-ivs';
import type { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import { firstValueFrom, filter, type Observable } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { IvsStore, PagedEntry } from '../../src/index.js';
import { realtimeResources } from '../../src/realtime/index.js';
import { createIvsStore } from '../../src/store/create-store.js';
import { modelsOrSkip } from '../simulator/model/botocore.js';

/**
 * Every `pages$` against the service models' `maxResults` range: the largest page size is
 * sent as it is, one more is refused before any call, naming `pageSize`.
 */
const models = modelsOrSkip();
const CHANNEL = 'arn:aws:ivs:us-west-2:123456789012:channel/abcdEFGH1234';

const PAGED: Array<[string, 'ivs' | 'realtime', (s: IvsStore, size: number) => Observable<PagedEntry<unknown>>]> = [
  ['ListChannels', 'ivs', (s, n) => s.channels.pages$(undefined, { pageSize: n })],
  ['ListStreamSessions', 'ivs', (s, n) => s.streamSessions.pages$(CHANNEL, { pageSize: n })],
  ['ListRecordingConfigurations', 'ivs', (s, n) => s.recordingConfigurations.pages$({ pageSize: n })],
  ['ListPlaybackKeyPairs', 'ivs', (s, n) => s.playbackKeyPairs.pages$({ pageSize: n })],
  ['ListPlaybackRestrictionPolicies', 'ivs', (s, n) => s.playbackRestrictionPolicies.pages$({ pageSize: n })],
  ['ListAdConfigurations', 'ivs', (s, n) => s.adConfigurations.pages$({ pageSize: n })],
  ['ListStages', 'realtime', (s, n) => s.stages.pages$({ pageSize: n })],
  ['ListCompositions', 'realtime', (s, n) => s.compositions.pages$(undefined, { pageSize: n })],
  ['ListEncoderConfigurations', 'realtime', (s, n) => s.encoderConfigurations.pages$({ pageSize: n })],
  ['ListStorageConfigurations', 'realtime', (s, n) => s.storageConfigurations.pages$({ pageSize: n })],
  ['ListPublicKeys', 'realtime', (s, n) => s.publicKeys.pages$({ pageSize: n })],
  ['ListIngestConfigurations', 'realtime', (s, n) => s.ingestConfigurations.pages$(undefined, { pageSize: n })],
];

const sent: Array<{ name: string; maxResults: unknown }> = [];
const client = {
  config: { maxAttempts: async () => 1 },
  send: async (command: { input: { maxResults?: unknown } }) => {
    sent.push({ name: command.constructor.name.replace(/Command$/, ''), maxResults: command.input.maxResults });
    return {};
  },
};
const store = createIvsStore({
  ivs: client as unknown as IvsClient,
  realtime: realtimeResources(client as unknown as IVSRealTimeClient),
  refetchInterval: 60_000,
});
afterAll(() => store.dispose());

describe.skipIf(!models)("pages$'s pageSize: the service models' maxResults range", () => {
  it.each(PAGED)('%s', async (operation, service, pages$) => {
    const model = models?.[service];
    const input = model?.shapes[model.operations[operation]?.input?.shape ?? '']?.members?.maxResults;
    const range = model?.shapes[input?.shape ?? ''];
    expect(range?.min).toBe(1);
    const max = range?.max as number;
    const ok = await firstValueFrom(pages$(store, max).pipe(filter((e) => e.status !== 'loading')));
    expect(ok.status).toBe('success');
    expect(sent.filter((s) => s.name === operation).map((s) => s.maxResults)).toEqual([max]);
    const refused = await firstValueFrom(pages$(store, max + 1));
    expect(refused.error).toMatchObject({ kind: 'validation', field: 'pageSize' });
    expect(refused.error?.message).toContain(`1–${max}`);
    expect(sent.filter((s) => s.name === operation)).toHaveLength(1);
  });
});
