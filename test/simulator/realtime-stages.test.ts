import {
  CreateParticipantTokenCommand,
  CreateStageCommand,
  DeleteStageCommand,
  DisconnectParticipantCommand,
  GetParticipantCommand,
  GetStageCommand,
  GetStageSessionCommand,
  ListParticipantEventsCommand,
  ListParticipantsCommand,
  ListStageSessionsCommand,
  ListStagesCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-ivs-realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, startTestSimulator, type TestSimulator } from './harness.js';

describe('IVS RealTime stages, sessions and participants through the real IVSRealTimeClient', () => {
  let t: TestSimulator;
  let now = Date.parse('2026-11-23T12:00:00Z');
  beforeAll(async () => {
    t = await startTestSimulator({ clock: () => now });
  });
  afterAll(() => t.stop());

  it('CreateStage returns the stage, endpoints and the tokens asked for; GetStage, UpdateStage', async () => {
    const out = await t.realtime.send(
      new CreateStageCommand({ name: 'studio', tags: { show: 'daily' }, participantTokenConfigurations: [{ userId: 'host', capabilities: ['PUBLISH', 'SUBSCRIBE'] }, { userId: 'guest', duration: 60 }] }),
    );
    const stage = out.stage!;
    expect(stage.arn).toMatch(/^arn:aws:ivs:us-east-1:123456789012:stage\/[a-zA-Z0-9]{12}$/);
    expect(stage).toMatchObject({ name: 'studio', tags: { show: 'daily' } });
    expect(stage.activeSessionId).toBeUndefined();
    expect(stage.endpoints?.whip).toMatch(/^https:\/\//);
    expect(out.participantTokens?.map((p) => p.userId)).toEqual(['host', 'guest']);
    expect(out.participantTokens?.[1]?.expirationTime).toEqual(new Date(now + 60 * 60_000));
    expect(out.participantTokens?.[0]?.token?.split('.')).toHaveLength(3);
    expect((await t.realtime.send(new GetStageCommand({ arn: stage.arn }))).stage).toEqual(stage);
    const updated = await t.realtime.send(new UpdateStageCommand({ arn: stage.arn, name: 'studio-2' }));
    expect(updated.stage?.name).toBe('studio-2');
  });

  it('CreateParticipantToken: defaults (720 min, publish+subscribe), limits named', async () => {
    const { arn } = t.sim.control.realtime.createStage({ name: 'tokens' });
    const { participantToken: tok } = await t.realtime.send(new CreateParticipantTokenCommand({ stageArn: arn, userId: 'u1', attributes: { role: 'host' } }));
    expect(tok).toMatchObject({ userId: 'u1', attributes: { role: 'host' }, duration: 720, capabilities: ['PUBLISH', 'SUBSCRIBE'] });
    expect(tok?.expirationTime).toEqual(new Date(now + 720 * 60_000));
    await expectServiceError(t.realtime.send(new CreateParticipantTokenCommand({ stageArn: arn, duration: 0 })), 'ValidationException', 400, /'duration'.*greater than or equal to 1/);
    await expectServiceError(t.realtime.send(new CreateParticipantTokenCommand({ stageArn: arn, duration: 20161 })), 'ValidationException', 400, /'duration'.*less than or equal to 20160/);
    await expectServiceError(t.realtime.send(new CreateParticipantTokenCommand({ stageArn: 'arn:aws:ivs:us-east-1:123456789012:stage/ghost' })), 'ResourceNotFoundException', 404);
    // A token is how a real client joins: the control move accepts it.
    const joined = t.sim.control.realtime.join(arn, { token: tok!.token! });
    expect(joined.participantId).toBe(tok?.participantId);
    t.sim.control.realtime.leave(arn, joined.participantId);
  });

  it('the whole lifecycle: join → session → publish → filters → leave → DISCONNECTED kept → events → session ends', async () => {
    const { arn } = t.sim.control.realtime.createStage({ name: 'lifecycle' });
    const alice = t.sim.control.realtime.join(arn, { userId: 'alice', attributes: { role: 'host' } });
    now += 1_000;
    const bob = t.sim.control.realtime.join(arn, { userId: 'bob' });
    expect(bob.sessionId).toBe(alice.sessionId);
    expect(alice.sessionId).toMatch(/^st-[a-zA-Z0-9]{13}$/);

    const { stage } = await t.realtime.send(new GetStageCommand({ arn }));
    expect(stage?.activeSessionId).toBe(alice.sessionId);
    const listed = await t.realtime.send(new ListStagesCommand({}));
    expect(listed.stages?.find((s) => s.arn === arn)?.activeSessionId).toBe(alice.sessionId);

    now += 1_000;
    t.sim.control.realtime.publish(arn, alice.participantId);
    const sessionId = alice.sessionId;
    const published = await t.realtime.send(new ListParticipantsCommand({ stageArn: arn, sessionId, filterByPublished: true }));
    expect(published.participants?.map((p) => p.userId)).toEqual(['alice']);
    const connected = await t.realtime.send(new ListParticipantsCommand({ stageArn: arn, sessionId, filterByState: 'CONNECTED' }));
    expect(connected.participants?.map((p) => p.userId)).toEqual(['alice', 'bob']);
    const byUser = await t.realtime.send(new ListParticipantsCommand({ stageArn: arn, sessionId, filterByUserId: 'bob' }));
    expect(byUser.participants?.map((p) => p.participantId)).toEqual([bob.participantId]);

    const { participant } = await t.realtime.send(new GetParticipantCommand({ stageArn: arn, sessionId, participantId: alice.participantId }));
    expect(participant).toMatchObject({ userId: 'alice', state: 'CONNECTED', published: true, attributes: { role: 'host' }, protocol: 'WEBRTC' });
    expect(participant?.firstJoinTime).toEqual(new Date(now - 2_000));
    expect(participant?.browserName).toBeTruthy();

    now += 1_000;
    t.sim.control.realtime.unpublish(arn, alice.participantId);
    now += 1_000;
    t.sim.control.realtime.leave(arn, alice.participantId);
    const afterLeave = await t.realtime.send(new ListParticipantsCommand({ stageArn: arn, sessionId }));
    expect(afterLeave.participants?.map((p) => [p.userId, p.state, p.published])).toEqual([
      ['alice', 'DISCONNECTED', true],
      ['bob', 'CONNECTED', false],
    ]);
    expect((await t.realtime.send(new GetStageCommand({ arn }))).stage?.activeSessionId).toBe(sessionId);

    const events = await t.realtime.send(new ListParticipantEventsCommand({ stageArn: arn, sessionId, participantId: alice.participantId }));
    expect(events.events?.map((e) => e.name)).toEqual(['JOINED', 'PUBLISH_STARTED', 'PUBLISH_STOPPED', 'LEFT']);
    expect(events.events?.map((e) => e.eventTime?.getTime())).toEqual([now - 4_000, now - 2_000, now - 1_000, now]);

    now += 1_000;
    await t.realtime.send(new DisconnectParticipantCommand({ stageArn: arn, participantId: bob.participantId, reason: 'kicked' }));
    const ended = await t.realtime.send(new GetStageCommand({ arn }));
    expect(ended.stage?.activeSessionId).toBeUndefined();
    const session = await t.realtime.send(new GetStageSessionCommand({ stageArn: arn, sessionId }));
    expect(session.stageSession).toEqual({ sessionId, startTime: new Date(now - 5_000), endTime: new Date(now) });
    await expectServiceError(t.realtime.send(new DisconnectParticipantCommand({ stageArn: arn, participantId: bob.participantId })), 'ResourceNotFoundException', 404);

    // A new join opens a new session; sessions list newest first.
    const carol = t.sim.control.realtime.join(arn, { userId: 'carol' });
    expect(carol.sessionId).not.toBe(sessionId);
    const sessions = await t.realtime.send(new ListStageSessionsCommand({ stageArn: arn }));
    expect(sessions.stageSessions?.map((s) => s.sessionId)).toEqual([carol.sessionId, sessionId]);
    t.sim.control.realtime.leave(arn, carol.participantId);
  });

  it('ListParticipants takes one filter at a time; other limits are named', async () => {
    const { arn } = t.sim.control.realtime.createStage({ name: 'filters' });
    const { sessionId, participantId } = t.sim.control.realtime.join(arn, { userId: 'x' });
    await expectServiceError(t.realtime.send(new ListParticipantsCommand({ stageArn: arn, sessionId, filterByPublished: true, filterByState: 'CONNECTED' })), 'ValidationException', 400, /filterByPublished and filterByState/);
    await expectServiceError(t.realtime.send(new ListParticipantsCommand({ stageArn: arn, sessionId, maxResults: 101 })), 'ValidationException', 400, /'maxResults'/);
    await expectServiceError(t.realtime.send(new ListStagesCommand({ maxResults: 0 })), 'ValidationException', 400, /'maxResults'/);
    await expectServiceError(t.realtime.send(new GetStageCommand({ arn: 'arn:aws:ivs:us-east-1:123456789012:channel/abc' })), 'ValidationException', 400, /'arn'.*stage/);
    await expectServiceError(t.realtime.send(new GetStageSessionCommand({ stageArn: arn, sessionId: 'st-doesNotExist1' })), 'ResourceNotFoundException', 404);
    const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    await expectServiceError(t.realtime.send(new CreateStageCommand({ tags })), 'ValidationException', 400, /'tags'/);
    t.sim.control.realtime.leave(arn, participantId);
  });

  it('DeleteStage disconnects everyone, ends the session and deletes the stage', async () => {
    const { arn } = t.sim.control.realtime.createStage({ name: 'doomed' });
    const p = t.sim.control.realtime.join(arn, { userId: 'last', publish: true });
    await t.realtime.send(new DeleteStageCommand({ arn }));
    await expectServiceError(t.realtime.send(new GetStageCommand({ arn })), 'ResourceNotFoundException', 404);
    expect(t.sim.control.realtime.stageArns()).not.toContain(arn);
    expect(() => t.sim.control.realtime.leave(arn, p.participantId)).toThrow(/Stage not found|not found/);
  });

  it('paginates stages and participants with stable tokens', async () => {
    const s = await startTestSimulator({ scenario: { stages: 7 } });
    const seen: string[] = [];
    let nextToken: string | undefined;
    let first = true;
    do {
      const out = await s.realtime.send(new ListStagesCommand({ maxResults: 3, nextToken }));
      seen.push(...(out.stages ?? []).map((x) => x.arn!));
      nextToken = out.nextToken;
      if (first) s.sim.control.realtime.createStage({ name: 'late' });
      first = false;
    } while (nextToken);
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);

    const stageArn = seen[0]!;
    const ids = Array.from({ length: 5 }, (_, i) => s.sim.control.realtime.join(stageArn, { userId: `u${i}` }));
    const sessionId = ids[0]!.sessionId;
    const page1 = await s.realtime.send(new ListParticipantsCommand({ stageArn, sessionId, maxResults: 2 }));
    const page2 = await s.realtime.send(new ListParticipantsCommand({ stageArn, sessionId, maxResults: 2, nextToken: page1.nextToken }));
    const page3 = await s.realtime.send(new ListParticipantsCommand({ stageArn, sessionId, maxResults: 2, nextToken: page2.nextToken }));
    expect([...page1.participants!, ...page2.participants!, ...page3.participants!].map((p) => p.userId)).toEqual(['u0', 'u1', 'u2', 'u3', 'u4']);
    expect(page3.nextToken).toBeUndefined();
    await s.stop();
  });
});
