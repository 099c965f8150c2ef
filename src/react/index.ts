/**
 * `ivs-store/react`: hooks over the store's Observables, built on useSyncExternalStore
 * (no tearing, StrictMode- and concurrent-safe). The same ARN keeps the same Observable,
 * so re-renders never resubscribe; cached data shows in the first render (and on the
 * server), read from the store's queries without subscribing.
 *
 * @module ivs-store/react
 */
export type { MutationCallbacks, MutationFunctions, MutationState, MutationStatus } from '../bindings/mutation.js';
export type { HookOptions } from '../bindings/hook-options.js';
export { skipToken, type SkipToken } from '../bindings/skip-token.js';
export { IvsStoreProvider, useIvsStore } from './context.js';
export { useObservable } from './source.js';
export { useEntry } from './entry.js';
export {
  useChannel,
  useChannels,
  useLiveStreams,
  useParticipantChanges,
  useParticipants,
  useStage,
  useStreamHealth,
} from './hooks.js';
export {
  useSuspenseChannel,
  useSuspenseChannels,
  useSuspenseEntry,
  useSuspenseLiveStreams,
  useSuspenseParticipants,
  useSuspenseStage,
  type SuspenseEntry,
  type SuspenseOptions,
} from './suspense.js';
export { useMutation, type UseMutationResult } from './mutation.js';
export * from './infinite.js';
