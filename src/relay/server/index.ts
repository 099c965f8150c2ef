/**
 * ivs-store/relay (Node): one store reads IVS for a team, and browsers watch it over a
 * WebSocket (`createIvsStore({ relay: { url, token } })`) with no AWS credentials; with
 * Redis, relays share one poller.
 *
 * @module ivs-store/relay
 */
export { createRelay } from './create-relay.js';
export { startRelay } from './start-relay.js';
export type {
  Relay,
  RelayAction,
  RelayClusterOptions,
  RelayHandler,
  RelayLimits,
  RelayMetrics,
  RelayOptions,
  RelayRequest,
  RelayTarget,
  StartRelayOptions,
} from '../types.js';
