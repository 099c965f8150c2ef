import { conflict, notFound, validation } from '../../operations/errors.js';
import { participantKey, type IngestConfigurationRecord, type ParticipantRecord } from '../../world/realtime-state.js';
import { paginate } from '../../world/paginate.js';
import type { World } from '../../world/world.js';
import { collectionHandlers, stringOr } from '../collection.js';
import type { HandlerTable } from '../types.js';
import { checkAttributes } from './limits.js';
import { findStage } from './lookup.js';
import { joinStage, leaveStage, setPublishing } from './presence.js';

/**
 * Ingest configurations let an RTMP(S) encoder publish into a stage as a participant.
 * The simulator has no media: the `startIngest` / `stopIngest` control moves stand for
 * the encoder connecting and disconnecting. A configuration is ACTIVE while its
 * participant publishes on its stage.
 */

/** Its participant, connected to its stage right now. */
export function ingestParticipant(world: World, r: IngestConfigurationRecord): ParticipantRecord | undefined {
  const session = world.realtime.stages.get(r.stageArn)?.activeSessionId;
  const p =
    session === undefined ? undefined : world.realtime.participants.get(participantKey(session, r.participantId));
  return p?.state === 'CONNECTED' ? p : undefined;
}

const state = (world: World, r: IngestConfigurationRecord): 'ACTIVE' | 'INACTIVE' =>
  ingestParticipant(world, r)?.publishing ? 'ACTIVE' : 'INACTIVE';

export function findIngestConfiguration(world: World, arn: unknown): IngestConfigurationRecord {
  const r = world.realtime.ingestConfigurations.get(String(arn));
  if (!r) throw notFound('Ingest configuration', String(arn));
  return r;
}

/** The encoder connects: its participant joins the configuration's stage and publishes. */
export function startIngest(world: World, r: IngestConfigurationRecord): ParticipantRecord {
  if (r.stageArn === '') throw conflict(`Ingest configuration ${r.arn} is attached to no stage`);
  const p = joinStage(world, r.stageArn, {
    participantId: r.participantId,
    userId: r.userId,
    attributes: r.attributes,
    capabilities: ['PUBLISH'],
    protocol: r.ingestProtocol,
    ingestConfigurationArn: r.arn,
    redundantIngest: r.redundantIngest,
  });
  setPublishing(world, p, true);
  return p;
}

/** The encoder disconnects. */
export function stopIngest(world: World, r: IngestConfigurationRecord): void {
  const p = ingestParticipant(world, r);
  if (!p) throw conflict(`Ingest configuration ${r.arn} is not publishing`);
  leaveStage(world, p);
}

/** The model's StreamKey shape, `rt_<digits>_<region>_<id>_<secret>`: account, region, the configuration's id, a secret. */
const newStreamKey = (world: World, arn: string) =>
  `rt_${world.accountId}_${world.region}_${arn.slice(arn.lastIndexOf('/') + 1)}_${world.rng.chars(36)}`;
const redundantCredentials = (world: World, arn: string, on: boolean) =>
  on ? [{ participantId: world.rng.chars(12), streamKey: newStreamKey(world, arn) }] : [];

function summary(world: World, r: IngestConfigurationRecord): Record<string, unknown> {
  return {
    name: r.name,
    arn: r.arn,
    ingestProtocol: r.ingestProtocol,
    stageArn: r.stageArn,
    participantId: r.participantId,
    state: state(world, r),
    userId: r.userId,
    redundantIngest: r.redundantIngest,
  };
}

