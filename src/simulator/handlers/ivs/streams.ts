import { SimError, validation } from '../../operations/errors.js';
import type { Health, LiveStream, StreamSessionRecord } from '../../world/ivs-state.js';
import { paginate } from '../../world/paginate.js';
import type { World } from '../../world/world.js';
import type { HandlerTable } from '../types.js';
import { channelView, findChannel } from './channels.js';
import { recordingConfigurationView } from './configurations.js';
import { announceStreamEvent } from './stream-events.js';

const STATE_CHANGE = 'IVS Stream State Change';
const HEALTH_CHANGE = 'IVS Stream Health Change';

const notBroadcasting = (channelArn: string) =>
  new SimError('ChannelNotBroadcasting', `Channel ${channelArn} is not currently broadcasting`);

/** The live stream of a channel that must exist; ChannelNotBroadcasting when offline. */
export function liveStreamOf(world: World, channelArn: unknown): LiveStream {
  const channel = findChannel(world, channelArn);
  const live = world.ivs.live.get(channel.arn);
  if (!live) throw notBroadcasting(channel.arn);
  return live;
}

function addEvent(
  session: StreamSessionRecord | undefined,
  world: World,
  name: string,
  type: string,
  code?: string,
): void {
  if (!session) return;
  const eventTime = world.nowDate();
  session.events.push({ name, type, eventTime, ...(code ? { code } : {}) });
  announceStreamEvent(world, session, name, type, eventTime.getTime());
}

/** A channel starts broadcasting: a new stream and a new stream session. */
export function startStream(
  world: World,
  channelArn: string,
  opts: { health?: Health; viewerCount?: number } = {},
): LiveStream {
  const channel = findChannel(world, channelArn);
  if (world.ivs.live.has(channel.arn)) throw new Error(`Channel ${channel.arn} is already live`);
  const now = world.nowDate();
  const seq = world.nextSeq();
  const live: LiveStream = {
    seq,
    channelArn: channel.arn,
    streamId: `st-${world.rng.chars(23)}`,
    startTime: now,
    health: opts.health ?? 'HEALTHY',
    viewerCount: opts.viewerCount ?? 0,
  };
  world.ivs.live.set(channel.arn, live);
  const recording = world.ivs.recordingConfigurations.get(channel.recordingConfigurationArn);
  const session: StreamSessionRecord = {
    arn: channel.arn,
    seq,
    streamId: live.streamId,
    channelArn: channel.arn,
    startTime: now,
    endTime: undefined,
    events: [],
    channel: channelView(world, channel),
    // As the configuration was when the stream started, in its API shape (with its required state).
    recordingConfiguration: recording ? recordingConfigurationView(recording) : undefined,
  };
  world.ivs.sessions.set(live.streamId, session);
  addEvent(session, world, 'Session Created', STATE_CHANGE);
  addEvent(session, world, 'Stream Start', STATE_CHANGE);
  if (recording) addEvent(session, world, 'Recording Start', 'IVS Recording State Change');
  return { ...live };
}

/** A channel stops broadcasting (ended by the broadcaster, failed, or StopStream). */
export function endStream(world: World, channelArn: string, reason: 'end' | 'failure' = 'end'): void {
  const live = world.ivs.live.get(channelArn);
  if (!live) throw new Error(`Channel ${channelArn} is not live`);
  const session = world.ivs.sessions.get(live.streamId);
  addEvent(
    session,
    world,
    reason === 'failure' ? 'Stream Failure' : 'Stream End',
    STATE_CHANGE,
    reason === 'failure' ? 'StreamFailure' : undefined,
  );
  if (session?.recordingConfiguration) addEvent(session, world, 'Recording End', 'IVS Recording State Change');
  addEvent(session, world, 'Session Ended', STATE_CHANGE);
  if (session) session.endTime = world.nowDate();
  world.ivs.live.delete(channelArn);
}

export function setStreamHealth(world: World, channelArn: string, health: Health): void {
  const live = world.ivs.live.get(channelArn);
  if (!live) throw new Error(`Channel ${channelArn} is not live`);
  if (live.health === health) return;
  const session = world.ivs.sessions.get(live.streamId);
  if (health === 'STARVING') addEvent(session, world, 'Starvation Start', HEALTH_CHANGE);
  else if (live.health === 'STARVING') addEvent(session, world, 'Starvation End', HEALTH_CHANGE);
  live.health = health;
}

export function setStreamViewers(world: World, channelArn: string, viewerCount: number): void {
  const live = world.ivs.live.get(channelArn);
  if (!live) throw new Error(`Channel ${channelArn} is not live`);
  if (!(Number.isInteger(viewerCount) && viewerCount >= -1))
    throw new Error(`viewerCount must be an integer >= -1, got ${viewerCount}`);
  live.viewerCount = viewerCount;
}

