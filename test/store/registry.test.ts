import * as ivsSdk from '@aws-sdk/client-ivs';
import type { IvsClient } from '@aws-sdk/client-ivs';
import * as realtimeSdk from '@aws-sdk/client-ivs-realtime';
import type { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import { isObservable, type Observable, type Subscription } from 'rxjs';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { realtimeResources } from '../../src/realtime/index.js';
import { createIvsStore, type IvsStore } from '../../src/store/create-store.js';
import { REALTIME_REGISTRY } from '../../src/store/realtime-registry.js';
import { REGISTRY, type RealtimeName, type ResourceName } from '../../src/store/registry.js';
import { settle, testContext } from '../query/context.js';

/**
 * The store object against its registry and its SDKs: every resource of `IvsStore` is on the
 * store, with every method of its API, and every SDK command is sent by some method called
 * THROUGH THE STORE (not only named in a source file, as test/store/sdk-coverage.test.ts checks).
 */

const arn = (type: string, id = 'abcdEFGH1234') => `arn:aws:ivs:us-west-2:123456789012:${type}/${id}`;
const CHANNEL = arn('channel');
const STAGE = arn('stage');
const SESSION = 'st-abcdEFGH1234';
const STREAM_ID = 'st-abcdefghijklmnopqrstuvw';

// The SDK outputs are loose here: only the members the store requires are given.
// biome-ignore lint/suspicious/noExplicitAny: each answer reads the members of its own command's input
type Input = Record<string, any>;

/** A minimal plausible output per command (by name, without `Command`); `{}` for the rest. */
const ANSWERS: Record<string, (input: Input) => object> = {
  // IVS
  BatchGetChannel: (i) => ({ channels: (i.arns as string[]).map((a) => ({ arn: a })), errors: [] }),
  GetChannel: (i) => ({ channel: { arn: i.arn } }),
  CreateChannel: () => ({
    channel: { arn: arn('channel', 'created') },
    streamKey: { arn: arn('stream-key', 'created'), channelArn: arn('channel', 'created') },
  }),
  UpdateChannel: (i) => ({ channel: { ...i } }),
  GetStream: (i) => ({
    stream: { channelArn: i.channelArn, state: 'LIVE', health: 'HEALTHY', streamId: STREAM_ID, viewerCount: 1 },
  }),
  InsertAdBreak: () => ({ adBreakId: 'ad-1' }),
  BatchGetStreamKey: (i) => ({ streamKeys: (i.arns as string[]).map((a) => ({ arn: a })), errors: [] }),
  GetStreamKey: (i) => ({ streamKey: { arn: i.arn } }),
  CreateStreamKey: (i) => ({ streamKey: { arn: arn('stream-key', 'created'), channelArn: i.channelArn } }),
  GetStreamSession: (i) => ({ streamSession: { streamId: i.streamId ?? STREAM_ID } }),
  BatchStartViewerSessionRevocation: () => ({ errors: [] }),
  GetRecordingConfiguration: (i) => ({ recordingConfiguration: { arn: i.arn } }),
  CreateRecordingConfiguration: () => ({ recordingConfiguration: { arn: arn('recording-configuration', 'created') } }),
  GetPlaybackKeyPair: (i) => ({ keyPair: { arn: i.arn } }),
  ImportPlaybackKeyPair: () => ({ keyPair: { arn: arn('playback-key', 'created') } }),
  GetPlaybackRestrictionPolicy: (i) => ({ playbackRestrictionPolicy: { arn: i.arn } }),
  CreatePlaybackRestrictionPolicy: () => ({
    playbackRestrictionPolicy: { arn: arn('playback-restriction-policy', 'created') },
  }),
  UpdatePlaybackRestrictionPolicy: (i) => ({ playbackRestrictionPolicy: { ...i } }),
  GetAdConfiguration: (i) => ({ adConfiguration: { arn: i.arn } }),
  CreateAdConfiguration: () => ({ adConfiguration: { arn: arn('ad-configuration', 'created') } }),
  UpdateAdConfiguration: (i) => ({ adConfiguration: { ...i } }),
  ListTagsForResource: () => ({ tags: { env: 'test' } }),
  // RealTime
  GetStage: (i) => ({ stage: { arn: i.arn, activeSessionId: SESSION } }),
  CreateStage: () => ({
    stage: { arn: arn('stage', 'created') },
    participantTokens: [{ participantId: 'p0', token: 'eyJ0' }],
  }),
  UpdateStage: (i) => ({ stage: { ...i } }),
  GetStageSession: (i) => ({ stageSession: { sessionId: i.sessionId } }),
  ListParticipants: () => ({ participants: [{ participantId: 'p1', state: 'CONNECTED', published: true }] }),
  GetParticipant: (i) => ({ participant: { participantId: i.participantId, state: 'CONNECTED' } }),
  CreateParticipantToken: () => ({ participantToken: { participantId: 'p2', token: 'eyJ2' } }),
  GetComposition: (i) => ({ composition: { arn: i.arn, state: 'ACTIVE' } }),
  StartComposition: () => ({ composition: { arn: arn('composition', 'created'), state: 'STARTING' } }),
  GetEncoderConfiguration: (i) => ({ encoderConfiguration: { arn: i.arn } }),
  CreateEncoderConfiguration: () => ({ encoderConfiguration: { arn: arn('encoder-configuration', 'created') } }),
  GetStorageConfiguration: (i) => ({ storageConfiguration: { arn: i.arn } }),
  CreateStorageConfiguration: () => ({ storageConfiguration: { arn: arn('storage-configuration', 'created') } }),
  GetIngestConfiguration: (i) => ({ ingestConfiguration: { arn: i.arn, streamKey: 'sk_secret' } }),
  CreateIngestConfiguration: () => ({
    ingestConfiguration: { arn: arn('ingest-configuration', 'created'), streamKey: 'sk_secret' },
  }),
  UpdateIngestConfiguration: (i) => ({ ingestConfiguration: { ...i } }),
  GetPublicKey: (i) => ({ publicKey: { arn: i.arn } }),
  ImportPublicKey: () => ({ publicKey: { arn: arn('public-key', 'created') } }),
};

/** A client whose send() records the command's class name and answers from ANSWERS. */
function fakeClient(sent: string[]) {
  return {
    config: { maxAttempts: async () => 1 },
    send: async (command: { input: Input }) => {
      const name = command.constructor.name;
      sent.push(name);
      return ANSWERS[name.replace(/Command$/, '')]?.(command.input) ?? {};
    },
  };
}

const commandsOf = (sdk: object) =>
  Object.keys(sdk)
    .filter((k) => /^[A-Z]\w+Command$/.test(k))
    .sort();

/** Every operation's quota group, high: the test is about reach, not pacing. */
const QUOTAS = Object.fromEntries(
  [...commandsOf(ivsSdk), ...commandsOf(realtimeSdk)]
    .flatMap((c) => [c.replace(/Command$/, ''), `realtime:${c.replace(/Command$/, '')}`])
    .map((g) => [g, 1000]),
);

function storeWithFakes() {
  const ivs: string[] = [];
  const realtime: string[] = [];
  const store = createIvsStore({
    ivs: fakeClient(ivs) as unknown as IvsClient,
    realtime: realtimeResources(fakeClient(realtime) as unknown as IVSRealTimeClient),
    refetchInterval: 60_000,
    quotas: QUOTAS,
  });
  return { store, sent: { ivs, realtime } };
}

/**
 * Loads every resource's code: touching a stand-in starts its load; a loaded resource is
 * its real API, which (unlike a stand-in) has no method of an unknown name.
 */
async function loadAll(store: IvsStore) {
  const unknown = (name: ResourceName) => (store[name] as unknown as Record<string, unknown>).notAMethod;
  for (const name of resourceNames) unknown(name);
  await vi.waitFor(() => expect(resourceNames.filter((name) => unknown(name) !== undefined)).toEqual([]), {
    timeout: 20_000,
  });
}

/** What a call of the table gets: `use` subscribes to an Observable at once or waits for a Promise; `tick` lets a tick pass. */
interface Runner {
  use(result: Observable<unknown> | Promise<unknown>): void;
  tick(): Promise<void>;
}
type Call<A> = (api: A, run: Runner) => void | Promise<void>;

/**
 * Valid calls of every method of every resource. The type makes it complete: a method of an
 * API missing here, or one here that the API does not have, is a compile error.
 */
type Calls = { [K in ResourceName]: { [M in keyof IvsStore[K]]-?: Call<IvsStore[K]> } };

/** The calls every configuration kind takes alike: get$ and delete of an ARN of `type`, list$, refresh and invalidate. */
const configurationCalls = (type: string) => ({
  get$: (a: { get$(arn: string): Observable<unknown> }, r: Runner) => r.use(a.get$(arn(type))),
  list$: (a: { list$(): Observable<unknown> }, r: Runner) => r.use(a.list$()),
  pages$: (a: { pages$(): Observable<unknown> }, r: Runner) => r.use(a.pages$()),
  delete: (a: { delete(arn: string): Promise<void> }, r: Runner) => r.use(a.delete(arn(type, 'deleted'))),
  refresh: (a: { refresh(): Promise<void> }, r: Runner) => r.use(a.refresh()),
  invalidate: (a: { invalidate(): Promise<void> }, r: Runner) => r.use(a.invalidate()),
  setData: (a: { setData(arn: string, recipe: (d: { name?: string }) => void): Promise<unknown> }, r: Runner) =>
    r.use(a.setData(arn(type), rename)),
});

/** A cache recipe (setData sends nothing: it is here because every method is). */
const rename = (draft: { name?: string }) => {
  draft.name = 'renamed';
};

/** get$ of one id in a tick (the single read: a Get), then of two in the next (a batch get or a list sweep). */
const oneThenTwo = (type: string) => async (a: { get$(arn: string): Observable<unknown> }, r: Runner) => {
  r.use(a.get$(arn(type, 'single')));
  await r.tick();
  r.use(a.get$(arn(type, 'pairA')));
  r.use(a.get$(arn(type, 'pairB')));
};

const CALLS: Calls = {
  channels: {
    // GetChannel, then BatchGetChannel.
    get$: oneThenTwo('channel'),
    list$: (a, r) => r.use(a.list$({ filterByName: 'lobby' })),
    pages$: (a, r) => r.use(a.pages$({ filterByName: 'lobby' }, { pageSize: 10 })),
    create: (a, r) => r.use(a.create({ name: 'lobby' })),
    update: (a, r) => r.use(a.update({ arn: CHANNEL, name: 'renamed' })),
    delete: (a, r) => r.use(a.delete(arn('channel', 'deleted'))),
    refresh: (a, r) => r.use(a.refresh()),
    invalidate: (a, r) => r.use(a.invalidate()),
    setData: (a, r) => r.use(a.setData(CHANNEL, rename)),
  },
  streams: {
    // GetStream, then a ListStreams sweep.
    get$: oneThenTwo('channel'),
    live$: (a, r) => r.use(a.live$({ health: 'STARVING' })),
    health$: (a, r) => r.use(a.health$(CHANNEL)),
    healthHistory$: (a, r) => r.use(a.healthHistory$(CHANNEL, { size: 5 })),
    transitions$: (a, r) => r.use(a.transitions$()),
    summary$: (a, r) => r.use(a.summary$()),
    stop: (a, r) => r.use(a.stop(CHANNEL)),
    putMetadata: (a, r) => r.use(a.putMetadata(CHANNEL, 'hello')),
    insertAdBreak: (a, r) => r.use(a.insertAdBreak(CHANNEL, 30)),
    refresh: (a, r) => r.use(a.refresh()),
    invalidate: (a, r) => r.use(a.invalidate()),
    setData: (a, r) =>
      r.use(
        a.setData(CHANNEL, (d) => {
          d.viewerCount = 0;
        }),
      ),
  },
  streamKeys: {
    // GetStreamKey, then BatchGetStreamKey.
    get$: oneThenTwo('stream-key'),
    forChannel$: (a, r) => r.use(a.forChannel$(CHANNEL)),
    create: (a, r) => r.use(a.create(CHANNEL, { env: 'test' })),
    delete: (a, r) => r.use(a.delete(arn('stream-key', 'deleted'))),
    refresh: (a, r) => r.use(a.refresh()),
    invalidate: (a, r) => r.use(a.invalidate()),
    setData: (a, r) =>
      r.use(
        a.setData(arn('stream-key'), (d) => {
          d.tags = {};
        }),
      ),
  },
  streamSessions: {
    list$: (a, r) => r.use(a.list$(CHANNEL)),
    pages$: (a, r) => r.use(a.pages$(CHANNEL)),
    get$: (a, r) => {
      r.use(a.get$(CHANNEL));
      r.use(a.get$(CHANNEL, STREAM_ID));
    },
    refresh: (a, r) => r.use(a.refresh()),
    invalidate: (a, r) => r.use(a.invalidate()),
  },
  recordingConfigurations: {
    ...configurationCalls('recording-configuration'),
    create: (a, r) => r.use(a.create({ destinationConfiguration: { s3: { bucketName: 'recordings' } } })),
  },
  playbackKeyPairs: {
    ...configurationCalls('playback-key'),
    import: (a, r) => r.use(a.import({ publicKeyMaterial: '-----BEGIN PUBLIC KEY-----' })),
  },
  playbackRestrictionPolicies: {
    ...configurationCalls('playback-restriction-policy'),
    create: (a, r) => r.use(a.create({ allowedCountries: ['US'] })),
    update: (a, r) => r.use(a.update({ arn: arn('playback-restriction-policy'), name: 'renamed' })),
  },
  adConfigurations: {
    ...configurationCalls('ad-configuration'),
    create: (a, r) =>
      r.use(
        a.create({
          mediaTailorPlaybackConfigurations: [
            { playbackConfigurationArn: 'arn:aws:mediatailor:us-west-2:123456789012:playbackConfiguration/p' },
          ],
        }),
      ),
    update: (a, r) => r.use(a.update({ arn: arn('ad-configuration'), name: 'renamed' })),
  },
  tags: {
    get$: (a, r) => r.use(a.get$(CHANNEL)),
    tag: (a, r) => r.use(a.tag(CHANNEL, { team: 'video' })),
    untag: (a, r) => r.use(a.untag(CHANNEL, ['team'])),
  },
  viewerSessions: {
    // A lone revocation: StartViewerSessionRevocation; two in a tick: the batch.
    revoke: async (a, r) => {
      r.use(a.revoke({ channelArn: CHANNEL, viewerId: 'viewer-1' }));
      await r.tick();
      r.use(a.revoke({ channelArn: CHANNEL, viewerId: 'viewer-2' }));
      r.use(a.revoke({ channelArn: CHANNEL, viewerId: 'viewer-3', viewerSessionVersionsLessThanOrEqualTo: 2 }));
    },
  },
  stages: {
    // GetStage, then a ListStages sweep.
    get$: oneThenTwo('stage'),
    list$: (a, r) => r.use(a.list$()),
    pages$: (a, r) => r.use(a.pages$()),
    create: (a, r) => r.use(a.create({ name: 'studio' })),
    update: (a, r) => r.use(a.update({ arn: STAGE, name: 'renamed' })),
    delete: (a, r) => r.use(a.delete(arn('stage', 'deleted'))),
    sessions$: (a, r) => r.use(a.sessions$(STAGE)),
    session$: (a, r) => r.use(a.session$(STAGE, SESSION)),
    refresh: (a, r) => r.use(a.refresh()),
    invalidate: (a, r) => r.use(a.invalidate()),
    setData: (a, r) => r.use(a.setData(STAGE, rename)),
  },
  participants: {
    list$: (a, r) => {
      r.use(a.list$(STAGE));
      r.use(a.list$(STAGE, { sessionId: SESSION, state: 'CONNECTED' }));
    },
    get$: (a, r) => r.use(a.get$(STAGE, SESSION, 'p1')),
    changes$: (a, r) => r.use(a.changes$(STAGE, { initial: true })),
    events$: (a, r) => r.use(a.events$(STAGE, SESSION, 'p1')),
    disconnect: (a, r) => r.use(a.disconnect(STAGE, 'p1', 'bye')),
    createToken: (a, r) => r.use(a.createToken({ stageArn: STAGE, capabilities: ['PUBLISH'] })),
    refresh: (a, r) => r.use(a.refresh()),
    invalidate: (a, r) => r.use(a.invalidate()),
  },
  compositions: {
    get$: (a, r) => r.use(a.get$(arn('composition'))),
    list$: (a, r) => r.use(a.list$({ filterByStageArn: STAGE })),
    pages$: (a, r) => r.use(a.pages$({ filterByStageArn: STAGE })),
    start: (a, r) => r.use(a.start({ stageArn: STAGE, destinations: [{ channel: { channelArn: CHANNEL } }] })),
    stop: (a, r) => r.use(a.stop(arn('composition'))),
    refresh: (a, r) => r.use(a.refresh()),
    invalidate: (a, r) => r.use(a.invalidate()),
    setData: (a, r) =>
      r.use(
        a.setData(arn('composition'), (d) => {
          d.tags = {};
        }),
      ),
  },
  encoderConfigurations: {
    ...configurationCalls('encoder-configuration'),
    create: (a, r) => r.use(a.create({ name: 'hd' })),
  },
  storageConfigurations: {
    ...configurationCalls('storage-configuration'),
    create: (a, r) => r.use(a.create({ s3: { bucketName: 'compositions' } })),
  },
  ingestConfigurations: {
    ...configurationCalls('ingest-configuration'),
    list$: (a, r) => r.use(a.list$({ filterByState: 'ACTIVE' })),
    pages$: (a, r) => r.use(a.pages$({ filterByState: 'ACTIVE' })),
    create: (a, r) => r.use(a.create({ ingestProtocol: 'RTMPS', stageArn: STAGE })),
    update: (a, r) => r.use(a.update({ arn: arn('ingest-configuration'), stageArn: STAGE })),
    delete: (a, r) => r.use(a.delete(arn('ingest-configuration', 'deleted'), true)),
  },
  publicKeys: {
    ...configurationCalls('public-key'),
    import: (a, r) => r.use(a.import({ publicKeyMaterial: '-----BEGIN PUBLIC KEY-----' })),
  },
  replication: {
    start: (a, r) =>
      r.use(a.start({ sourceStageArn: STAGE, destinationStageArn: arn('stage', 'replica'), participantId: 'p1' })),
    stop: (a, r) =>
      r.use(a.stop({ sourceStageArn: STAGE, destinationStageArn: arn('stage', 'replica'), participantId: 'p1' })),
    replicas$: (a, r) => r.use(a.replicas$(STAGE, 'p1')),
  },
  realtimeTags: {
    get$: (a, r) => r.use(a.get$(STAGE)),
    tag: (a, r) => r.use(a.tag(STAGE, { team: 'video' })),
    untag: (a, r) => r.use(a.untag(STAGE, ['team'])),
  },
};

const resourceNames = Object.keys(REGISTRY) as ResourceName[];
const methodsOf = (name: ResourceName) => Object.keys(CALLS[name]);

describe('the store object and its registry', () => {
  it('REGISTRY names exactly the resources of IvsStore (types)', () => {
    expectTypeOf<keyof typeof REGISTRY>().toEqualTypeOf<Exclude<keyof IvsStore, 'metrics$' | 'dispose'>>();
    expectTypeOf<keyof Calls>().toEqualTypeOf<keyof typeof REGISTRY>();
  });

  it('has every resource of the registry, metrics$ and dispose, and nothing else', () => {
    const { store } = storeWithFakes();
    expect(Object.keys(store).sort()).toEqual([...resourceNames, 'metrics$', 'dispose'].sort());
    for (const name of resourceNames) expect(store[name], name).toBeTypeOf('object');
    expect(store.dispose).toBeTypeOf('function');
    expect(isObservable(store.metrics$)).toBe(true);
    store.dispose();
  });

  it('has the same keys without a RealTime client (its resources explain what is missing)', () => {
    const store = createIvsStore({ ivs: fakeClient([]) as unknown as IvsClient });
    expect(Object.keys(store).sort()).toEqual([...resourceNames, 'metrics$', 'dispose'].sort());
    expect(() => store.stages.get$(STAGE)).toThrow(/realtime option/);
    store.dispose();
  });

  it('once its code is loaded, every resource has every method of its API', async () => {
    const { store } = storeWithFakes();
    await loadAll(store);
    const missing = resourceNames.flatMap((name) =>
      methodsOf(name)
        .filter((m) => typeof (store[name] as unknown as Record<string, unknown>)[m] !== 'function')
        .map((m) => `${name}.${m}`),
    );
    expect(missing).toEqual([]);
    store.dispose();
  });

  it('the RealTime chunks are named for exactly the resources the registry marks RealTime', () => {
    expectTypeOf<keyof typeof REALTIME_REGISTRY>().toEqualTypeOf<RealtimeName>();
    expect(Object.keys(REALTIME_REGISTRY).sort()).toEqual(
      resourceNames.filter((n) => REGISTRY[n] === 'realtime').sort(),
    );
  });

  it.each(resourceNames)(
    'the chunk of %s exports its factory under its name, building every method, nothing else',
    async (name) => {
      const ctx = testContext();
      const client = fakeClient([]);
      const stub = { stages: { get$: () => undefined } } as unknown as IvsStore;
      const chunk = REGISTRY[name];
      const module = await (chunk === 'realtime' ? REALTIME_REGISTRY[name as RealtimeName] : chunk)();
      const create = (module as unknown as Record<string, (...a: unknown[]) => object>)[name]!;
      const api = create(ctx, client, stub);
      expect(Object.keys(api).sort()).toEqual(methodsOf(name).sort());
      ctx.dispose();
    },
  );

  it('touching one resource loads that resource only (channels load at once, unasked)', async () => {
    const ivsNames = resourceNames.filter((n) => REGISTRY[n] !== 'realtime');
    const spies = ivsNames.map((name) => [name, vi.spyOn(REGISTRY, name as 'streams')] as const);
    const realtime = realtimeResources(fakeClient([]) as unknown as IVSRealTimeClient);
    const rtLoad = vi.spyOn(realtime, 'load');
    try {
      const store = createIvsStore({ ivs: fakeClient([]) as unknown as IvsClient, realtime });
      await store.streams.refresh();
      await store.participants.refresh();
      const called = spies.filter(([, spy]) => spy.mock.calls.length > 0).map(([name]) => name);
      expect(called.sort()).toEqual(['channels', 'streams']);
      expect(rtLoad.mock.calls.map(([name]) => name)).toEqual(['participants']);
      // Participants follow their stage: the stages' code loads when they first need it.
      store.participants.list$(STAGE).subscribe().unsubscribe();
      await vi.waitFor(() => expect(rtLoad.mock.calls.map(([name]) => name)).toEqual(['participants', 'stages']));
      store.dispose();
    } finally {
      for (const [, spy] of spies) spy.mockRestore();
    }
  });
});

/**
 * Commands no method of the store can send, each with the reason. Empty: every command of
 * both SDKs is reached through the store object.
 */
const UNREACHABLE: { ivs: Record<string, string>; realtime: Record<string, string> } = { ivs: {}, realtime: {} };

describe('every SDK command is sent through the store object', () => {
  it('calling every method of every resource with valid inputs sends every command of both SDKs', async () => {
    const { store, sent } = storeWithFakes();
    await loadAll(store);
    const subs: Subscription[] = [];
    const waiting: Array<Promise<unknown>> = [];
    const failures: string[] = [];
    const lastEntries = new Map<string, { status?: string; error?: { message: string } }>();
    for (const name of resourceNames) {
      for (const method of methodsOf(name)) {
        const label = `${name}.${method}`;
        let n = 0;
        const run: Runner = {
          use(result) {
            const key = `${label}#${n++}`;
            if (isObservable(result)) {
              subs.push(
                result.subscribe({
                  next: (v) => {
                    if (typeof v === 'object' && v !== null && 'status' in v)
                      lastEntries.set(key, v as { status?: string });
                  },
                  error: (e: Error) => failures.push(`${key}: ${e.message}`),
                }),
              );
            } else {
              waiting.push(result.catch((e: Error) => failures.push(`${key}: ${e.message}`)));
            }
          },
          tick: () => settle(5),
        };
        await (CALLS[name] as Record<string, Call<unknown>>)[method]?.(store[name], run);
        await settle(5);
      }
    }
    await Promise.all(waiting);
    await settle(20);
    const errorEntries = [...lastEntries]
      .filter(([, e]) => e.status === 'error')
      .map(([k, e]) => `${k}: ${e.error?.message}`);
    subs.forEach((s) => s.unsubscribe());
    store.dispose();

    // Every call succeeded on plausible answers: what was sent was a real use of each method.
    expect(failures).toEqual([]);
    expect(errorEntries).toEqual([]);
    const expected = {
      ivs: commandsOf(ivsSdk).filter((c) => !(c in UNREACHABLE.ivs)),
      realtime: commandsOf(realtimeSdk).filter((c) => !(c in UNREACHABLE.realtime)),
    };
    expect([...new Set(sent.ivs)].sort()).toEqual(expected.ivs);
    expect([...new Set(sent.realtime)].sort()).toEqual(expected.realtime);
    expect(expected.ivs.length).toBeGreaterThanOrEqual(41);
    expect(expected.realtime.length).toBeGreaterThanOrEqual(39);
  });
});
