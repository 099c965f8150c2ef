import { classifyError, type IvsStoreError, type ServiceErrors } from '../core/errors.js';

/** What IVS and IVS RealTime add to the AWS error names the engine knows. */
export const IVS_ERRORS: ServiceErrors = {
  codes: {
    // GetStream of a channel that is not live: the stream is absent (the reads make it `OFFLINE`).
    ChannelNotBroadcasting: 'not-found',
    // An account IVS has not verified yet may not create resources.
    PendingVerification: 'access',
    ServiceUnavailable: 'unavailable',
    StreamUnavailable: 'unavailable',
  },
  // The lowest SDK clients the store works with (package.json's peer ranges say the same).
  sdkNeeded: '@aws-sdk/client-ivs 3.1116.0 and @aws-sdk/client-ivs-realtime 3.1046.0 or newer',
};

/** Whatever an IVS call threw, as an `IvsStoreError`. */
export const classify = (err: unknown, operation?: string, resourceId?: string): IvsStoreError =>
  classifyError(err, operation, resourceId, IVS_ERRORS);