function streamView(world: World, live: LiveStream): Record<string, unknown> {
  const channel = findChannel(world, live.channelArn);
  return {
    channelArn: live.channelArn,
    streamId: live.streamId,
    playbackUrl: channel.playbackUrl,
    startTime: live.startTime,
    state: 'LIVE',
    health: live.health,
    viewerCount: live.viewerCount,
  };
}

function sessionView(s: StreamSessionRecord): Record<string, unknown> {
  return {
    streamId: s.streamId,
    startTime: s.startTime,
    endTime: s.endTime,
    channel: s.channel,
    ingestConfiguration: {
      video: {
        codec: 'avc1.64001F',
        encoder: 'obs-output module',
        targetBitrate: 6000000,
        targetFramerate: 30,
        videoHeight: 720,
        videoWidth: 1280,
        level: '3.1',
        profile: 'High',
        track: 'Track0',
      },
      audio: { channels: 2, codec: 'mp4a.40.2', sampleRate: 48000, targetBitrate: 160000, track: 'Track0' },
    },
    recordingConfiguration: s.recordingConfiguration,
    // Newest first, at most 500, as the service truncates them.
    truncatedEvents: [...s.events].reverse().slice(0, 500),
  };
}

export const streamHandlers: HandlerTable = {
  GetStream: (input, { world }) => ({ stream: streamView(world, liveStreamOf(world, input.channelArn)) }),

  ListStreams: (input, { world }) => {
    const health = (input.filterBy as { health?: string } | undefined)?.health;
    const streams = [...world.ivs.live.values()].filter((s) => health === undefined || s.health === health);
    const { page, nextToken } = paginate(streams, {
      nextToken: input.nextToken,
      maxResults: input.maxResults,
      scope: `ListStreams:${health ?? ''}`,
      defaultMax: 100,
    });
    return {
      streams: page.map((s) => ({
        channelArn: s.channelArn,
        streamId: s.streamId,
        state: 'LIVE',
        health: s.health,
        viewerCount: s.viewerCount,
        startTime: s.startTime,
      })),
      nextToken,
    };
  },

  StopStream: (input, { world }) => {
    const live = liveStreamOf(world, input.channelArn);
    endStream(world, live.channelArn, 'end');
    return {};
  },

  PutMetadata: (input, { world }) => {
    liveStreamOf(world, input.channelArn);
    const bytes = Buffer.byteLength(input.metadata as string, 'utf8');
    if (bytes > 1024)
      throw validation(
        `Value at 'metadata' failed to satisfy constraint: Member must be at most 1 KB (got ${bytes} bytes)`,
      );
    return {};
  },

  InsertAdBreak: (input, { world }) => {
    const live = liveStreamOf(world, input.channelArn);
    const channel = findChannel(world, live.channelArn);
    if (!channel.adConfigurationArn) {
      throw validation(
        `Channel ${channel.arn} has no ad configuration: set adConfigurationArn before inserting ad breaks`,
      );
    }
    // The model's AdBreakId: exactly 12 letters or digits.
    return { adBreakId: world.rng.chars(12) };
  },

  GetStreamSession: (input, { world }) => {
    const channel = findChannel(world, input.channelArn);
    const sessions = [...world.ivs.sessions.values()].filter((s) => s.channelArn === channel.arn);
    const session =
      input.streamId === undefined
        ? sessions.sort((a, b) => b.seq - a.seq)[0]
        : sessions.find((s) => s.streamId === input.streamId);
    if (!session) {
      throw new SimError(
        'ResourceNotFoundException',
        input.streamId === undefined
          ? `Channel ${channel.arn} has no stream sessions`
          : `Stream session not found: ${String(input.streamId)}`,
      );
    }
    return { streamSession: sessionView(session) };
  },

  ListStreamSessions: (input, { world }) => {
    const channel = findChannel(world, input.channelArn);
    const sessions = [...world.ivs.sessions.values()].filter((s) => s.channelArn === channel.arn);
    const { page, nextToken } = paginate(sessions, {
      nextToken: input.nextToken,
      maxResults: input.maxResults,
      scope: `ListStreamSessions:${channel.arn}`,
      defaultMax: 100,
      newestFirst: true,
    });
    return {
      streamSessions: page.map((s) => ({
        streamId: s.streamId,
        startTime: s.startTime,
        endTime: s.endTime,
        hasErrorEvent: s.events.some((e) => e.code !== undefined),
      })),
      nextToken,
    };
  },
};
