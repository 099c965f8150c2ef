import {
  CreateIngestConfigurationCommand,
  CreateParticipantTokenCommand,
  CreateStageCommand,
  DisconnectParticipantCommand,
  GetCompositionCommand,
  GetParticipantCommand,
  GetStageCommand,
  GetStageSessionCommand,
  ListCompositionsCommand,
  ListEncoderConfigurationsCommand,
  ListIngestConfigurationsCommand,
  ListParticipantEventsCommand,
  ListParticipantReplicasCommand,
  ListParticipantsCommand,
  ListPublicKeysCommand,
  ListStageSessionsCommand,
  ListStagesCommand,
  ListStorageConfigurationsCommand,
  StartCompositionCommand,
  TagResourceCommand,
  UpdateStageCommand,
  type IVSRealTimeClient,
} from '@aws-sdk/client-ivs-realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, startTestSimulator, type TestSimulator } from './harness.js';

/**
 * Every limit of the operation table, as the real client meets it: a 400
 * ValidationException whose message names the member and the rule, and no state change.
 */
describe('IVS RealTime input validation through the real IVSRealTimeClient', () => {
  let t: TestSimulator;
  let stageArn: string;
  let sessionId: string;
  beforeAll(async () => {
    t = await startTestSimulator();
    stageArn = t.sim.control.realtime.createStage({ name: 'v' }).arn;
    sessionId = t.sim.control.realtime.join(stageArn, { userId: 'x' }).sessionId;
  });
  afterAll(() => t.stop());

  const channelArn = 'arn:aws:ivs:us-east-1:123456789012:channel/abc';
  const tags51 = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
  const cases: Array<[string, (c: IVSRealTimeClient) => Promise<unknown>, RegExp]> = [
    ['an ARN of the wrong resource type', (c) => c.send(new GetStageCommand({ arn: channelArn })), /'arn'.*\(stage\)/],
    ['a malformed ARN', (c) => c.send(new GetCompositionCommand({ arn: 'composition/abc' })), /'arn'.*composition/],
    ['a missing required member', (c) => c.send(new GetStageCommand({} as { arn: string })), /'arn'.*must not be null/],
    [
      'maxResults 0',
      (c) => c.send(new ListStagesCommand({ maxResults: 0 })),
      /'maxResults'.*greater than or equal to 1/,
    ],
    [
      'maxResults 101',
      (c) => c.send(new ListCompositionsCommand({ maxResults: 101 })),
      /'maxResults'.*less than or equal to 100/,
    ],
    [
      'maxResults 101 (ListEncoderConfigurations)',
      (c) => c.send(new ListEncoderConfigurationsCommand({ maxResults: 101 })),
      /'maxResults'/,
    ],
    [
      'maxResults 101 (ListStorageConfigurations)',
      (c) => c.send(new ListStorageConfigurationsCommand({ maxResults: 101 })),
      /'maxResults'/,
    ],
    ['maxResults 101 (ListPublicKeys)', (c) => c.send(new ListPublicKeysCommand({ maxResults: 101 })), /'maxResults'/],
    [
      'maxResults 101 (ListIngestConfigurations)',
      (c) => c.send(new ListIngestConfigurationsCommand({ maxResults: 101 })),
      /'maxResults'/,
    ],
    [
      'maxResults 0 (ListStageSessions)',
      (c) => c.send(new ListStageSessionsCommand({ stageArn, maxResults: 0 })),
      /'maxResults'/,
    ],
    [
      'ListParticipantReplicas maxResults 51',
      (c) =>
        c.send(new ListParticipantReplicasCommand({ sourceStageArn: stageArn, participantId: 'p', maxResults: 51 })),
      /'maxResults'.*less than or equal to 50/,
    ],
    [
      'a nextToken with foreign characters',
      (c) => c.send(new ListStagesCommand({ nextToken: 'not a token!' })),
      /'nextToken'/,
    ],
    ['a nextToken nobody issued', (c) => c.send(new ListStagesCommand({ nextToken: 'abc' })), /'nextToken'/],
    [
      'two ListParticipants filters',
      (c) =>
        c.send(
          new ListParticipantsCommand({ stageArn, sessionId, filterByUserId: 'x', filterByRecordingState: 'ACTIVE' }),
        ),
      /filterByUserId and filterByRecordingState/,
    ],
    [
      'a recording-state filter the model does not have',
      (c) =>
        c.send(new ListParticipantsCommand({ stageArn, sessionId, filterByRecordingState: 'DISABLED' as 'ACTIVE' })),
      /'filterByRecordingState'/,
    ],
    [
      'a malformed session id',
      (c) => c.send(new GetStageSessionCommand({ stageArn, sessionId: 'session-1' })),
      /'sessionId'/,
    ],
    [
      'a participant id with foreign characters',
      (c) => c.send(new GetParticipantCommand({ stageArn, sessionId, participantId: 'a b' })),
      /'participantId'/,
    ],
    [
      'a participant id with foreign characters (events)',
      (c) => c.send(new ListParticipantEventsCommand({ stageArn, sessionId, participantId: 'a/b' })),
      /'participantId'/,
    ],
    [
      'a disconnect reason over 128',
      (c) => c.send(new DisconnectParticipantCommand({ stageArn, participantId: 'p', reason: 'r'.repeat(129) })),
      /'reason'.*128/,
    ],
    [
      'token duration 0',
      (c) => c.send(new CreateParticipantTokenCommand({ stageArn, duration: 0 })),
      /'duration'.*greater than or equal to 1/,
    ],
    [
      'token duration 20161',
      (c) => c.send(new CreateParticipantTokenCommand({ stageArn, duration: 20161 })),
      /'duration'.*less than or equal to 20160/,
    ],
    [
      'a userId over 128',
      (c) => c.send(new CreateParticipantTokenCommand({ stageArn, userId: 'u'.repeat(129) })),
      /'userId'/,
    ],
    [
      'an unknown capability',
      (c) => c.send(new CreateParticipantTokenCommand({ stageArn, capabilities: ['ADMIN' as 'PUBLISH'] })),
      /'capabilities.1.member'/,
    ],
    [
      'a repeated capability',
      (c) => c.send(new CreateParticipantTokenCommand({ stageArn, capabilities: ['PUBLISH', 'PUBLISH'] })),
      /'capabilities'.*duplicates/,
    ],
    [
      'attributes over 1 KB',
      (c) => c.send(new CreateParticipantTokenCommand({ stageArn, attributes: { a: 'x'.repeat(1024) } })),
      /'attributes'.*1 KB/,
    ],
    ['51 tags', (c) => c.send(new CreateStageCommand({ tags: tags51 })), /'tags'.*50/],
    ['a tag key over 128', (c) => c.send(new CreateStageCommand({ tags: { ['k'.repeat(129)]: 'v' } })), /'tags.key'/],
    [
      'a stage name with spaces',
      (c) => c.send(new CreateStageCommand({ name: 'my stage' })),
      /'name'.*\[a-zA-Z0-9-_\]\*/,
    ],
    ['a name over 128', (c) => c.send(new CreateStageCommand({ name: 'n'.repeat(129) })), /'name'.*128/],
    [
      '13 token configurations',
      (c) => c.send(new CreateStageCommand({ participantTokenConfigurations: Array.from({ length: 13 }, () => ({})) })),
      /'participantTokenConfigurations'.*12/,
    ],
    [
      'a bad token configuration',
      (c) => c.send(new CreateStageCommand({ participantTokenConfigurations: [{}, { duration: 0 }] })),
      /'participantTokenConfigurations.2.member.duration'/,
    ],
    [
      'a repeated capability in a token configuration',
      (c) =>
        c.send(
          new CreateStageCommand({ participantTokenConfigurations: [{ capabilities: ['SUBSCRIBE', 'SUBSCRIBE'] }] }),
        ),
      /'participantTokenConfigurations.1.member.capabilities'/,
    ],
    [
      'a recording reconnect window over 300',
      (c) =>
        c.send(
          new UpdateStageCommand({
            arn: stageArn,
            autoParticipantRecordingConfiguration: {
              storageConfigurationArn: '',
              recordingReconnectWindowSeconds: 301,
            },
          }),
        ),
      /'autoParticipantRecordingConfiguration.recordingReconnectWindowSeconds'/,
    ],
    [
      'a recording configuration without its storage configuration',
      (c) =>
        c.send(
          new UpdateStageCommand({
            arn: stageArn,
            autoParticipantRecordingConfiguration: {} as { storageConfigurationArn: string },
          }),
        ),
      /'autoParticipantRecordingConfiguration.storageConfigurationArn'.*not be null/,
    ],
    [
      'a bad idempotency token',
      (c) =>
        c.send(
          new StartCompositionCommand({
            stageArn,
            idempotencyToken: 'no spaces',
            destinations: [{ channel: { channelArn } }],
          }),
        ),
      /'idempotencyToken'/,
    ],
    [
      'three destinations',
      (c) => c.send(new StartCompositionCommand({ stageArn, destinations: [{}, {}, {}] })),
      /'destinations'.*2/,
    ],
    [
      'a composition channel ARN of the wrong type',
      (c) => c.send(new StartCompositionCommand({ stageArn, destinations: [{ channel: { channelArn: stageArn } }] })),
      /'destinations.1.member.channel.channelArn'/,
    ],
    [
      'ingest configuration filters together',
      (c) => c.send(new ListIngestConfigurationsCommand({ filterByStageArn: stageArn, filterByState: 'INACTIVE' })),
      /filterByStageArn and filterByState/,
    ],
    [
      'an ingest stage ARN of the wrong type',
      (c) => c.send(new CreateIngestConfigurationCommand({ ingestProtocol: 'RTMPS', stageArn: channelArn })),
      /'stageArn'/,
    ],
    [
      '51 tags on TagResource',
      (c) => c.send(new TagResourceCommand({ resourceArn: stageArn, tags: tags51 })),
      /'tags'/,
    ],
  ];

  it.each(cases)('%s is a ValidationException naming the member', async (_label, call, message) => {
    await expectServiceError(call(t.realtime), 'ValidationException', 400, message);
  });

  it('rejected requests change nothing', async () => {
    const before = t.sim.control.realtime.stageArns();
    await expectServiceError(
      t.realtime.send(
        new CreateStageCommand({
          name: 'ok',
          participantTokenConfigurations: [{ attributes: { big: 'x'.repeat(2000) } }],
        }),
      ),
      'ValidationException',
      400,
      /attributes/,
    );
    await expectServiceError(
      t.realtime.send(new CreateStageCommand({ name: 'ok', tags: tags51 })),
      'ValidationException',
      400,
    );
    expect(t.sim.control.realtime.stageArns()).toEqual(before);
  });
});
