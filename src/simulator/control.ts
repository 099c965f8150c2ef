import type { IvsMoves } from './control/ivs-moves.js';
import type { RealtimeMoves } from './control/realtime-moves.js';
import type { FaultHandle, FaultRule, Faults } from './http/faults.js';
import type { RequestFilter, RequestLog, RequestLogEntry } from './http/log.js';
import type { Quotas } from './http/quotas.js';

/**
 * Drives a running simulator from a test, a demo or the command line: moves in the
 * simulated world (per service), fault injection, quotas and the request log.
 */
export interface SimulatorControl {
  /** IVS moves: createChannel, goLive, setHealth, setViewers, goOffline, ... */
  readonly ivs: IvsMoves;
  /** IVS RealTime moves: createStage, join, leave, publish, unpublish, ... */
  readonly realtime: RealtimeMoves;
  /** Advance the scenario by `ticks` moves now (deterministic for a given seed). */
  step(ticks?: number): void;
  /** Start or stop the scenario's own timer (`tickMs` from the scenario). */
  setMotion(on: boolean): void;
  /** Add a fault rule; `remove()` on the handle ends it. */
  injectFault(rule: FaultRule): FaultHandle;
  clearFaults(): void;
  /** `true`: the published IVS quotas; an object: overrides by operation name; `false`: off. */
  setQuotas(setting: boolean | Record<string, number>): void;
  /** Requests seen so far, oldest first, optionally filtered. */
  requests(filter?: RequestFilter): RequestLogEntry[];
  countRequests(filter?: RequestFilter): number;
  clearRequests(): void;
}

export function createControl(parts: {
  ivs: IvsMoves;
  realtime: RealtimeMoves;
  /** The scenario, by the two verbs control passes on: it builds on control's moves, so control does not import it. */
  scenario: Pick<SimulatorControl, 'step' | 'setMotion'>;
  faults: Faults;
  quotas: Quotas;
  log: RequestLog;
}): SimulatorControl {
  const { faults, quotas, log, scenario } = parts;
  return {
    ivs: parts.ivs,
    realtime: parts.realtime,
    step: (ticks = 1) => scenario.step(ticks),
    setMotion: (on) => scenario.setMotion(on),
    injectFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    setQuotas: (setting) => quotas.configure(setting),
    requests: (filter) => log.list(filter),
    countRequests: (filter) => log.count(filter),
    clearRequests: () => log.clear(),
  };
}
