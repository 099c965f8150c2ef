import type { IvsMoves } from './control/ivs-moves.js';
import type { RealtimeMoves } from './control/realtime-moves.js';
import type { EventFaults, EventFeed, EventFilter } from './http/event-feed.js';
import type { FaultHandle, FaultRule, Faults } from './http/faults.js';
import type { RequestFilter, RequestLog, RequestLogEntry } from './http/log.js';
import type { Quotas } from './http/quotas.js';
import type { IvsEvent } from './world/events.js';
import { Observable } from 'rxjs';

/**
 * The EventBridge events the simulated IVS sends (docs/EVENTS.md), for Node code and
 * tests. The same feed as `GET /_events`, delivery faults included.
 */
export interface SimulatorEvents {
  /**
   * Called with each event as it is delivered; returns the unsubscribe.
   * @example const stop = sim.control.events.subscribe((e) => console.log(e['detail-type']))
   */
  subscribe(listener: (event: IvsEvent) => void): () => void;
  /**
   * Events delivered so far, in delivery order (duplicates included, dropped ones not), optionally filtered.
   * @example sim.control.events.events({ detailType: 'IVS Stream State Change', resource: channelArn })
   */
  events(filter?: EventFilter): IvsEvent[];
  /**
   * Events as the world emitted them, before delivery faults, in order.
   * @example expect(sim.control.events.emitted({ resource: stageArn })).toHaveLength(3)
   */
  emitted(filter?: EventFilter): IvsEvent[];
  /**
   * Replace the delivery faults; `{}` delivers everything once, in order, at once.
   * @example sim.control.events.setFaults({ dropRate: 0.1, duplicateRate: 0.05 })
   */
  setFaults(faults: EventFaults): void;
  /**
   * Forget the events listed so far (subscribers stay).
   * @example sim.control.events.clear()
   */
  clear(): void;
}

/**
 * Drives a running simulator from a test, a demo or the command line: moves in the
 * simulated world (per service), fault injection, quotas and the request log.
 */
export interface SimulatorControl {
  /** IVS moves: createChannel, goLive, setHealth, setViewers, goOffline, ... */
  readonly ivs: IvsMoves;
  /** IVS RealTime moves: createStage, join, leave, publish, unpublish, ... */
  readonly realtime: RealtimeMoves;
  /**
   * Advance the scenario by `ticks` moves now (deterministic for a given seed).
   * @example sim.control.step(10)
   */
  step(ticks?: number): void;
  /**
   * Start or stop the scenario's own timer (`tickMs` from the scenario).
   * @example sim.control.setMotion(false) // a still world for a test
   */
  setMotion(on: boolean): void;
  /**
   * Add a fault rule; `remove()` on the handle ends it.
   * @example sim.control.injectFault({ operations: ['BatchGetChannel'], latencyMs: [200, 800] })
   */
  injectFault(rule: FaultRule): FaultHandle;
  /**
   * Remove every fault rule.
   * @example sim.control.clearFaults()
   */
  clearFaults(): void;
  /**
   * `true`: the published IVS quotas; an object: overrides by operation name; `false`: off.
   * @example sim.control.setQuotas({ ListChannels: 1 })
   */
  setQuotas(setting: boolean | Record<string, number>): void;
  /**
   * Requests seen so far, oldest first, optionally filtered.
   * @example const batches = sim.control.requests({ operation: 'BatchGetChannel' }).map((r) => r.keys)
   */
  requests(filter?: RequestFilter): RequestLogEntry[];
  /**
   * How many requests were seen so far, optionally filtered.
   * @example expect(sim.control.countRequests({ operation: 'GetChannel' })).toBe(0)
   */
  countRequests(filter?: RequestFilter): number;
  /**
   * Forget the requests seen so far (counting starts again).
   * @example sim.control.clearRequests()
   */
  clearRequests(): void;
  /** The EventBridge events the world's changes cause. */
  readonly events: SimulatorEvents;
  /** Each event as it is delivered (faults included), as an Observable: what a store's `events` option takes. */
  readonly events$: Observable<IvsEvent>;
}

export function createControl(parts: {
  ivs: IvsMoves;
  realtime: RealtimeMoves;
  /** The scenario, by the two verbs control passes on: it builds on control's moves, so control does not import it. */
  scenario: Pick<SimulatorControl, 'step' | 'setMotion'>;
  faults: Faults;
  quotas: Quotas;
  log: RequestLog;
  feed: EventFeed;
  /** Sends the events of changes that are derived from the clock (compositions) and are due. */
  settleEvents: () => void;
}): SimulatorControl {
  const { faults, quotas, log, scenario, feed, settleEvents } = parts;
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
    events$: new Observable<IvsEvent>((subscriber) => feed.subscribe((e) => subscriber.next(e))),
    events: {
      subscribe: (listener) => feed.subscribe(listener),
      events: (filter) => {
        settleEvents();
        return feed.delivered(filter);
      },
      emitted: (filter) => {
        settleEvents();
        return feed.emitted(filter);
      },
      setFaults: (f) => feed.setFaults(f),
      clear: () => feed.clear(),
    },
  };
}
