import { notFound, validation } from '../../errors.js';
import type { CompositionRecord } from '../../world/realtime-state.js';
import { paginate } from '../../world/paginate.js';
import type { World } from '../../world/world.js';
import { requireExisting } from '../collection.js';
import type { HandlerTable } from '../types.js';
import { compositionEndTime, compositionState, settleCompositions } from './composition-state.js';
import { findStage } from './presence.js';

function findComposition(world: World, arn: unknown): CompositionRecord {
  const c = world.realtime.compositions.get(arn as string);
  if (!c) throw notFound('Composition', String(arn));
  return c;
}

/** Every ARN a destination names must exist: channels in IVS, configurations in RealTime. */
function checkDestination(world: World, d: Record<string, unknown>, i: number): void {
  const channel = d.channel as Record<string, unknown> | undefined;
  const s3 = d.s3 as Record<string, unknown> | undefined;
  if (!channel === !s3) throw validation(`Value at 'destinations.${i + 1}.member' failed to satisfy constraint: exactly one of channel and s3 must be set`);
  if (channel) {
    requireExisting(world.ivs.channels, channel.channelArn, 'Channel');
    requireExisting(world.realtime.encoderConfigurations, channel.encoderConfigurationArn, 'Encoder configuration');
  }
  if (s3) {
    requireExisting(world.realtime.storageConfigurations, s3.storageConfigurationArn, 'Storage configuration');
    for (const arn of (s3.encoderConfigurationArns as string[] | undefined) ?? []) requireExisting(world.realtime.encoderConfigurations, arn, 'Encoder configuration');
  }
}

function view(world: World, c: CompositionRecord, full: boolean): Record<string, unknown> {
  const state = compositionState(world, c);
  const startTime = new Date(c.startedAt);
  const endTime = compositionEndTime(world, c);
  return {
    arn: c.arn,
    stageArn: c.stageArn,
    state,
    ...(full ? { layout: c.layout } : {}),
    destinations: c.destinations.map((d) => ({ id: d.id, state, startTime, endTime, ...(full ? { configuration: d.configuration } : {}) })),
    tags: { ...world.tags.get(c.arn) },
    startTime,
    endTime,
  };
}

/** Compositions that are not STOPPED, i.e. still holding their configurations. */
export function runningCompositions(world: World): CompositionRecord[] {
  return [...world.realtime.compositions.values()].filter((c) => compositionState(world, c) !== 'STOPPED');
}

export const compositionHandlers: HandlerTable = {
  StartComposition: (input, { world }) => {
    const stage = findStage(world, input.stageArn);
    const token = input.idempotencyToken as string | undefined;
    if (token !== undefined) {
      const same = [...world.realtime.compositions.values()].find((c) => c.idempotencyToken === token && c.stageArn === stage.arn);
      if (same) return { composition: view(world, same, true) };
    }
    const destinations = input.destinations as Array<Record<string, unknown>>;
    destinations.forEach((d, i) => checkDestination(world, d, i));
    settleCompositions(world, stage.arn);
    const c: CompositionRecord = {
      arn: world.arn('composition'),
      seq: world.nextSeq(),
      stageArn: stage.arn,
      layout: (input.layout as Record<string, unknown> | undefined) ?? { grid: { featuredParticipantAttribute: '', omitStoppedVideo: false, videoAspectRatio: 'VIDEO', videoFillMode: 'FILL', gridGap: 2 } },
      destinations: destinations.map((configuration) => ({ id: world.rng.chars(12), configuration })),
      idempotencyToken: token,
      startedAt: world.now(),
      stopAt: undefined,
    };
    world.realtime.compositions.set(c.arn, c);
    world.registerTags(c.arn, input.tags as Record<string, string> | undefined);
    return { composition: view(world, c, true) };
  },

  GetComposition: (input, { world }) => ({ composition: view(world, findComposition(world, input.arn), true) }),

  StopComposition: (input, { world }) => {
    const c = findComposition(world, input.arn);
    settleCompositions(world, c.stageArn);
    if (c.stopAt === undefined) c.stopAt = world.now();
    return {};
  },

  ListCompositions: (input, { world }) => {
    const items = [...world.realtime.compositions.values()].filter(
      (c) =>
        (input.filterByStageArn === undefined || c.stageArn === input.filterByStageArn) &&
        (input.filterByEncoderConfigurationArn === undefined || JSON.stringify(c.destinations).includes(`"${String(input.filterByEncoderConfigurationArn)}"`)),
    );
    const scope = `ListCompositions:${String(input.filterByStageArn)}:${String(input.filterByEncoderConfigurationArn)}`;
    const { page, nextToken } = paginate(items, { nextToken: input.nextToken, maxResults: input.maxResults, scope });
    return { compositions: page.map((c) => view(world, c, false)), nextToken };
  },
};
