import type { Channel, StreamKey } from '@aws-sdk/client-ivs';
import { Secret } from '../../core/secret.js';

/**
 * The IVS shapes that carry secrets, as the store keeps them: the secret wrapped in a
 * `Secret`, so it never reaches logs, errors or `JSON.stringify` unless revealed.
 */

/** A channel as the store keeps it: the SDK's shape, with the SRT passphrase as a `Secret`. */
export type StoreChannel = Omit<Channel, 'srt'> & {
  /** Where and how to push SRT to the channel. */
  srt?:
    | {
        /** The SRT ingest endpoint. */
        endpoint?: string | undefined;
        /** The SRT passphrase, a `Secret`. */
        passphrase?: Secret | undefined;
      }
    | undefined;
};

/** A stream key as the store keeps it: its value is a `Secret`. */
export type StoreStreamKey = Omit<StreamKey, 'value'> & {
  /** The key itself, a `Secret` (summaries from lists have none). */
  value?: Secret | undefined;
};

export function toStoreChannel(c: Channel): StoreChannel {
  const { srt } = c;
  // Nothing to wrap: the SDK's object as it is (a copy per channel per poll was a poll's cost).
  if (!srt) return c as StoreChannel;
  return {
    ...c,
    srt: {
      endpoint: srt.endpoint,
      passphrase: srt.passphrase === undefined ? undefined : new Secret(srt.passphrase),
    },
  };
}

export const toStoreStreamKey = (k: StreamKey): StoreStreamKey => ({
  ...k,
  value: k.value === undefined ? undefined : new Secret(k.value),
});
