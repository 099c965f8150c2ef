import { conflict, notFound, validation } from '../../operations/errors.js';
import type { CompositionDestinationRecord, CompositionRecord } from '../../world/realtime-state.js';
import { paginate } from '../../world/paginate.js';
import type { World } from '../../world/world.js';
import { requireExisting } from '../collection.js';
import type { HandlerTable } from '../types.js';
import { compositionEndTime, compositionState, settleCompositions } from './composition-state.js';
import { findStage } from './lookup.js';

/**
 * Server-side compositions. A composition may start on an empty stage (it then stops by
 * itself after the idle timeout, see composition-state.ts); what it references must
 * exist, and a channel it broadcasts to must be offline and not used by another
 * running composition.
 */

interface Destination {
  name?: string;
  channel?: { channelArn: string; encoderConfigurationArn?: string };
  s3?: { storageConfigurationArn: string; encoderConfigurationArns: string[]; recordingConfiguration?: object };
}

const GRID_DEFAULTS = {
  featuredParticipantAttribute: '',
  omitStoppedVideo: false,
  videoAspectRatio: 'VIDEO',
  gridGap: 2,
  participantOrderAttribute: '',
};
const PIP_DEFAULTS = {
  featuredParticipantAttribute: '',
  omitStoppedVideo: false,
  videoFillMode: 'COVER',
  gridGap: 0,
  pipParticipantAttribute: '',
  pipBehavior: 'STATIC',
  pipOffset: 0,
  pipPosition: 'BOTTOM_RIGHT',
  participantOrderAttribute: '',
};

function findComposition(world: World, arn: unknown): CompositionRecord {
  const c = world.realtime.compositions.get(String(arn));
  if (!c) throw notFound('Composition', String(arn));
  return c;
}

/** Compositions that are not STOPPED, i.e. still holding their channel and configurations. */
export function runningCompositions(world: World): CompositionRecord[] {
  return [...world.realtime.compositions.values()].filter((c) => compositionState(world, c) !== 'STOPPED');
}

/** Every ARN a composition's destinations name. */
export function referencedArns(c: CompositionRecord): string[] {
  return c.destinations.flatMap(({ configuration }) => {
    const d = configuration as Destination;
    return [
      d.channel?.channelArn,
      d.channel?.encoderConfigurationArn,
      d.s3?.storageConfigurationArn,
      ...(d.s3?.encoderConfigurationArns ?? []),
    ].filter((a): a is string => a !== undefined);
  });
}

function layoutOf(input: unknown): Record<string, unknown> {
  const layout = (input ?? {}) as { grid?: object; pip?: object };
  if (layout.grid && layout.pip)
    throw validation("Value at 'layout' failed to satisfy constraint: Member must set at most one of grid and pip");
  return layout.pip ? { pip: { ...PIP_DEFAULTS, ...layout.pip } } : { grid: { ...GRID_DEFAULTS, ...layout.grid } };
}

/** Shape first (ValidationException), then existence (ResourceNotFoundException), then use (ConflictException). */
function checkDestinations(world: World, destinations: Destination[]): void {
  destinations.forEach((d, i) => {
    if (!d.channel === !d.s3)
      throw validation(
        `Value at 'destinations.${i + 1}.member' failed to satisfy constraint: Member must set exactly one of channel and s3`,
      );
  });
  if (destinations.filter((d) => d.channel).length > 1 || destinations.filter((d) => d.s3).length > 1) {
    throw validation(
      "Value at 'destinations' failed to satisfy constraint: Member must hold one channel destination, one s3 destination, or one of each",
    );
  }
  for (const d of destinations) {
    if (d.channel) {
      requireExisting(world.ivs.channels, d.channel.channelArn, 'Channel');
      requireExisting(world.realtime.encoderConfigurations, d.channel.encoderConfigurationArn, 'Encoder configuration');
    }
    if (d.s3) {
      requireExisting(world.realtime.storageConfigurations, d.s3.storageConfigurationArn, 'Storage configuration');
      for (const arn of d.s3.encoderConfigurationArns)
        requireExisting(world.realtime.encoderConfigurations, arn, 'Encoder configuration');
    }
  }
  const running = runningCompositions(world);
  for (const d of destinations) {
    const channelArn = d.channel?.channelArn;
    if (channelArn === undefined) continue;
    if (world.ivs.live.has(channelArn))
      throw conflict(`Channel ${channelArn} is broadcasting; a composition needs an offline channel`);
    const user = running.find((c) => referencedArns(c).includes(channelArn));
    if (user) throw conflict(`Channel ${channelArn} is already the destination of composition ${user.arn}`);
  }
}

