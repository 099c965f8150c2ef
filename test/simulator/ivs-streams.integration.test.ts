import {
  GetStreamCommand,
  GetStreamSessionCommand,
  InsertAdBreakCommand,
  ListChannelsCommand,
  ListStreamSessionsCommand,
  ListStreamsCommand,
  PutMetadataCommand,
  StopStreamCommand,
  BatchStartViewerSessionRevocationCommand,
  StartViewerSessionRevocationCommand,
  CreateAdConfigurationCommand,
  UpdateChannelCommand,
} from '@aws-sdk/client-ivs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, startTestSimulator, type TestSimulator } from './harness.js';

describe('IVS streams, sessions and live-channel operations through the real IvsClient', () => {
  let t: TestSimulator;
  let now = Date.parse('2026-11-23T10:00:00Z');
  beforeAll(async () => {
    t = await startTestSimulator({ clock: () => now });
  });
  afterAll(() => t.stop());

  it('GetStream: ChannelNotBroadcasting (404) while offline, the stream while live', async () => {
    const { arn } = t.sim.control.ivs.createChannel({ name: 'cam' });
    await expectServiceError(
      t.ivs.send(new GetStreamCommand({ channelArn: arn })),
      'ChannelNotBroadcasting',
      404,
      /not currently broadcasting/,
    );
    const { streamId } = t.sim.control.ivs.goLive(arn, { health: 'HEALTHY', viewerCount: 7 });
    const { stream } = await t.ivs.send(new GetStreamCommand({ channelArn: arn }));
    expect(stream).toMatchObject({ channelArn: arn, streamId, state: 'LIVE', health: 'HEALTHY', viewerCount: 7 });
    expect(streamId).toMatch(/^st-[a-zA-Z0-9]{23}$/);
    expect(stream?.startTime).toEqual(new Date(now));
    t.sim.control.ivs.setHealth(arn, 'STARVING');
    t.sim.control.ivs.setViewers(arn, 42);
    const again = await t.ivs.send(new GetStreamCommand({ channelArn: arn }));
    expect(again.stream).toMatchObject({ health: 'STARVING', viewerCount: 42 });
    t.sim.control.ivs.goOffline(arn);
    await expectServiceError(t.ivs.send(new GetStreamCommand({ channelArn: arn })), 'ChannelNotBroadcasting', 404);
  });

  it('GetStream on a channel that does not exist is ResourceNotFound, not offline', async () => {
    await expectServiceError(
      t.ivs.send(new GetStreamCommand({ channelArn: 'arn:aws:ivs:us-east-1:123456789012:channel/ghost' })),
      'ResourceNotFoundException',
      404,
    );
  });

  it('ListStreams lists live streams only, filtered by health', async () => {
    const a = t.sim.control.ivs.createChannel({ name: 'live-a' }).arn;
    const b = t.sim.control.ivs.createChannel({ name: 'live-b' }).arn;
    t.sim.control.ivs.createChannel({ name: 'offline-c' });
    t.sim.control.ivs.goLive(a, { health: 'HEALTHY' });
    t.sim.control.ivs.goLive(b, { health: 'STARVING' });
    const all = await t.ivs.send(new ListStreamsCommand({}));
    expect(all.streams?.map((s) => s.channelArn).sort()).toEqual([a, b].sort());
    expect(all.streams?.every((s) => s.state === 'LIVE')).toBe(true);
    const starving = await t.ivs.send(new ListStreamsCommand({ filterBy: { health: 'STARVING' } }));
    expect(starving.streams?.map((s) => s.channelArn)).toEqual([b]);
    t.sim.control.ivs.goOffline(a);
    t.sim.control.ivs.goOffline(b);
    expect((await t.ivs.send(new ListStreamsCommand({}))).streams).toEqual([]);
  });

  it('stream sessions record start, end and events, newest first', async () => {
    const { arn } = t.sim.control.ivs.createChannel({ name: 'sessions' });
    await expectServiceError(
      t.ivs.send(new GetStreamSessionCommand({ channelArn: arn })),
      'ResourceNotFoundException',
      404,
      /no stream sessions/,
    );
    const first = t.sim.control.ivs.goLive(arn).streamId;
    now += 60_000;
    t.sim.control.ivs.setHealth(arn, 'STARVING');
    now += 1_000;
    t.sim.control.ivs.setHealth(arn, 'HEALTHY');
    now += 60_000;
    t.sim.control.ivs.goOffline(arn, { reason: 'failure' });
    now += 10_000;
    const second = t.sim.control.ivs.goLive(arn).streamId;

    const latest = await t.ivs.send(new GetStreamSessionCommand({ channelArn: arn }));
    expect(latest.streamSession?.streamId).toBe(second);
    expect(latest.streamSession?.endTime).toBeUndefined();
    const old = await t.ivs.send(new GetStreamSessionCommand({ channelArn: arn, streamId: first }));
    expect(old.streamSession?.endTime).toEqual(new Date(now - 10_000));
    expect(old.streamSession?.channel?.arn).toBe(arn);
    expect(old.streamSession?.truncatedEvents?.map((e) => e.name)).toEqual([
      'Session Ended',
      'Stream Failure',
      'Starvation End',
      'Starvation Start',
      'Stream Start',
      'Session Created',
    ]);

    const list = await t.ivs.send(new ListStreamSessionsCommand({ channelArn: arn }));
    expect(list.streamSessions?.map((s) => s.streamId)).toEqual([second, first]);
    expect(list.streamSessions?.map((s) => s.hasErrorEvent)).toEqual([false, true]);
    t.sim.control.ivs.goOffline(arn);
  });

  it('StopStream ends a live stream; on an offline channel it is ChannelNotBroadcasting', async () => {
    const { arn } = t.sim.control.ivs.createChannel({ name: 'stop-me' });
    t.sim.control.ivs.goLive(arn);
    await t.ivs.send(new StopStreamCommand({ channelArn: arn }));
    expect(t.sim.control.ivs.liveChannelArns()).not.toContain(arn);
    await expectServiceError(t.ivs.send(new StopStreamCommand({ channelArn: arn })), 'ChannelNotBroadcasting', 404);
  });

  it('PutMetadata (204) needs a live channel and at most 1 KB', async () => {
    const { arn } = t.sim.control.ivs.createChannel({ name: 'meta' });
    await expectServiceError(
      t.ivs.send(new PutMetadataCommand({ channelArn: arn, metadata: 'hi' })),
      'ChannelNotBroadcasting',
      404,
    );
    t.sim.control.ivs.goLive(arn);
    expect(
      (await t.ivs.send(new PutMetadataCommand({ channelArn: arn, metadata: '{"q":1}' }))).$metadata.httpStatusCode,
    ).toBe(204);
    await expectServiceError(
      t.ivs.send(new PutMetadataCommand({ channelArn: arn, metadata: 'é'.repeat(600) })),
      'ValidationException',
      400,
      /1 KB/,
    );
    t.sim.control.ivs.goOffline(arn);
  });

  it('InsertAdBreak needs a live channel with an ad configuration', async () => {
    const { arn } = t.sim.control.ivs.createChannel({ name: 'ads' });
    t.sim.control.ivs.goLive(arn);
    await expectServiceError(
      t.ivs.send(new InsertAdBreakCommand({ channelArn: arn, durationSeconds: 30 })),
      'ValidationException',
      400,
      /ad configuration/,
    );
    t.sim.control.ivs.goOffline(arn);
    const ad = await t.ivs.send(
      new CreateAdConfigurationCommand({
        mediaTailorPlaybackConfigurations: [
          { playbackConfigurationArn: 'arn:aws:mediatailor:us-east-1:123456789012:playbackConfiguration/pc' },
        ],
      }),
    );
    await t.ivs.send(new UpdateChannelCommand({ arn, adConfigurationArn: ad.adConfiguration!.arn }));
    t.sim.control.ivs.goLive(arn);
    const out = await t.ivs.send(new InsertAdBreakCommand({ channelArn: arn, durationSeconds: 30 }));
    expect(out.adBreakId).toMatch(/^[a-zA-Z0-9]{12}$/);
    t.sim.control.ivs.goOffline(arn);
  });

  it('viewer-session revocation, single and batched (1–20), with per-entry errors', async () => {
    const { arn } = t.sim.control.ivs.createChannel({ name: 'revoke' });
    await expect(
      t.ivs.send(
        new StartViewerSessionRevocationCommand({
          channelArn: arn,
          viewerId: 'viewer-1',
          viewerSessionVersionsLessThanOrEqualTo: 3,
        }),
      ),
    ).resolves.toBeDefined();
    const ghost = 'arn:aws:ivs:us-east-1:123456789012:channel/ghost';
    await expectServiceError(
      t.ivs.send(new StartViewerSessionRevocationCommand({ channelArn: ghost, viewerId: 'v' })),
      'ResourceNotFoundException',
      404,
    );
    const batch = await t.ivs.send(
      new BatchStartViewerSessionRevocationCommand({
        viewerSessions: [
          { channelArn: arn, viewerId: 'a' },
          { channelArn: ghost, viewerId: 'b' },
        ],
      }),
    );
    expect(batch.errors?.map((e) => [e.channelArn, e.viewerId, e.code])).toEqual([
      [ghost, 'b', 'ResourceNotFoundException'],
    ]);
    const many = Array.from({ length: 21 }, (_, i) => ({ channelArn: arn, viewerId: `v${i}` }));
    await expectServiceError(
      t.ivs.send(new BatchStartViewerSessionRevocationCommand({ viewerSessions: many })),
      'ValidationException',
      400,
      /'viewerSessions'.*less than or equal to 20/,
    );
    await expectServiceError(
      t.ivs.send(new StartViewerSessionRevocationCommand({ channelArn: arn, viewerId: 'x'.repeat(41) })),
      'ValidationException',
      400,
      /'viewerId'/,
    );
  });

  it('ListChannels still sees every channel created here (sanity of the shared world)', async () => {
    const out = await t.ivs.send(new ListChannelsCommand({ maxResults: 100 }));
    expect(out.channels?.length).toBe(t.sim.control.ivs.channelArns().length);
  });
});
