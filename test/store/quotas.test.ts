import * as ivsSdk from '@aws-sdk/client-ivs';
import * as realtimeSdk from '@aws-sdk/client-ivs-realtime';
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUOTAS } from '../../src/index.js';

const ops = (sdk: Record<string, unknown>) => Object.keys(sdk).filter((k) => /^[A-Z]\w+Command$/.test(k)).map((k) => k.slice(0, -'Command'.length));

describe('every operation the store sends has a quota group', () => {
  it('IVS operations (PutMetadata gets a group per channel)', () => {
    const missing = ops(ivsSdk as Record<string, unknown>).filter((op) => op !== 'PutMetadata' && DEFAULT_QUOTAS[op] === undefined);
    expect(missing).toEqual([]);
  });

  it('RealTime operations (tag operations under a realtime: prefix, apart from IVS\'s)', () => {
    const missing = ops(realtimeSdk as Record<string, unknown>).filter((op) => DEFAULT_QUOTAS[op] === undefined && DEFAULT_QUOTAS[`realtime:${op}`] === undefined);
    expect(missing).toEqual([]);
    expect(DEFAULT_QUOTAS['realtime:TagResource']).toBe(10);
    expect(DEFAULT_QUOTAS.CreateParticipantToken).toBe(50);
    expect(DEFAULT_QUOTAS.GetPublicKey).toBe(3);
  });
});