function destinationRecord(
  world: World,
  stageArn: string,
  compositionArn: string,
  d: Destination,
): CompositionDestinationRecord {
  const configuration = structuredClone(d) as Record<string, unknown>;
  if (d.s3)
    configuration.s3 = {
      recordingConfiguration: { format: 'HLS', hlsConfiguration: { targetSegmentDurationSeconds: 2 } },
      ...structuredClone(d.s3),
    };
  const id = world.rng.chars(12);
  const stageId = stageArn.split('/')[1] ?? '';
  const compositionId = compositionArn.split('/')[1] ?? '';
  return { id, configuration, recordingPrefix: d.s3 ? `${stageId}/${compositionId}/${id}` : undefined };
}

function view(world: World, c: CompositionRecord, full: boolean): Record<string, unknown> {
  const state = compositionState(world, c);
  const startTime = new Date(c.startedAt);
  const endTime = compositionEndTime(world, c);
  return {
    arn: c.arn,
    stageArn: c.stageArn,
    state,
    ...(full ? { layout: structuredClone(c.layout) } : {}),
    destinations: c.destinations.map((d) => ({
      id: d.id,
      state,
      startTime,
      endTime,
      ...(full
        ? {
            configuration: structuredClone(d.configuration),
            ...(d.recordingPrefix ? { detail: { s3: { recordingPrefix: d.recordingPrefix } } } : {}),
          }
        : {}),
    })),
    tags: { ...world.tags.get(c.arn) },
    startTime,
    endTime,
  };
}

export const compositionHandlers: HandlerTable = {
  /**
   * With an `idempotencyToken`, a retry of the same request returns the composition it
   * started; the same token with different parameters is a ConflictException.
   */
  StartComposition: (input, { world }) => {
    const stage = findStage(world, input.stageArn);
    const destinations = input.destinations as Destination[];
    const layout = layoutOf(input.layout);
    const token = input.idempotencyToken as string | undefined;
    const requestFingerprint = JSON.stringify([stage.arn, layout, destinations, input.tags ?? {}]);
    if (token !== undefined) {
      const earlier = [...world.realtime.compositions.values()].find((c) => c.idempotencyToken === token);
      if (earlier && earlier.requestFingerprint === requestFingerprint)
        return { composition: view(world, earlier, true) };
      if (earlier)
        throw conflict(`idempotencyToken ${token} was used for a different StartComposition request (${earlier.arn})`);
    }
    checkDestinations(world, destinations);
    settleCompositions(world, stage.arn);
    const arn = world.arn('composition');
    const c: CompositionRecord = {
      arn,
      seq: world.nextSeq(),
      stageArn: stage.arn,
      layout,
      destinations: destinations.map((d) => destinationRecord(world, stage.arn, arn, d)),
      idempotencyToken: token,
      requestFingerprint,
      startedAt: world.now(),
      stopAt: undefined,
      failed: false,
      announced: 'none',
    };
    world.realtime.compositions.set(c.arn, c);
    world.registerTags(c.arn, input.tags as Record<string, string> | undefined);
    return { composition: view(world, c, true) };
  },

  GetComposition: (input, { world }) => ({ composition: view(world, findComposition(world, input.arn), true) }),

  /** Stopping a stopping or stopped composition changes nothing. */
  StopComposition: (input, { world }) => {
    const c = findComposition(world, input.arn);
    settleCompositions(world, c.stageArn);
    if (c.stopAt === undefined) c.stopAt = world.now();
    return {};
  },

  ListCompositions: (input, { world }) => {
    const encoder = input.filterByEncoderConfigurationArn as string | undefined;
    const items = [...world.realtime.compositions.values()].filter(
      (c) =>
        (input.filterByStageArn === undefined || c.stageArn === input.filterByStageArn) &&
        (encoder === undefined || referencedArns(c).includes(encoder)),
    );
    const scope = `ListCompositions:${String(input.filterByStageArn)}:${String(encoder)}`;
    const { page, nextToken } = paginate(items, {
      nextToken: input.nextToken,
      maxResults: input.maxResults,
      defaultMax: 100,
      scope,
    });
    return { compositions: page.map((c) => view(world, c, false)), nextToken };
  },
};
