import type { ParticipantSummary } from '@aws-sdk/client-ivs-realtime';
import { describe, expect, it } from 'vitest';
import { AT, participant } from '../../support/participants.js';
import { diffParticipants } from '../../../src/resources/realtime/participants.js';

const p = participant;

/** The changes as `type:participantId`, in order. */
const brief = (before: ParticipantSummary[], after: ParticipantSummary[]) =>
  diffParticipants(before, after, AT).map((c) => `${c.type}:${c.participant.participantId}`);

describe('diffParticipants', () => {
  it('reports nothing between equal snapshots', () => {
    const snapshot = [p('a'), p('b', { published: true }), p('c', { state: 'DISCONNECTED' })];
    expect(
      diffParticipants(
        snapshot,
        snapshot.map((x) => ({ ...x })),
        AT,
      ),
    ).toEqual([]);
    expect(diffParticipants([], [], AT)).toEqual([]);
  });

  it('against an empty snapshot, every connected participant joined, and the publishing ones published', () => {
    expect(
      brief([], [p('a'), p('b', { published: true }), p('c', { state: 'DISCONNECTED', published: true })]),
    ).toEqual(['joined:a', 'joined:b', 'published:b']);
  });

  it('gives each change the participant as it is now, and the time it was told', () => {
    const now = p('a', { published: true });
    const changes = diffParticipants([p('a')], [now], AT);
    expect(changes).toEqual([{ type: 'published', participant: now, at: AT }]);
  });

  it('reports a participant who starts publishing, once', () => {
    expect(brief([p('a')], [p('a', { published: true })])).toEqual(['published:a']);
    expect(brief([p('a', { published: true })], [p('a', { published: true })])).toEqual([]);
  });

  it('reports a participant who disconnects as left', () => {
    expect(brief([p('a')], [p('a', { state: 'DISCONNECTED' })])).toEqual(['left:a']);
  });

  it('reports a participant who had published and disconnects as unpublished, then left', () => {
    expect(brief([p('a', { published: true })], [p('a', { state: 'DISCONNECTED', published: true })])).toEqual([
      'unpublished:a',
      'left:a',
    ]);
    // The DISCONNECTED summary alone says it published.
    expect(brief([p('b')], [p('b', { state: 'DISCONNECTED', published: true })])).toEqual(['unpublished:b', 'left:b']);
  });

  it('counts a participant who vanishes from the list while connected as left, shown DISCONNECTED', () => {
    const changes = diffParticipants([p('a'), p('b', { published: true }), p('c', { state: 'DISCONNECTED' })], [], AT);
    expect(changes.map((c) => `${c.type}:${c.participant.participantId}:${c.participant.state}`)).toEqual([
      'left:a:DISCONNECTED',
      'unpublished:b:DISCONNECTED',
      'left:b:DISCONNECTED',
    ]);
    // The participant's other fields are kept.
    expect(changes[0]?.participant).toMatchObject({ participantId: 'a', userId: 'user-a' });
  });

  it('reports other fields changing on a connected participant as updated', () => {
    expect(brief([p('a')], [p('a', { recordingState: 'ACTIVE' })])).toEqual(['updated:a']);
    expect(brief([p('a')], [p('a', { userId: 'renamed' })])).toEqual(['updated:a']);
    // Publishing and a changed field: both.
    expect(brief([p('a')], [p('a', { published: true, replicationState: 'ACTIVE' })])).toEqual([
      'published:a',
      'updated:a',
    ]);
  });

  it('does not count state, published or firstJoinTime as an update', () => {
    expect(brief([p('a')], [p('a', { firstJoinTime: new Date(AT) })])).toEqual([]);
  });

  it('does not report changes of a participant who stays disconnected', () => {
    expect(
      brief([p('a', { state: 'DISCONNECTED' })], [p('a', { state: 'DISCONNECTED', recordingState: 'STOPPED' })]),
    ).toEqual([]);
  });

  it('reports a participant who reconnects as joined (and published, when the summary says so)', () => {
    expect(brief([p('a', { state: 'DISCONNECTED' })], [p('a')])).toEqual(['joined:a']);
    expect(brief([p('b', { state: 'DISCONNECTED', published: true })], [p('b', { published: true })])).toEqual([
      'joined:b',
      'published:b',
    ]);
  });

  it('reports several participants in the order of the new snapshot, vanished ones last', () => {
    const before = [p('gone'), p('stays'), p('leaves')];
    const after = [p('new'), p('leaves', { state: 'DISCONNECTED' }), p('stays', { published: true })];
    expect(brief(before, after)).toEqual(['joined:new', 'left:leaves', 'published:stays', 'left:gone']);
  });
});
