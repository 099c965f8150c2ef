import {
  CreateChannelCommand,
  CreateRecordingConfigurationCommand,
  GetChannelCommand,
  StopStreamCommand,
  UpdateChannelCommand,
} from '@aws-sdk/client-ivs';
import {
  CreateEncoderConfigurationCommand,
  CreateStageCommand,
  CreateStorageConfigurationCommand,
  DeleteStageCommand,
  DisconnectParticipantCommand,
  StartCompositionCommand,
  StopCompositionCommand,
} from '@aws-sdk/client-ivs-realtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IvsEvent } from '../../src/simulator/index.js';
import { startTestSimulator, type TestSimulator } from './harness.js';

const START_MS = 2_000;
const STOP_MS = 1_000;
const T0 = Date.parse('2026-11-23T14:00:00Z');

/** Every event kind the simulator sends, for the move or API call that causes it (docs/EVENTS.md). */
describe('EventBridge events from world moves and API calls', () => {
  let t: TestSimulator;
  let now = T0;
  beforeAll(async () => {
    t = await startTestSimulator({
      accountId: '111122223333',
      region: 'eu-west-1',
      clock: () => now,
      timings: { compositionStartMs: START_MS, compositionStopMs: STOP_MS, compositionIdleStopMs: 60_000 },
    });
  });
  afterAll(() => t.stop());
  beforeEach(() => t.sim.control.events.clear());

  const emitted = (type?: string) => t.sim.control.events.emitted(type ? { detailType: type } : {});
  const API_CALL = 'AWS API Call via CloudTrail';
  async function s3Destination() {
    const sto = await t.realtime.send(new CreateStorageConfigurationCommand({ s3: { bucketName: 'comp' } }));
    const enc = await t.realtime.send(new CreateEncoderConfigurationCommand({ name: 'enc' }));
    const s3 = {
      storageConfigurationArn: sto.storageConfiguration?.arn as string,
      encoderConfigurationArns: [enc.encoderConfiguration?.arn as string],
    };
    return [{ s3 }];
  }
  const names = (events: IvsEvent[]) => events.map((e) => e.detail.event_name ?? e.detail.recording_status);

  it('a channel going live, starving, recovering and ending: the envelope and the exact detail', () => {
    const ivs = t.sim.control.ivs;
    const { arn } = ivs.createChannel({ name: 'ch-live' });
    now = T0 + 1_000;
    const { streamId } = ivs.goLive(arn);
    now = T0 + 2_000;
    ivs.setHealth(arn, 'STARVING');
    ivs.setHealth(arn, 'STARVING'); // no change, no event
    now = T0 + 3_000;
    ivs.setHealth(arn, 'HEALTHY');
    now = T0 + 4_000;
    ivs.goOffline(arn);
    const events = emitted();
    expect(events.map((e) => [e['detail-type'], e.detail.event_name])).toEqual([
      ['IVS Stream State Change', 'Session Created'],
      ['IVS Stream State Change', 'Stream Start'],
      ['IVS Stream Health Change', 'Starvation Start'],
      ['IVS Stream Health Change', 'Starvation End'],
      ['IVS Stream State Change', 'Stream End'],
      ['IVS Stream State Change', 'Session Ended'],
    ]);
    expect(events[1]).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      'detail-type': 'IVS Stream State Change',
      source: 'aws.ivs',
      account: '111122223333',
      time: new Date(T0 + 1_000).toISOString(),
      region: 'eu-west-1',
      resources: [arn],
      detail: { event_name: 'Stream Start', channel_name: 'ch-live', stream_id: streamId },
    });
    expect(events[2]?.detail).toEqual({ event_name: 'Starvation Start', channel_name: 'ch-live', stream_id: streamId });
    expect(events.map((e) => e.time)).toEqual([1, 1, 2, 3, 4, 4].map((s) => new Date(T0 + s * 1_000).toISOString()));
    expect(new Set(events.map((e) => e.id)).size).toBe(6);
  });

  it('a failing stream sends Stream Failure with a reason; StopStream (the API) sends Stream End', async () => {
    const ivs = t.sim.control.ivs;
    const { arn } = ivs.createChannel({ name: 'ch-fail' });
    const { streamId } = ivs.goLive(arn);
    ivs.goOffline(arn, { reason: 'failure' });
    expect(emitted().find((e) => e.detail.event_name === 'Stream Failure')?.detail).toEqual({
      event_name: 'Stream Failure',
      channel_name: 'ch-fail',
      stream_id: streamId,
      reason: 'The simulated broadcast failed.',
    });
    t.sim.control.events.clear();
    const second = ivs.goLive(arn).streamId;
    t.sim.control.events.clear();
    await t.ivs.send(new StopStreamCommand({ channelArn: arn }));
    expect(
      emitted().map((e) => [e.detail.event_name ?? e.detail.eventName, e.detail.stream_id, e.resources[0]]),
    ).toEqual([
      ['Stream End', second, arn],
      ['Session Ended', second, arn],
      // The API call itself, as CloudTrail reports it, after the change it made.
      ['StopStream', undefined, undefined],
    ]);
  });

  it('an IVS call that changes something sends its CloudTrail record, secrets hidden; reads and failed calls send none', async () => {
    t.sim.control.events.clear();
    const { channel, streamKey } = await t.ivs.send(new CreateChannelCommand({ name: 'ch-trail' }));
    await t.ivs.send(new GetChannelCommand({ arn: channel?.arn }));
    await t.ivs.send(new UpdateChannelCommand({ arn: channel?.arn as string, name: 'renamed' }));
    await expect(t.ivs.send(new UpdateChannelCommand({ arn: `${channel?.arn}0`, name: 'x' }))).rejects.toThrow();
    const calls = emitted(API_CALL);
    expect(calls.map((e) => e.detail.eventName)).toEqual(['CreateChannel', 'UpdateChannel']);
    const [create, update] = calls;
    expect(create).toMatchObject({ source: 'aws.ivs', resources: [], account: '111122223333' });
    expect(create?.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(create?.detail).toMatchObject({
      eventSource: 'ivs.amazonaws.com',
      eventName: 'CreateChannel',
      eventTime: create?.time,
      readOnly: false,
      eventType: 'AwsApiCall',
      requestParameters: { name: 'ch-trail' },
      responseElements: { channel: { arn: channel?.arn }, streamKey: { value: 'HIDDEN_DUE_TO_SECURITY_REASONS' } },
    });
    expect(JSON.stringify(calls)).not.toContain(String(streamKey?.value));
    expect(update?.detail).toMatchObject({ requestParameters: { arn: channel?.arn, name: 'renamed' } });
  });

  it('a recording channel sends IVS Recording State Change at start and end, with the recording fields', async () => {
    const rec = await t.ivs.send(
      new CreateRecordingConfigurationCommand({ destinationConfiguration: { s3: { bucketName: 'vods' } } }),
    );
    const { channel } = await t.ivs.send(
      new CreateChannelCommand({ name: 'ch-rec', recordingConfigurationArn: rec.recordingConfiguration?.arn }),
    );
    const arn = channel?.arn as string;
    now = Date.parse('2026-11-23T15:04:00Z');
    const { streamId } = t.sim.control.ivs.goLive(arn);
    now += 90_000;
    t.sim.control.ivs.goOffline(arn);
    const [start, end] = emitted('IVS Recording State Change');
    const prefix = `ivs/v1/111122223333/${arn.split('/')[1]}/2026/11/23/15/4/${streamId.slice(-12)}`;
    const common = {
      channel_name: 'ch-rec',
      stream_id: streamId,
      recording_status_reason: '',
      recording_s3_bucket_name: 'vods',
      recording_s3_key_prefix: prefix,
      recording_session_id: streamId.slice(3, 19),
    };
    expect(start?.detail).toEqual({ ...common, recording_status: 'Recording Start', recording_duration_ms: 0 });
    expect(end?.detail).toEqual({
      ...common,
      recording_status: 'Recording End',
      recording_duration_ms: 90_000,
      recording_session_stream_ids: [streamId],
    });
    expect(names(emitted().filter((e) => e['detail-type'] !== API_CALL))).toEqual([
      'Session Created',
      'Stream Start',
      'Recording Start',
      'Stream End',
      'Recording End',
      'Session Ended',
    ]);
  });

  it('stage participants publishing and unpublishing send IVS Stage Update; joining and leaving send none, as on AWS', () => {
    const rt = t.sim.control.realtime;
    const { arn } = rt.createStage({ name: 'st-moves' });
    now = T0 + 10_000;
    const p = rt.join(arn, { userId: 'alice', publish: true });
    rt.unpublish(arn, p.participantId);
    rt.leave(arn, p.participantId);
    const events = emitted();
    expect(events.every((e) => e['detail-type'] === 'IVS Stage Update' && e.resources[0] === arn)).toBe(true);
    expect(names(events)).toEqual(['Participant Published', 'Participant Unpublished']);
    expect(events[0]?.detail).toEqual({
      session_id: p.sessionId,
      event_name: 'Participant Published',
      user_id: 'alice',
      participant_id: p.participantId,
      event_time: new Date(T0 + 10_000).toISOString(),
    });
  });

  it('publishing without the PUBLISH capability sends Participant Publish Error', async () => {
    const { stage, participantTokens } = await t.realtime.send(
      new CreateStageCommand({
        name: 'st-nocap',
        participantTokenConfigurations: [{ userId: 'viewer', capabilities: ['SUBSCRIBE'] }],
      }),
    );
    const rt = t.sim.control.realtime;
    const p = rt.join(stage?.arn as string, { token: participantTokens?.[0]?.token });
    expect(() => rt.publish(stage?.arn as string, p.participantId)).toThrow(/PUBLISH capability/);
    expect(emitted().at(-1)?.detail).toMatchObject({
      event_name: 'Participant Publish Error',
      user_id: 'viewer',
      participant_id: p.participantId,
    });
  });

  it('DisconnectParticipant (the API) sends Participant Unpublished, and no leave event', async () => {
    const rt = t.sim.control.realtime;
    const { arn } = rt.createStage({ name: 'st-kick' });
    const p = rt.join(arn, { userId: 'bob', publish: true });
    t.sim.control.events.clear();
    await t.realtime.send(new DisconnectParticipantCommand({ stageArn: arn, participantId: p.participantId }));
    expect(emitted().map((e) => [e.detail.event_name, e.detail.participant_id, e.detail.session_id])).toEqual([
      ['Participant Unpublished', p.participantId, p.sessionId],
    ]);
  });

  it('a recorded publisher sends IVS Participant Recording State Change when recording starts and ends', async () => {
    const sto = await t.realtime.send(new CreateStorageConfigurationCommand({ s3: { bucketName: 'rt-rec' } }));
    const { stage } = await t.realtime.send(
      new CreateStageCommand({
        name: 'st-rec',
        autoParticipantRecordingConfiguration: { storageConfigurationArn: sto.storageConfiguration?.arn as string },
      }),
    );
    const arn = stage?.arn as string;
    const rt = t.sim.control.realtime;
    const p = rt.join(arn, { userId: 'carol' });
    rt.publish(arn, p.participantId);
    rt.leave(arn, p.participantId);
    const events = emitted('IVS Participant Recording State Change');
    const common = {
      session_id: p.sessionId,
      participant_id: p.participantId,
      recording_s3_bucket_name: 'rt-rec',
      recording_s3_key_prefix: `${arn.split('/')[1]}/${p.sessionId}/${p.participantId}`,
    };
    expect(events.map((e) => e.detail)).toEqual([
      { ...common, event_name: 'Recording Start' },
      { ...common, event_name: 'Recording End' },
    ]);
    expect(events.map((e) => e.resources)).toEqual([[arn], [arn]]);
  });

  it('compositions send Session Start when ACTIVE and Session End when STOPPED, timed at the change', async () => {
    const rt = t.sim.control.realtime;
    const stageArn = rt.createStage({ name: 'st-comp' }).arn;
    rt.join(stageArn, { userId: 'host', publish: true });
    now = T0 + 100_000;
    const destinations = await s3Destination();
    const { composition } = await t.realtime.send(new StartCompositionCommand({ stageArn, destinations }));
    const arn = composition?.arn as string;
    const compositionEvents = () => emitted('IVS Composition State Change');
    now += START_MS - 1;
    expect(compositionEvents()).toEqual([]);
    now += 500;
    const [start] = compositionEvents();
    expect(start).toMatchObject({
      resources: [arn],
      time: new Date(T0 + 100_000 + START_MS).toISOString(),
      detail: { event_name: 'Session Start', stage_arn: stageArn },
    });
    now += 5_000;
    await t.realtime.send(new StopCompositionCommand({ arn }));
    const stoppedAt = now;
    now += STOP_MS + 10;
    expect(compositionEvents().map((e) => [e.detail.event_name, e.time])).toEqual([
      ['Session Start', new Date(T0 + 100_000 + START_MS).toISOString()],
      ['Session End', new Date(stoppedAt + STOP_MS).toISOString()],
    ]);
    now += 10_000;
    expect(compositionEvents()).toHaveLength(2); // each change is sent once
  });

  it('a composition whose stage is deleted sends Session Failure', async () => {
    const stageArn = t.sim.control.realtime.createStage({ name: 'st-doomed' }).arn;
    const destinations = await s3Destination();
    const { composition } = await t.realtime.send(new StartCompositionCommand({ stageArn, destinations }));
    now += START_MS;
    const deletedAt = now;
    await t.realtime.send(new DeleteStageCommand({ arn: stageArn }));
    now += STOP_MS;
    expect(emitted('IVS Composition State Change').map((e) => [e.detail, e.resources[0], e.time])).toEqual([
      [{ event_name: 'Session Start', stage_arn: stageArn }, composition?.arn, new Date(deletedAt).toISOString()],
      [{ event_name: 'Session Failure', stage_arn: stageArn }, composition?.arn, new Date(deletedAt).toISOString()],
    ]);
  });

  it('no event carries a stream key or a participant token', async () => {
    const { stage, participantTokens } = await t.realtime.send(
      new CreateStageCommand({ name: 'st-secret', participantTokenConfigurations: [{ userId: 'dan' }] }),
    );
    const token = participantTokens?.[0]?.token as string;
    t.sim.control.realtime.join(stage?.arn as string, { token, publish: true });
    const { channel, streamKey } = await t.ivs.send(new CreateChannelCommand({ name: 'ch-secret' }));
    t.sim.control.ivs.goLive(channel?.arn as string);
    const text = JSON.stringify(emitted());
    expect(text).toContain('dan');
    expect(text).not.toContain(token);
    expect(text).not.toContain(streamKey?.value as string);
  });
});
