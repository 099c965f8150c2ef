import { describe, expect, it } from 'vitest';
import { checkEvent } from '../../../src/query/push/check-event.js';

const ACCOUNT = '123456789012';
const REGION = 'us-west-2';
const CHANNEL = `arn:aws:ivs:${REGION}:${ACCOUNT}:channel/abc`;

/** A well-formed IVS Stream State Change event, with `over` laid on top (undefined removes a field). */
function event(over: Record<string, unknown> = {}, detail: Record<string, unknown> = {}) {
  const e: Record<string, unknown> = {
    version: '0',
    id: 'evt-1',
    'detail-type': 'IVS Stream State Change',
    source: 'aws.ivs',
    account: ACCOUNT,
    time: '2024-09-09T16:17:26Z',
    region: REGION,
    resources: [CHANNEL],
    detail: { event_name: 'Stream Start', channel_name: 'abc', stream_id: 'st-1', ...detail },
    ...over,
  };
  for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
  return e;
}

const SECOND = Date.parse('2024-09-09T16:17:26Z');

describe('checkEvent', () => {
  it('reads a well-formed event: name, first resource, detail and time', () => {
    const e = event();
    const checked = checkEvent(e, ACCOUNT, REGION);
    expect(checked).toEqual({
      event: e,
      name: 'Stream Start',
      resource: CHANNEL,
      detail: e.detail,
      at: SECOND + 999,
    });
  });

  it('parses JSON text (SSE and WebSocket messages) the same as an object', () => {
    const e = event();
    expect(checkEvent(JSON.stringify(e), ACCOUNT, REGION)).toEqual(checkEvent(e, ACCOUNT, REGION));
  });

  it("reads an API call's event (CloudTrail): no resources, the operation as its name", () => {
    const c = checkEvent(
      event(
        { 'detail-type': 'AWS API Call via CloudTrail', resources: [] },
        { event_name: undefined, eventSource: 'ivs.amazonaws.com', eventName: 'UpdateChannel' },
      ),
      ACCOUNT,
      REGION,
    );
    expect(typeof c === 'string' ? c : [c.name, c.resource]).toEqual(['UpdateChannel', '']);
  });

  describe('malformed', () => {
    const cases: Array<[string, unknown]> = [
      ['text that is not JSON', '{"id": '],
      ['the word heartbeat (the feed handles it before)', 'heartbeat'],
      ['JSON of a number', '42'],
      ['JSON of null', 'null'],
      ['an array', [event()]],
      ['null', null],
      ['a number', 7],
      ['no version', event({ version: undefined })],
      ['no id', event({ id: undefined })],
      ['a numeric id', event({ id: 5 })],
      ['no detail-type', event({ 'detail-type': undefined })],
      ['no source', event({ source: undefined })],
      ['no account', event({ account: undefined })],
      ['a numeric account', event({ account: 123456789012 })],
      ['no time', event({ time: undefined })],
      ['no region', event({ region: undefined })],
      ['no resources', event({ resources: undefined })],
      ['resources not an array', event({ resources: CHANNEL })],
      ['a first resource that is not a string', event({ resources: [42, CHANNEL] })],
      ['no detail', event({ detail: undefined })],
      ['detail a string', event({ detail: 'Stream Start' })],
      ['detail an array', event({ detail: [] })],
      ['detail null', event({ detail: null })],
      ['a time that is no date', event({ time: 'yesterday-ish' })],
      ['an empty time', event({ time: '' })],
    ];
    it.each(cases)('%s', (_, item) => {
      expect(checkEvent(item, ACCOUNT, REGION)).toBe('malformed');
    });

    it('is malformed before it is foreign (a broken event of another source)', () => {
      expect(checkEvent(event({ source: 'aws.s3', detail: undefined }), ACCOUNT, REGION)).toBe('malformed');
    });

    it('a time that is not ISO-8601 is malformed', () => {
      expect(checkEvent(event({ time: '12' }), ACCOUNT, REGION)).toBe('malformed');
    });
  });

  describe('foreign', () => {
    it('is foreign from another source', () => {
      expect(checkEvent(event({ source: 'aws.medialive' }), ACCOUNT, REGION)).toBe('foreign');
    });

    it('is foreign from another account, when the account is set', () => {
      expect(checkEvent(event({ account: '999999999999' }), ACCOUNT, REGION)).toBe('foreign');
      expect(checkEvent(event({ account: '999999999999' }), undefined, REGION)).not.toBe('foreign');
    });

    it('is foreign from another region, once the region is known', () => {
      expect(checkEvent(event({ region: 'eu-west-1' }), ACCOUNT, REGION)).toBe('foreign');
      expect(checkEvent(event({ region: 'eu-west-1' }), ACCOUNT, undefined)).not.toBe('foreign');
    });
  });

  describe('name', () => {
    const nameOf = (detail: Record<string, unknown>) => {
      const c = checkEvent(event({ detail }), ACCOUNT, REGION);
      return typeof c === 'string' ? c : c.name;
    };
    it('is detail.event_name, or detail.recording_status for kinds that name it so', () => {
      expect(nameOf({ event_name: 'Session Ended' })).toBe('Session Ended');
      expect(nameOf({ recording_status: 'Recording Start' })).toBe('Recording Start');
      expect(nameOf({ event_name: 'Participant Published', recording_status: 'Recording End' })).toBe(
        'Participant Published',
      );
    });
    it('is empty when neither is a string (the event is well-formed, no rule knows it)', () => {
      expect(nameOf({})).toBe('');
      expect(nameOf({ event_name: 3 })).toBe('');
    });
  });

  describe('time', () => {
    const atOf = (time: string, eventTime?: unknown) => {
      const c = checkEvent(event({ time }, eventTime === undefined ? {} : { event_time: eventTime }), ACCOUNT, REGION);
      if (typeof c === 'string') throw new Error(c);
      return c.at;
    };
    it('counts a time to the second as the last ms of that second', () => {
      expect(atOf('2024-09-09T16:17:26Z')).toBe(SECOND + 999);
    });
    it('takes a time with ms as it is', () => {
      expect(atOf('2024-09-09T16:17:26.250Z')).toBe(SECOND + 250);
    });
    it('counts a time to the tenth of a second as the last ms of that tenth', () => {
      expect(atOf('2024-09-09T16:17:26.5Z')).toBe(SECOND + 599);
    });
    it('honours a zone offset', () => {
      expect(atOf('2024-09-09T18:17:26+02:00')).toBe(SECOND + 999);
    });
    it('prefers detail.event_time when it has ms', () => {
      expect(atOf('2024-09-09T16:17:26Z', '2024-09-09T16:17:25.123Z')).toBe(SECOND - 1000 + 123);
    });
    it('ignores detail.event_time to the second, unparseable or not a string', () => {
      expect(atOf('2024-09-09T16:17:26Z', '2024-09-09T16:17:20Z')).toBe(SECOND + 999);
      expect(atOf('2024-09-09T16:17:26Z', 'v1.5')).toBe(SECOND + 999);
      expect(atOf('2024-09-09T16:17:26Z', 1_725_898_646_123)).toBe(SECOND + 999);
    });
    it('ignores a detail.event_time that is no ISO date even with a dot and a digit', () => {
      expect(atOf('2024-09-09T16:17:26Z', 'soon.5')).toBe(SECOND + 999);
    });
    it('an envelope whose time is bad is malformed, whatever detail.event_time says', () => {
      const c = checkEvent(event({ time: 'nope' }, { event_time: '2024-09-09T16:17:25.123Z' }), ACCOUNT, REGION);
      // The envelope is AWS's contract; event_time is a detail field of one kind only.
      expect(c).toBe('malformed');
    });
  });
});
