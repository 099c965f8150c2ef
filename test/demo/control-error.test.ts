import { describe, expect, it } from 'vitest';
import { MAX_ERROR_CHARS, shortControlError } from '../../demo/app/control-error.js';

const CHANNEL = 'arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf012345';
const STAGE = 'arn:aws:ivs:us-east-1:123456789012:stage/ZyXwVu987654';

/** What a card shows when a move fails: the simulator's sentence, without its 70-character ARNs. */
describe('shortControlError', () => {
  it('names a resource the caller knows by its name', () => {
    expect(shortControlError(`Channel ${CHANNEL} is already live`, new Map([[CHANNEL, 'channel-07']]))).toBe(
      'Channel channel-07 is already live',
    );
  });

  it('shortens an ARN it has no name for to its id, and leaves other text alone', () => {
    expect(shortControlError(`Channel ${CHANNEL} is not live.`)).toBe('Channel AbCdEf012345 is not live.');
    expect(shortControlError(`Participant p-1 is not on stage ${STAGE}`, new Map([[CHANNEL, 'channel-07']]))).toBe(
      'Participant p-1 is not on stage ZyXwVu987654',
    );
    expect(shortControlError('on must be true or false')).toBe('on must be true or false');
  });

  it('cuts what is still too long, with an ellipsis', () => {
    const short = shortControlError(`${'word '.repeat(40)}end`);
    expect(short.length).toBeLessThanOrEqual(MAX_ERROR_CHARS);
    expect(short.endsWith('…')).toBe(true);
  });
});
