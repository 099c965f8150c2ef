import type { StageRecord } from '../../world/realtime-state.js';
import { paginate } from '../../world/paginate.js';
import type { World } from '../../world/world.js';
import type { HandlerTable } from '../types.js';
import { settleCompositions } from './composition-state.js';
import { checkAttributes, checkCapabilities } from './limits.js';
import { connectedIn, findStage } from './lookup.js';
import { checkRecordingChangeAllowed, recordingConfig } from './participant-recording.js';
import { createToken, tokenView } from './participant-tokens.js';
import { leaveStage } from './presence.js';

/** CreateStage's semantics, shared with the `createStage` control move. */
export function createStage(
  world: World,
  input: { name?: unknown; tags?: unknown; autoParticipantRecordingConfiguration?: unknown },
): StageRecord {
  const recording = recordingConfig(world, input.autoParticipantRecordingConfiguration);
  const id = world.newId();
  const host = `${id.toLowerCase()}.global-contribute.live-video.net`;
  const stage: StageRecord = {
    arn: world.arn('stage', id),
    seq: world.nextSeq(),
    name: (input.name as string | undefined) ?? '',
    activeSessionId: undefined,
    recording,
    endpoints: {
      events: 'wss://global.events.live-video.net',
      whip: 'https://global.whip.live-video.net',
      rtmp: `rtmp://${host}/app/`,
      rtmps: `rtmps://${host}:443/app/`,
    },
    emptySince: world.now(),
  };
  world.realtime.stages.set(stage.arn, stage);
  world.registerTags(stage.arn, input.tags as Record<string, string> | undefined);
  return stage;
}

/**
 * DeleteStage: "Shuts down and deletes the specified stage (disconnecting all
 * participants)". Its compositions stop, and ingest configurations attached to it are
 * detached (their `stageArn` becomes "").
 */
export function deleteStage(world: World, stage: StageRecord): void {
  // A composition that already stopped by itself keeps its end time.
  settleCompositions(world, stage.arn);
  for (const p of connectedIn(world, stage.activeSessionId)) leaveStage(world, p, 'disconnected');
  for (const c of world.realtime.compositions.values()) {
    if (c.stageArn !== stage.arn || c.stopAt !== undefined) continue;
    c.stopAt = world.now();
    c.failed = true;
  }
  for (const ic of world.realtime.ingestConfigurations.values()) if (ic.stageArn === stage.arn) ic.stageArn = '';
  world.realtime.stages.delete(stage.arn);
  world.forgetTags(stage.arn);
}

function stageView(world: World, s: StageRecord): Record<string, unknown> {
  return {
    arn: s.arn,
    name: s.name,
    activeSessionId: s.activeSessionId,
    autoParticipantRecordingConfiguration: structuredClone(s.recording),
    endpoints: { ...s.endpoints },
    tags: { ...world.tags.get(s.arn) },
  };
}

export const stageHandlers: HandlerTable = {
  CreateStage: (input, { world }) => {
    const configs = (input.participantTokenConfigurations as Array<Record<string, unknown>> | undefined) ?? [];
    const member = (i: number) => `participantTokenConfigurations.${i + 1}.member.`;
    // Every token configuration is checked before anything is created.
    configs.forEach((c, i) => {
      checkAttributes(`${member(i)}attributes`, c.attributes);
      checkCapabilities(`${member(i)}capabilities`, c.capabilities);
    });
    const stage = createStage(world, input);
    const participantTokens = configs.map((c, i) => tokenView(createToken(world, stage.arn, c, member(i))));
    return { stage: stageView(world, stage), participantTokens };
  },

  GetStage: (input, { world }) => ({ stage: stageView(world, findStage(world, input.arn)) }),

  UpdateStage: (input, { world }) => {
    const stage = findStage(world, input.arn);
    if (input.autoParticipantRecordingConfiguration !== undefined) {
      const next = recordingConfig(world, input.autoParticipantRecordingConfiguration);
      if (JSON.stringify(next) !== JSON.stringify(stage.recording)) checkRecordingChangeAllowed(world, stage);
      stage.recording = next;
    }
    if (typeof input.name === 'string') stage.name = input.name;
    return { stage: stageView(world, stage) };
  },

  DeleteStage: (input, { world }) => {
    deleteStage(world, findStage(world, input.arn));
    return {};
  },

  ListStages: (input, { world }) => {
    const { page, nextToken } = paginate(world.realtime.stages.values(), {
      nextToken: input.nextToken,
      maxResults: input.maxResults,
      defaultMax: 50,
      scope: 'ListStages',
    });
    return {
      stages: page.map((s) => ({
        arn: s.arn,
        name: s.name,
        activeSessionId: s.activeSessionId,
        tags: { ...world.tags.get(s.arn) },
      })),
      nextToken,
    };
  },
};
