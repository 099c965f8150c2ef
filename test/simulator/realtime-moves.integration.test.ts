import {
  GetStageCommand,
  ListParticipantEventsCommand,
  ListParticipantsCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-ivs-realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSimulator, type TestSimulator } from './harness.js';

/** `sim.control.realtime`: the moves scenarios and tests drive stages with. */
describe('IVS RealTime control moves', () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startTestSimulator();
  });
  afterAll(() => t.stop());

  it('createStage makes a stage the API sees, with its name and tags; stageArns lists it', async () => {
    const { arn } = t.sim.control.realtime.createStage({ name: 'made-by-move', tags: { by: 'move' } });
    const { stage } = await t.realtime.send(new GetStageCommand({ arn }));
    expect(stage).toMatchObject({ arn, name: 'made-by-move', tags: { by: 'move' } });
    expect((await t.realtime.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({ by: 'move' });
    expect(t.sim.control.realtime.stageArns()).toContain(arn);
    expect(t.sim.control.realtime.createStage().arn).not.toBe(arn);
  });

  it('join / publish / unpublish / leave change what the API reports', async () => {
    const rt = t.sim.control.realtime;
    const { arn } = rt.createStage({ name: 'moves' });
    const p = rt.join(arn, { userId: 'u', attributes: { a: '1' }, publish: true });
    expect(rt.connectedParticipantIds(arn)).toEqual([p.participantId]);
    const listed = await t.realtime.send(new ListParticipantsCommand({ stageArn: arn, sessionId: p.sessionId }));
    expect(listed.participants).toMatchObject([
      { participantId: p.participantId, userId: 'u', state: 'CONNECTED', published: true },
    ]);
    rt.unpublish(arn, p.participantId);
    rt.publish(arn, p.participantId);
    rt.leave(arn, p.participantId);
    const events = await t.realtime.send(
      new ListParticipantEventsCommand({ stageArn: arn, sessionId: p.sessionId, participantId: p.participantId }),
    );
    expect(events.events?.map((e) => e.name)).toEqual([
      'JOINED',
      'PUBLISH_STARTED',
      'PUBLISH_STOPPED',
      'PUBLISH_STARTED',
      'PUBLISH_STOPPED',
      'LEFT',
    ]);
    expect(rt.connectedParticipantIds(arn)).toEqual([]);
    const whip = rt.join(arn, { protocol: 'WHIP' });
    expect(whip.sessionId).not.toBe(p.sessionId);
    rt.leave(arn, whip.participantId);
  });

  it('wrong moves throw a plain Error that says what is wrong, and change nothing', () => {
    const rt = t.sim.control.realtime;
    const ghost = 'arn:aws:ivs:us-east-1:123456789012:stage/ghost';
    const { arn } = rt.createStage({ name: 'wrong' });
    const p = rt.join(arn, { userId: 'only' });
    const plain = (fn: () => unknown, message: RegExp) => {
      let caught: unknown;
      try {
        fn();
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(Error);
      expect(Object.getPrototypeOf(caught)).toBe(Error.prototype);
      expect((caught as Error).message).toMatch(message);
    };
    plain(() => rt.join(ghost), /Stage not found: .*ghost/);
    plain(() => rt.leave(ghost, p.participantId), /Stage not found/);
    plain(() => rt.leave(arn, 'nobody'), /Connected participant not found: nobody/);
    plain(() => rt.publish(arn, 'nobody'), /not found/);
    plain(() => rt.unpublish(arn, p.participantId), /is not publishing/);
    rt.publish(arn, p.participantId);
    plain(() => rt.publish(arn, p.participantId), /already publishing/);
    plain(() => rt.connectedParticipantIds(ghost), /Stage not found/);
    plain(() => rt.join(arn, { token: 'not.a.token' }), /not issued/);
    plain(
      () => rt.startIngest('arn:aws:ivs:us-east-1:123456789012:ingest-configuration/ghost'),
      /Ingest configuration not found/,
    );
    expect(rt.connectedParticipantIds(arn)).toEqual([p.participantId]);
    rt.leave(arn, p.participantId);
    plain(() => rt.leave(arn, p.participantId), /not found/);
  });
});
