import { Rng } from './rng.js';

/** An Amazon EventBridge event as IVS sends it (see docs/EVENTS.md for each kind's `detail`). */
export interface IvsEvent {
  /** The envelope's version. */
  version: '0';
  /** Unique per event; a duplicated delivery carries the same id. */
  id: string;
  /** What happened, e.g. `IVS Stream State Change`: says what `detail` holds. */
  'detail-type': string;
  /** Who sent it. */
  source: 'aws.ivs';
  /** The simulated account. */
  account: string;
  /** When the state changed, ISO-8601. */
  time: string;
  /** The simulator's region. */
  region: string;
  /** The resource the event is about (channel, stage or composition ARN); none for an API call's. */
  resources: string[];
  /** The event's own fields, by `detail-type`. */
  detail: Record<string, unknown>;
}

type Listener = (event: IvsEvent) => void;

/**
 * The one place the world's state changes become EventBridge events: the state
 * functions call `emit`, whoever delivers them listens. Ids come from their own seeded
 * generator, so turning events on or off never changes the world's ids.
 */
export class WorldEvents {
  private readonly rng: Rng;
  private readonly listeners = new Set<Listener>();

  constructor(
    seed: number,
    private readonly account: string,
    private readonly region: string,
  ) {
    this.rng = new Rng(seed ^ 0xe7e7);
  }

  onEmit(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** `wholeSeconds`: `time` written to the second, as CloudTrail's events have it. */
  emit(
    detailType: string,
    resource: string | undefined,
    detail: IvsEvent['detail'],
    timeMs: number,
    wholeSeconds = false,
  ): IvsEvent {
    const event: IvsEvent = {
      version: '0',
      id: this.uuid(),
      'detail-type': detailType,
      source: 'aws.ivs',
      account: this.account,
      time: wholeSeconds ? new Date(timeMs).toISOString().replace(/\.\d{3}Z$/, 'Z') : new Date(timeMs).toISOString(),
      region: this.region,
      resources: resource === undefined ? [] : [resource],
      detail,
    };
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** EventBridge ids are UUID-shaped (8-4-4-4-12 hex). */
  private uuid(): string {
    const hex = this.rng.chars(32, '0123456789abcdef');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
