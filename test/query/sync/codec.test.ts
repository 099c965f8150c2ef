import { describe, expect, it } from 'vitest';
import { IvsStoreError, isIvsStoreError } from '../../../src/core/errors.js';
import { Secret } from '../../../src/core/secret.js';
import { decode, encode } from '../../../src/query/sync/codec.js';

describe('codec: values as they cross to another store', () => {
  it('keeps plain data, and makes Secrets, errors and Dates again on the other side', () => {
    const value = {
      arn: 'a',
      n: 3,
      nested: [{ ok: true, none: null }],
      key: new Secret('sk_us-west-2_abc'),
      at: new Date(1_700_000_000_000),
      error: new IvsStoreError({ kind: 'throttled', message: 'slow down', operation: 'GetChannel', status: 429 }),
    };
    // Through JSON, as a network would carry it, and through a structured clone, as a BroadcastChannel does.
    for (const wire of [JSON.parse(JSON.stringify(encode(value))), structuredClone(encode(value))]) {
      const back = decode(wire) as typeof value;
      expect(back.arn).toBe('a');
      expect(back.nested).toEqual([{ ok: true, none: null }]);
      expect(back.key).toBeInstanceOf(Secret);
      expect(back.key.reveal()).toBe('sk_us-west-2_abc');
      expect(JSON.stringify(back.key)).toBe('"[redacted]"');
      expect(back.at).toEqual(new Date(1_700_000_000_000));
      expect(isIvsStoreError(back.error)).toBe(true);
      expect(back.error).toMatchObject({ kind: 'throttled', retryable: true, operation: 'GetChannel', status: 429 });
    }
  });

  it('carries a secret only inside its tag: nothing else on the wire reads it', () => {
    const wire = encode({ token: new Secret('tok-123') }) as { token: Record<string, unknown> };
    expect(Object.keys(wire.token)).toEqual(['$ivsStore', 'value']);
  });

  it('turns any other error into an IvsStoreError of kind unknown with its message', () => {
    const back = decode(structuredClone(encode(new TypeError('bad')))) as IvsStoreError;
    expect(back).toMatchObject({ kind: 'unknown', message: 'bad' });
  });
});
