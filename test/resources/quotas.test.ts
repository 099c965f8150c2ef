import * as ivsSdk from '@aws-sdk/client-ivs';
import * as realtimeSdk from '@aws-sdk/client-ivs-realtime';
import { describe, expect, it } from 'vitest';
import { publishedQuota } from '../../src/index.js';

const ops = (sdk: Record<string, unknown>) =>
  Object.keys(sdk)
    .filter((k) => /^[A-Z]\w+Command$/.test(k))
    .map((k) => k.slice(0, -'Command'.length));

/** The IVS user guides' API rate quotas, written out as rules over the SDK's operation names. */
const ivsExpected = (op: string) => (/RecordingConfiguration|PlaybackKeyPair/.test(op) ? 3 : 5);
const TAG_OPS = ['ListTagsForResource', 'TagResource', 'UntagResource'];

describe('publishedQuota: every operation the SDKs have gets its published quota', () => {
  it('IVS: 3 TPS for recording configurations and playback key pairs, 5 for the rest', () => {
    const all = ops(ivsSdk as Record<string, unknown>);
    expect(all.length).toBeGreaterThan(40);
    expect(all.filter((op) => publishedQuota(op) !== ivsExpected(op))).toEqual([]);
    expect(all.filter((op) => publishedQuota(op) === 3)).toHaveLength(8);
  });

  it("RealTime: 3 TPS public keys, 10 tags (under a realtime: prefix, apart from IVS's), 50 CreateParticipantToken, 5 the rest", () => {
    const all = ops(realtimeSdk as Record<string, unknown>);
    expect(all.length).toBeGreaterThan(30);
    const expected = (op: string) => (op === 'CreateParticipantToken' ? 50 : /PublicKey/.test(op) ? 3 : 5);
    expect(all.filter((op) => !TAG_OPS.includes(op) && publishedQuota(op) !== expected(op))).toEqual([]);
    for (const op of TAG_OPS) {
      expect(publishedQuota(`realtime:${op}`)).toBe(10);
      expect(publishedQuota(op)).toBe(5); // the IVS operation of the same name
    }
  });

  it('per-channel PutMetadata groups get 5 TPS each', () => {
    expect(publishedQuota('PutMetadata:arn:aws:ivs:us-east-1:123456789012:channel/abcd')).toBe(5);
  });
});
