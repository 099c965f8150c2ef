import {
  CreateParticipantTokenCommand,
  CreateStageCommand,
  CreateStorageConfigurationCommand,
  DisconnectParticipantCommand,
  GetParticipantCommand,
  GetStageCommand,
  GetStageSessionCommand,
  ListParticipantEventsCommand,
  ListParticipantsCommand,
  ListStagesCommand,
} from '@aws-sdk/client-ivs-realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, startTestSimulator, type TestSimulator } from './harness.js';

describe('IVS RealTime participants and their events through the real IVSRealTimeClient', () => {
  let t: TestSimulator;
  let now = Date.parse('2026-11-23T12:00:00Z');
  beforeAll(async () => {
    t = await startTestSimulator({ clock: () => now });
  });
  afterAll(() => t.stop());

  it('the whole lifecycle: join → session → publish → filters → leave → DISCONNECTED kept → events in order → session ends', async () => {
    const rt = t.sim.control.realtime;
    const { arn } = rt.createStage({ name: 'lifecycle' });
    const t0 = now;
    const alice = rt.join(arn, { userId: 'alice', attributes: { role: 'host' } });
    now += 1_000;
    const bob = rt.join(arn, { userId: 'bob' });
    const sessionId = alice.sessionId;
    expect(bob.sessionId).toBe(sessionId);
    expect(rt.connectedParticipantIds(arn)).toEqual([alice.participantId, bob.participantId]);

    // The active session shows in GetStage and in the ListStages summary.
    expect((await t.realtime.send(new GetStageCommand({ arn }))).stage?.activeSessionId).toBe(sessionId);
    expect((await t.realtime.send(new ListStagesCommand({}))).stages?.find((s) => s.arn === arn)?.activeSessionId).toBe(
      sessionId,
    );

    now += 1_000;
    rt.publish(arn, alice.participantId);
    const list = (filter: object) =>
      t.realtime.send(new ListParticipantsCommand({ stageArn: arn, sessionId, ...filter }));
    expect((await list({})).participants?.map((p) => [p.userId, p.state, p.published])).toEqual([
      ['alice', 'CONNECTED', true],
      ['bob', 'CONNECTED', false],
    ]);
    expect((await list({ filterByPublished: true })).participants?.map((p) => p.userId)).toEqual(['alice']);
    expect((await list({ filterByPublished: false })).participants?.map((p) => p.userId)).toEqual(['bob']);
    expect((await list({ filterByState: 'CONNECTED' })).participants?.map((p) => p.userId)).toEqual(['alice', 'bob']);
    expect((await list({ filterByUserId: 'bob' })).participants?.map((p) => p.participantId)).toEqual([
      bob.participantId,
    ]);
    expect((await list({ filterByUserId: 'nobody' })).participants).toEqual([]);

    const { participant } = await t.realtime.send(
      new GetParticipantCommand({ stageArn: arn, sessionId, participantId: alice.participantId }),
    );
    expect(participant).toMatchObject({
      participantId: alice.participantId,
      userId: 'alice',
      state: 'CONNECTED',
      published: true,
      attributes: { role: 'host' },
      protocol: 'UNKNOWN',
      recordingState: 'DISABLED',
      recordingS3BucketName: '',
      replicationType: 'NONE',
      redundantIngest: false,
      ispName: 'Simulated ISP',
    });
    expect(participant?.firstJoinTime).toEqual(new Date(t0));
    expect(participant?.browserName).toMatch(/^(Chrome|Safari|Firefox)$/);
    expect(participant?.osName).toBeTruthy();
    expect(participant?.sdkVersion).toMatch(/^\d+\.\d+\.\d+$/);

    now += 1_000;
    rt.unpublish(arn, alice.participantId);
    now += 1_000;
    rt.leave(arn, alice.participantId);
    // Alice stays listed, DISCONNECTED, still "ever published"; the session goes on with Bob.
    expect((await list({})).participants?.map((p) => [p.userId, p.state, p.published])).toEqual([
      ['alice', 'DISCONNECTED', true],
      ['bob', 'CONNECTED', false],
    ]);
    expect((await list({ filterByState: 'DISCONNECTED' })).participants?.map((p) => p.userId)).toEqual(['alice']);
    expect((await t.realtime.send(new GetStageCommand({ arn }))).stage?.activeSessionId).toBe(sessionId);

    const events = await t.realtime.send(
      new ListParticipantEventsCommand({ stageArn: arn, sessionId, participantId: alice.participantId }),
    );
    expect(events.events?.map((e) => [e.name, e.eventTime?.getTime(), e.participantId])).toEqual([
      ['JOINED', t0, alice.participantId],
      ['PUBLISH_STARTED', t0 + 2_000, alice.participantId],
      ['PUBLISH_STOPPED', t0 + 3_000, alice.participantId],
      ['LEFT', t0 + 4_000, alice.participantId],
    ]);

    // DisconnectParticipant removes the last one: the session ends.
    now += 1_000;
    const out = await t.realtime.send(
      new DisconnectParticipantCommand({ stageArn: arn, participantId: bob.participantId, reason: 'kicked' }),
    );
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect((await t.realtime.send(new GetStageCommand({ arn }))).stage?.activeSessionId).toBeUndefined();
    const session = await t.realtime.send(new GetStageSessionCommand({ stageArn: arn, sessionId }));
    expect(session.stageSession).toEqual({ sessionId, startTime: new Date(t0), endTime: new Date(t0 + 5_000) });
    const bobEvents = await t.realtime.send(
      new ListParticipantEventsCommand({ stageArn: arn, sessionId, participantId: bob.participantId }),
    );
    expect(bobEvents.events?.map((e) => e.name)).toEqual(['JOINED', 'LEFT']);
    // The ended session still lists both, DISCONNECTED.
    expect((await list({})).participants?.map((p) => p.state)).toEqual(['DISCONNECTED', 'DISCONNECTED']);
    expect(rt.connectedParticipantIds(arn)).toEqual([]);
  });

  it('DisconnectParticipant: unknown or already gone participants are ResourceNotFoundException', async () => {
    const { arn } = t.sim.control.realtime.createStage({ name: 'kick' });
    const p = t.sim.control.realtime.join(arn, { userId: 'x' });
    const q = t.sim.control.realtime.join(arn, { userId: 'y' });
    await expectServiceError(
      t.realtime.send(new DisconnectParticipantCommand({ stageArn: arn, participantId: 'nobody' })),
      'ResourceNotFoundException',
      404,
      /nobody/,
    );
    await t.realtime.send(new DisconnectParticipantCommand({ stageArn: arn, participantId: p.participantId }));
    await expectServiceError(
      t.realtime.send(new DisconnectParticipantCommand({ stageArn: arn, participantId: p.participantId })),
      'ResourceNotFoundException',
      404,
    );
    await expectServiceError(
      t.realtime.send(
        new DisconnectParticipantCommand({
          stageArn: 'arn:aws:ivs:us-east-1:123456789012:stage/ghost',
          participantId: q.participantId,
        }),
      ),
      'ResourceNotFoundException',
      404,
      /Stage not found/,
    );
    // The same state function as the `leave` move: leaving someone disconnected is refused there too.
    expect(() => t.sim.control.realtime.leave(arn, p.participantId)).toThrow(/not found/);
    t.sim.control.realtime.leave(arn, q.participantId);
  });

  it('GetParticipant and the lists on unknown things', async () => {
    const { arn } = t.sim.control.realtime.createStage({ name: 'unknowns' });
    const p = t.sim.control.realtime.join(arn, { userId: 'x' });
    await expectServiceError(
      t.realtime.send(new GetParticipantCommand({ stageArn: arn, sessionId: p.sessionId, participantId: 'nobody' })),
      'ResourceNotFoundException',
      404,
    );
    await expectServiceError(
      t.realtime.send(
        new GetParticipantCommand({ stageArn: arn, sessionId: 'st-0000000000000', participantId: p.participantId }),
      ),
      'ResourceNotFoundException',
      404,
    );
    // ListParticipants / ListParticipantEvents model no ResourceNotFoundException: nothing to list.
    expect(
      (await t.realtime.send(new ListParticipantsCommand({ stageArn: arn, sessionId: 'st-0000000000000' })))
        .participants,
    ).toEqual([]);
    const otherStage = t.sim.control.realtime.createStage({ name: 'elsewhere' }).arn;
    expect(
      (await t.realtime.send(new ListParticipantsCommand({ stageArn: otherStage, sessionId: p.sessionId })))
        .participants,
    ).toEqual([]);
    expect(
      (
        await t.realtime.send(
          new ListParticipantEventsCommand({ stageArn: arn, sessionId: p.sessionId, participantId: 'nobody' }),
        )
      ).events,
    ).toEqual([]);
    t.sim.control.realtime.leave(arn, p.participantId);
  });

  it('joining with a token takes its participant id, user id, attributes and capabilities', async () => {
    const { arn } = t.sim.control.realtime.createStage({ name: 'with-tokens' });
    const { participantToken: viewer } = await t.realtime.send(
      new CreateParticipantTokenCommand({
        stageArn: arn,
        userId: 'viewer-1',
        attributes: { seat: 'A1' },
        capabilities: ['SUBSCRIBE'],
      }),
    );
    const joined = t.sim.control.realtime.join(arn, { token: viewer!.token!, userId: 'ignored' });
    expect(joined.participantId).toBe(viewer!.participantId);
    const { participant } = await t.realtime.send(
      new GetParticipantCommand({ stageArn: arn, sessionId: joined.sessionId, participantId: joined.participantId }),
    );
    expect(participant).toMatchObject({ userId: 'viewer-1', attributes: { seat: 'A1' } });

    // A subscribe-only participant cannot publish: a PUBLISH_ERROR event, and the move says why.
    expect(() => t.sim.control.realtime.publish(arn, joined.participantId)).toThrow(/PUBLISH capability/);
    const events = await t.realtime.send(
      new ListParticipantEventsCommand({
        stageArn: arn,
        sessionId: joined.sessionId,
        participantId: joined.participantId,
      }),
    );
    expect(events.events?.map((e) => [e.name, e.errorCode])).toEqual([
      ['JOINED', undefined],
      ['PUBLISH_ERROR', 'INSUFFICIENT_CAPABILITIES'],
    ]);
    expect(
      (
        await t.realtime.send(
          new GetParticipantCommand({
            stageArn: arn,
            sessionId: joined.sessionId,
            participantId: joined.participantId,
          }),
        )
      ).participant?.published,
    ).toBe(false);

    // Leaving and rejoining with the same token in the same session keeps one record.
    t.sim.control.realtime.join(arn, { userId: 'keeper' });
    t.sim.control.realtime.leave(arn, joined.participantId);
    now += 1_000;
    const again = t.sim.control.realtime.join(arn, { token: viewer!.token! });
    expect(again).toEqual(joined);
    const all = await t.realtime.send(
      new ListParticipantsCommand({ stageArn: arn, sessionId: joined.sessionId, filterByUserId: 'viewer-1' }),
    );
    expect(all.participants).toHaveLength(1);
    const history = await t.realtime.send(
      new ListParticipantEventsCommand({
        stageArn: arn,
        sessionId: joined.sessionId,
        participantId: joined.participantId,
      }),
    );
    expect(history.events?.map((e) => e.name)).toEqual(['JOINED', 'PUBLISH_ERROR', 'LEFT', 'JOINED']);

    // Tokens are bound to their stage, and expire.
    const other = t.sim.control.realtime.createStage({ name: 'not-it' }).arn;
    expect(() => t.sim.control.realtime.join(other, { token: viewer!.token! })).toThrow(/not issued for stage/);
    const { participantToken: brief } = await t.realtime.send(
      new CreateParticipantTokenCommand({ stageArn: arn, duration: 1 }),
    );
    now += 61_000;
    expect(() => t.sim.control.realtime.join(arn, { token: brief!.token! })).toThrow(/expired/);
  });

  it('individual participant recording follows publishing: DISABLED → ACTIVE → STOPPED, with bucket and prefix', async () => {
    const sto = (await t.realtime.send(new CreateStorageConfigurationCommand({ s3: { bucketName: 'recordings' } })))
      .storageConfiguration!;
    const { stage } = await t.realtime.send(
      new CreateStageCommand({
        name: 'recorded',
        autoParticipantRecordingConfiguration: { storageConfigurationArn: sto.arn },
      }),
    );
    const arn = stage!.arn!;
    const speaker = t.sim.control.realtime.join(arn, { userId: 'speaker' });
    const listener = t.sim.control.realtime.join(arn, { userId: 'listener' });
    const get = async (participantId: string) =>
      (await t.realtime.send(new GetParticipantCommand({ stageArn: arn, sessionId: speaker.sessionId, participantId })))
        .participant!;
    expect((await get(speaker.participantId)).recordingState).toBe('DISABLED');
    t.sim.control.realtime.publish(arn, speaker.participantId);
    const recording = await get(speaker.participantId);
    expect(recording).toMatchObject({ recordingState: 'ACTIVE', recordingS3BucketName: 'recordings' });
    expect(recording.recordingS3Prefix).toBe(`${arn.split('/')[1]}/${speaker.sessionId}/${speaker.participantId}`);
    const active = await t.realtime.send(
      new ListParticipantsCommand({ stageArn: arn, sessionId: speaker.sessionId, filterByRecordingState: 'ACTIVE' }),
    );
    expect(active.participants?.map((p) => p.userId)).toEqual(['speaker']);
    t.sim.control.realtime.leave(arn, speaker.participantId);
    expect((await get(speaker.participantId)).recordingState).toBe('STOPPED');
    const stopped = await t.realtime.send(
      new ListParticipantsCommand({ stageArn: arn, sessionId: speaker.sessionId, filterByRecordingState: 'STOPPED' }),
    );
    expect(stopped.participants?.map((p) => p.userId)).toEqual(['speaker']);
    expect((await get(listener.participantId)).recordingState).toBe('DISABLED');
    t.sim.control.realtime.leave(arn, listener.participantId);
  });

  it('ListParticipants and ListParticipantEvents page stably while people join and act', async () => {
    const { arn } = t.sim.control.realtime.createStage({ name: 'crowd' });
    const ids = Array.from({ length: 5 }, (_, i) => t.sim.control.realtime.join(arn, { userId: `u${i}` }));
    const sessionId = ids[0]!.sessionId;
    const page1 = await t.realtime.send(new ListParticipantsCommand({ stageArn: arn, sessionId, maxResults: 2 }));
    t.sim.control.realtime.join(arn, { userId: 'late' });
    const rest: string[] = [];
    let token = page1.nextToken;
    while (token) {
      const page = await t.realtime.send(
        new ListParticipantsCommand({ stageArn: arn, sessionId, maxResults: 2, nextToken: token }),
      );
      rest.push(...page.participants!.map((p) => p.userId!));
      token = page.nextToken;
    }
    expect([...page1.participants!.map((p) => p.userId), ...rest]).toEqual(['u0', 'u1', 'u2', 'u3', 'u4', 'late']);
    // A token is bound to its filter.
    await expectServiceError(
      t.realtime.send(
        new ListParticipantsCommand({
          stageArn: arn,
          sessionId,
          maxResults: 2,
          nextToken: page1.nextToken,
          filterByState: 'CONNECTED',
        }),
      ),
      'ValidationException',
      400,
      /'nextToken'/,
    );

    const pid = ids[0]!.participantId;
    t.sim.control.realtime.publish(arn, pid);
    t.sim.control.realtime.unpublish(arn, pid);
    const e1 = await t.realtime.send(
      new ListParticipantEventsCommand({ stageArn: arn, sessionId, participantId: pid, maxResults: 2 }),
    );
    t.sim.control.realtime.leave(arn, pid);
    const e2 = await t.realtime.send(
      new ListParticipantEventsCommand({
        stageArn: arn,
        sessionId,
        participantId: pid,
        maxResults: 2,
        nextToken: e1.nextToken,
      }),
    );
    expect([...e1.events!, ...e2.events!].map((e) => e.name)).toEqual([
      'JOINED',
      'PUBLISH_STARTED',
      'PUBLISH_STOPPED',
      'LEFT',
    ]);
    expect(e2.nextToken).toBeUndefined();
    for (const p of t.sim.control.realtime.connectedParticipantIds(arn)) t.sim.control.realtime.leave(arn, p);
  });
});
