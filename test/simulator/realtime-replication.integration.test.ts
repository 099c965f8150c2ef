import {
  DisconnectParticipantCommand,
  GetParticipantCommand,
  ListParticipantEventsCommand,
  ListParticipantReplicasCommand,
  ListParticipantsCommand,
  StartParticipantReplicationCommand,
  StopParticipantReplicationCommand,
} from '@aws-sdk/client-ivs-realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, startTestSimulator, type TestSimulator } from './harness.js';

describe('IVS RealTime participant replication through the real IVSRealTimeClient', () => {
  let t: TestSimulator;
  let now = Date.parse('2026-11-23T16:00:00Z');
  beforeAll(async () => {
    t = await startTestSimulator({ clock: () => now });
  });
  afterAll(() => t.stop());

  const twoStages = (label: string) => ({
    src: t.sim.control.realtime.createStage({ name: `${label}-src` }).arn,
    dst: t.sim.control.realtime.createStage({ name: `${label}-dst` }).arn,
  });

  it('a replica appears in the destination stage (same id, REPLICA, publishing with its source) and leaves when stopped', async () => {
    const { src, dst } = twoStages('star');
    const p = t.sim.control.realtime.join(src, {
      userId: 'star',
      attributes: { role: 'host', lang: 'en' },
      publish: true,
    });
    now += 1_000;
    const out = await t.realtime.send(
      new StartParticipantReplicationCommand({
        sourceStageArn: src,
        destinationStageArn: dst,
        participantId: p.participantId,
        attributes: { lang: 'fr' },
        reconnectWindowSeconds: 30,
      }),
    );
    expect(out.$metadata.httpStatusCode).toBe(200);
    await expectServiceError(
      t.realtime.send(
        new StartParticipantReplicationCommand({
          sourceStageArn: src,
          destinationStageArn: dst,
          participantId: p.participantId,
        }),
      ),
      'ConflictException',
      409,
      /already replicated/,
    );

    const replicas = await t.realtime.send(
      new ListParticipantReplicasCommand({ sourceStageArn: src, participantId: p.participantId }),
    );
    expect(replicas.replicas).toHaveLength(1);
    const replica = replicas.replicas![0]!;
    expect(replica).toMatchObject({
      sourceStageArn: src,
      destinationStageArn: dst,
      participantId: p.participantId,
      sourceSessionId: p.sessionId,
      replicationState: 'ACTIVE',
    });
    expect(replica.destinationSessionId).toMatch(/^st-/);
    expect(t.sim.control.realtime.connectedParticipantIds(dst)).toEqual([p.participantId]);

    const inDst = await t.realtime.send(
      new GetParticipantCommand({
        stageArn: dst,
        sessionId: replica.destinationSessionId,
        participantId: p.participantId,
      }),
    );
    expect(inDst.participant).toMatchObject({
      userId: 'star',
      attributes: { role: 'host', lang: 'fr' },
      state: 'CONNECTED',
      published: true,
      replicationType: 'REPLICA',
      replicationState: 'ACTIVE',
      sourceStageArn: src,
      sourceSessionId: p.sessionId,
    });
    const source = await t.realtime.send(
      new GetParticipantCommand({ stageArn: src, sessionId: p.sessionId, participantId: p.participantId }),
    );
    expect(source.participant).toMatchObject({ replicationType: 'SOURCE', replicationState: 'ACTIVE' });

    // The replica follows its source's publishing.
    t.sim.control.realtime.unpublish(src, p.participantId);
    const dstEvents = await t.realtime.send(
      new ListParticipantEventsCommand({
        stageArn: dst,
        sessionId: replica.destinationSessionId,
        participantId: p.participantId,
      }),
    );
    expect(dstEvents.events?.map((e) => [e.name, e.replica])).toEqual([
      ['JOINED', true],
      ['PUBLISH_STARTED', true],
      ['PUBLISH_STOPPED', true],
    ]);

    now += 1_000;
    await t.realtime.send(
      new StopParticipantReplicationCommand({
        sourceStageArn: src,
        destinationStageArn: dst,
        participantId: p.participantId,
      }),
    );
    const after = await t.realtime.send(
      new ListParticipantReplicasCommand({ sourceStageArn: src, participantId: p.participantId }),
    );
    expect(after.replicas?.map((r) => r.replicationState)).toEqual(['STOPPED']);
    const gone = await t.realtime.send(
      new ListParticipantsCommand({ stageArn: dst, sessionId: replica.destinationSessionId }),
    );
    expect(gone.participants?.map((x) => [x.state, x.replicationState])).toEqual([['DISCONNECTED', 'STOPPED']]);
    const events = await t.realtime.send(
      new ListParticipantEventsCommand({ stageArn: src, sessionId: p.sessionId, participantId: p.participantId }),
    );
    expect(events.events?.map((e) => [e.name, e.destinationStageArn])).toEqual([
      ['JOINED', undefined],
      ['PUBLISH_STARTED', undefined],
      ['REPLICATION_STARTED', dst],
      ['PUBLISH_STOPPED', undefined],
      ['REPLICATION_STOPPED', dst],
    ]);
    expect(events.events?.[2]?.destinationSessionId).toBe(replica.destinationSessionId);
    await expectServiceError(
      t.realtime.send(
        new StopParticipantReplicationCommand({
          sourceStageArn: src,
          destinationStageArn: dst,
          participantId: p.participantId,
        }),
      ),
      'ResourceNotFoundException',
      404,
    );
    t.sim.control.realtime.leave(src, p.participantId);
  });

  it('the source leaving, or the replica being disconnected, ends the replication', async () => {
    const { src, dst } = twoStages('ends');
    const a = t.sim.control.realtime.join(src, { userId: 'a' });
    await t.realtime.send(
      new StartParticipantReplicationCommand({
        sourceStageArn: src,
        destinationStageArn: dst,
        participantId: a.participantId,
      }),
    );
    t.sim.control.realtime.leave(src, a.participantId);
    expect(
      (
        await t.realtime.send(
          new ListParticipantReplicasCommand({ sourceStageArn: src, participantId: a.participantId }),
        )
      ).replicas?.map((r) => r.replicationState),
    ).toEqual(['STOPPED']);
    expect(t.sim.control.realtime.connectedParticipantIds(dst)).toEqual([]);

    const b = t.sim.control.realtime.join(src, { userId: 'b' });
    await t.realtime.send(
      new StartParticipantReplicationCommand({
        sourceStageArn: src,
        destinationStageArn: dst,
        participantId: b.participantId,
      }),
    );
    await t.realtime.send(new DisconnectParticipantCommand({ stageArn: dst, participantId: b.participantId }));
    expect(
      (
        await t.realtime.send(
          new ListParticipantReplicasCommand({ sourceStageArn: src, participantId: b.participantId }),
        )
      ).replicas?.map((r) => r.replicationState),
    ).toEqual(['STOPPED']);
    const source = await t.realtime.send(
      new GetParticipantCommand({ stageArn: src, sessionId: b.sessionId, participantId: b.participantId }),
    );
    expect(source.participant).toMatchObject({
      state: 'CONNECTED',
      replicationType: 'SOURCE',
      replicationState: 'STOPPED',
    });
    t.sim.control.realtime.leave(src, b.participantId);
  });

  it('refuses what cannot be replicated', async () => {
    const { src, dst } = twoStages('refuse');
    const p = t.sim.control.realtime.join(src, { userId: 'p' });
    const ghost = 'arn:aws:ivs:us-east-1:123456789012:stage/ghost';
    await expectServiceError(
      t.realtime.send(
        new StartParticipantReplicationCommand({
          sourceStageArn: src,
          destinationStageArn: src,
          participantId: p.participantId,
        }),
      ),
      'ValidationException',
      400,
      /'destinationStageArn'/,
    );
    await expectServiceError(
      t.realtime.send(
        new StartParticipantReplicationCommand({
          sourceStageArn: src,
          destinationStageArn: ghost,
          participantId: p.participantId,
        }),
      ),
      'ResourceNotFoundException',
      404,
      /Stage/,
    );
    await expectServiceError(
      t.realtime.send(
        new StartParticipantReplicationCommand({
          sourceStageArn: src,
          destinationStageArn: dst,
          participantId: 'nobody',
        }),
      ),
      'ResourceNotFoundException',
      404,
      /nobody/,
    );
    await expectServiceError(
      t.realtime.send(
        new StartParticipantReplicationCommand({
          sourceStageArn: src,
          destinationStageArn: dst,
          participantId: p.participantId,
          reconnectWindowSeconds: 301,
        }),
      ),
      'ValidationException',
      400,
      /'reconnectWindowSeconds'/,
    );
    // A replica is not replicated again.
    await t.realtime.send(
      new StartParticipantReplicationCommand({
        sourceStageArn: src,
        destinationStageArn: dst,
        participantId: p.participantId,
      }),
    );
    const third = t.sim.control.realtime.createStage({ name: 'third' }).arn;
    await expectServiceError(
      t.realtime.send(
        new StartParticipantReplicationCommand({
          sourceStageArn: dst,
          destinationStageArn: third,
          participantId: p.participantId,
        }),
      ),
      'ConflictException',
      409,
      /replica/,
    );
    // Nothing to list for an unknown source (the operation models no ResourceNotFoundException).
    expect(
      (
        await t.realtime.send(
          new ListParticipantReplicasCommand({ sourceStageArn: ghost, participantId: p.participantId }),
        )
      ).replicas,
    ).toEqual([]);
    t.sim.control.realtime.leave(src, p.participantId);
  });

  it('ListParticipantReplicas pages (1–50) stably', async () => {
    const src = t.sim.control.realtime.createStage({ name: 'fan-out' }).arn;
    const p = t.sim.control.realtime.join(src, { userId: 'fan' });
    const dsts = Array.from({ length: 3 }, (_, i) => t.sim.control.realtime.createStage({ name: `fan-${i}` }).arn);
    for (const dst of dsts)
      await t.realtime.send(
        new StartParticipantReplicationCommand({
          sourceStageArn: src,
          destinationStageArn: dst,
          participantId: p.participantId,
        }),
      );
    const page1 = await t.realtime.send(
      new ListParticipantReplicasCommand({ sourceStageArn: src, participantId: p.participantId, maxResults: 2 }),
    );
    const page2 = await t.realtime.send(
      new ListParticipantReplicasCommand({
        sourceStageArn: src,
        participantId: p.participantId,
        maxResults: 2,
        nextToken: page1.nextToken,
      }),
    );
    expect([...page1.replicas!, ...page2.replicas!].map((r) => r.destinationStageArn)).toEqual(dsts);
    expect(page2.nextToken).toBeUndefined();
    await expectServiceError(
      t.realtime.send(
        new ListParticipantReplicasCommand({ sourceStageArn: src, participantId: p.participantId, maxResults: 51 }),
      ),
      'ValidationException',
      400,
      /'maxResults'.*50/,
    );
    t.sim.control.realtime.leave(src, p.participantId);
  });
});
