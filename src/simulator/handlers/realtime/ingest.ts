import { conflict } from '../../errors.js';
import type { IngestConfigurationRecord } from '../../world/realtime-state.js';
import { paginate } from '../../world/paginate.js';
import type { World } from '../../world/world.js';
import { collectionHandlers, requireExisting } from '../collection.js';
import type { HandlerTable } from '../types.js';

/**
 * Ingest configurations let an RTMP(S) encoder publish into a stage as a participant.
 * The simulator has no media, so a configuration is ACTIVE only while its participant
 * is connected and publishing on the stage (possible through `control.realtime.join`).
 */
function state(world: World, r: IngestConfigurationRecord): 'ACTIVE' | 'INACTIVE' {
  const stage = world.realtime.stages.get(r.stageArn);
  const p = stage?.activeSessionId ? world.realtime.participants.get(`${stage.activeSessionId}|${r.participantId}`) : undefined;
  return p?.state === 'CONNECTED' && p.publishing ? 'ACTIVE' : 'INACTIVE';
}

function summary(world: World, r: IngestConfigurationRecord): Record<string, unknown> {
  return { name: r.name, arn: r.arn, ingestProtocol: r.ingestProtocol, stageArn: r.stageArn, participantId: r.participantId, state: state(world, r), userId: r.userId, redundantIngest: r.redundantIngest };
}

const crud = collectionHandlers<IngestConfigurationRecord>({
  label: 'Ingest configuration',
  arnType: 'ingest-configuration',
  singular: 'ingestConfiguration',
  plural: 'ingestConfigurations',
  ops: { create: 'CreateIngestConfiguration', get: 'GetIngestConfiguration', update: 'UpdateIngestConfiguration', delete: 'DeleteIngestConfiguration' },
  store: (w) => w.realtime.ingestConfigurations,
  create: (input, base, { world }) => {
    requireExisting(world.realtime.stages, input.stageArn, 'Stage');
    return {
      ...base,
      name: (input.name as string | undefined) ?? '',
      ingestProtocol: input.ingestProtocol as string,
      streamKey: `sk_${world.region}_${world.rng.chars(36)}`,
      stageArn: (input.stageArn as string | undefined) ?? '',
      participantId: world.rng.chars(12),
      userId: (input.userId as string | undefined) ?? '',
      attributes: { ...(input.attributes as Record<string, string> | undefined) },
      insecureIngest: (input.insecureIngest as boolean | undefined) ?? false,
      redundantIngest: (input.redundantIngest as boolean | undefined) ?? false,
    };
  },
  update: (r, input, { world }) => {
    requireExisting(world.realtime.stages, input.stageArn, 'Stage');
    if (state(world, r) === 'ACTIVE' && input.stageArn !== undefined && input.stageArn !== r.stageArn) {
      throw conflict(`Ingest configuration ${r.arn} is publishing; it cannot move to another stage now`);
    }
    return { ...r, stageArn: (input.stageArn as string | undefined) ?? r.stageArn, redundantIngest: (input.redundantIngest as boolean | undefined) ?? r.redundantIngest };
  },
  view: (r, world) => ({ ...summary(world, r), streamKey: r.streamKey, attributes: r.attributes, insecureIngest: r.insecureIngest }),
  // `force` deletes even while the configuration is publishing.
  blocksDelete: (r, world, input) => (state(world, r) === 'ACTIVE' && input.force !== true ? 'it is ACTIVE (pass force to delete it anyway)' : undefined),
});

export const ingestHandlers: HandlerTable = {
  ...crud,

  ListIngestConfigurations: (input, { world }) => {
    const items = [...world.realtime.ingestConfigurations.values()].filter(
      (r) => (input.filterByStageArn === undefined || r.stageArn === input.filterByStageArn) && (input.filterByState === undefined || state(world, r) === input.filterByState),
    );
    const scope = `ListIngestConfigurations:${String(input.filterByStageArn)}:${String(input.filterByState)}`;
    const { page, nextToken } = paginate(items, { nextToken: input.nextToken, maxResults: input.maxResults, scope });
    return { ingestConfigurations: page.map((r) => summary(world, r)), nextToken };
  },
};