const crud = collectionHandlers<IngestConfigurationRecord>({
  label: 'Ingest configuration',
  arnType: 'ingest-configuration',
  singular: 'ingestConfiguration',
  plural: 'ingestConfigurations',
  ops: {
    create: 'CreateIngestConfiguration',
    get: 'GetIngestConfiguration',
    update: 'UpdateIngestConfiguration',
    delete: 'DeleteIngestConfiguration',
  },
  store: (w) => w.realtime.ingestConfigurations,
  /** CreateIngestConfiguration models no ResourceNotFoundException: an unknown stage is a ValidationException. */
  create: (input, base, { world }) => {
    const protocol = input.ingestProtocol as 'RTMP' | 'RTMPS';
    const insecureIngest = (input.insecureIngest as boolean | undefined) ?? false;
    if (protocol === 'RTMP' && !insecureIngest)
      throw validation(
        "Value at 'insecureIngest' failed to satisfy constraint: Member must be true when ingestProtocol is RTMP",
      );
    const attributes = checkAttributes('attributes', input.attributes);
    const stageArn = stringOr(input.stageArn);
    if (stageArn !== '' && !world.realtime.stages.has(stageArn))
      throw validation(
        `Value at 'stageArn' failed to satisfy constraint: Member must name an existing stage (${stageArn} does not exist)`,
      );
    const redundantIngest = (input.redundantIngest as boolean | undefined) ?? false;
    return {
      ...base,
      name: stringOr(input.name),
      ingestProtocol: protocol,
      streamKey: newStreamKey(world, base.arn),
      stageArn,
      participantId: world.rng.chars(12),
      userId: stringOr(input.userId),
      attributes,
      insecureIngest,
      redundantIngest,
      redundantIngestCredentials: redundantCredentials(world, base.arn, redundantIngest),
    };
  },
  /** "Only the stage ARN attached to the IngestConfiguration can be updated. An IngestConfiguration that is active cannot be updated." */
  update: (r, input, { world }) => {
    if (state(world, r) === 'ACTIVE')
      throw conflict(`Ingest configuration ${r.arn} is ACTIVE (publishing); it cannot be updated now`);
    const stageArn = input.stageArn === undefined ? r.stageArn : String(input.stageArn);
    if (stageArn !== '') findStage(world, stageArn);
    const redundantIngest = (input.redundantIngest as boolean | undefined) ?? r.redundantIngest;
    const redundantIngestCredentials =
      redundantIngest === r.redundantIngest
        ? r.redundantIngestCredentials
        : redundantCredentials(world, r.arn, redundantIngest);
    return { ...r, stageArn, redundantIngest, redundantIngestCredentials };
  },
  view: (r, world) => ({
    ...summary(world, r),
    streamKey: r.streamKey,
    attributes: { ...r.attributes },
    ...(r.redundantIngest ? { redundantIngestCredentials: r.redundantIngestCredentials.map((c) => ({ ...c })) } : {}),
  }),
  blocksDelete: (r, world, input) =>
    state(world, r) === 'ACTIVE' && input.force !== true
      ? 'it is ACTIVE (publishing); pass force to disconnect it and delete it'
      : undefined,
});

const deleteConfiguration = crud.DeleteIngestConfiguration;

export const ingestConfigurationHandlers: HandlerTable = {
  ...crud,

  /** With `force`, a publishing participant is disconnected from the stage, then the configuration is deleted. */
  DeleteIngestConfiguration: (input, ctx) => {
    const r = findIngestConfiguration(ctx.world, input.arn);
    const p = ingestParticipant(ctx.world, r);
    const out = deleteConfiguration?.(input, ctx);
    if (p) leaveStage(ctx.world, p, 'disconnected');
    return out;
  },

  /** Default page: 50. */
  ListIngestConfigurations: (input, { world }) => {
    const items = [...world.realtime.ingestConfigurations.values()].filter(
      (r) =>
        (input.filterByStageArn === undefined || r.stageArn === input.filterByStageArn) &&
        (input.filterByState === undefined || state(world, r) === input.filterByState),
    );
    const scope = `ListIngestConfigurations:${String(input.filterByStageArn)}:${String(input.filterByState)}`;
    const { page, nextToken } = paginate(items, {
      nextToken: input.nextToken,
      maxResults: input.maxResults,
      defaultMax: 50,
      scope,
    });
    return { ingestConfigurations: page.map((r) => summary(world, r)), nextToken };
  },
};
