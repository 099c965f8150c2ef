import type { NewsOutcome } from '../../core/cache-writer.js';
import type { Poller } from '../../core/poller.js';
import type { IvsEvent } from './types.js';

/** One event, checked and dated, as a rule receives it. */
export interface News {
  event: IvsEvent;
  /** What happened: `detail.event_name`, `detail.recording_status` or, for an API call, `detail.eventName`. */
  name: string;
  /** The event's first resource (a channel, stage or composition ARN); `''` for an API call's. */
  resource: string;
  detail: Record<string, unknown>;
  /** When it happened, ms epoch on this machine's clock. */
  at: number;
  /** The cache sequence of that moment: news older than a read sent later is stale. */
  seq: number;
}

/** What one event does to the entries of one resource; several outcomes when it touches several. */
export type Rule = (news: News) => NewsOutcome | readonly NewsOutcome[];

/**
 * A resource's apply rules, by `detail-type` then event name, and the kinds whose every
 * change arrives as an event (polled at the safety interval while the feed is healthy).
 */
export interface RuleSet {
  rules: Readonly<Record<string, Readonly<Record<string, Rule>>>>;
  /** Named as in the `covers` option: `streams`, `participants`, ... */
  covers?: Readonly<Record<string, readonly Poller[]>>;
}

/** Where resources hand their rules (present only on stores given `events`). */
export interface PushRegistry {
  /** The rules' code is loaded only here, with the feed's. */
  rules(load: () => Promise<RuleSet>): void;
}

/** One outcome for several: applied if anything was, else stale if anything was, else unused. */
export const outcomeOf = (outcomes: readonly NewsOutcome[]): NewsOutcome =>
  outcomes.includes('applied') ? 'applied' : outcomes.includes('stale') ? 'stale' : 'unused';
