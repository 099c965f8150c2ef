import type { ParticipantSummary } from '@aws-sdk/client-ivs-realtime';

/** A moment the participant fixtures are dated by. */
export const AT = 1_700_000_000_000;

/** A connected participant who has not published, joined a minute before `AT`, with `fields` over it. */
export const participant = (participantId: string, fields: Partial<ParticipantSummary> = {}): ParticipantSummary => ({
  participantId,
  userId: `user-${participantId}`,
  state: 'CONNECTED',
  published: false,
  firstJoinTime: new Date(AT - 60_000),
  ...fields,
});
