import { isObject } from '../../core/entry.js';
import type { IvsEvent } from './types.js';

/** An event in AWS's envelope, with what the rules read of it. */
export interface Checked {
  event: IvsEvent;
  name: string;
  resource: string;
  detail: Record<string, unknown>;
  /** When it happened, ms epoch by the sender's clock (see `timeOf`). */
  at: number;
}

const ENVELOPE = ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region'] as const;

/**
 * An item of a feed, checked: the event and what the rules need, or why it is not read.
 * Strings are parsed as JSON (SSE and WebSocket messages arrive as text). Malformed: not an
 * object with every envelope field as a string, a `resources` array (empty for an API
 * call's event) whose first is an ARN, a `detail` object and an ISO-8601 time. Foreign: not from IVS (`source` `aws.ivs`), or of another account or region.
 */
export function checkEvent(
  item: unknown,
  account: string | undefined,
  region: string | undefined,
): Checked | 'malformed' | 'foreign' {
  let e = item;
  if (typeof e === 'string') {
    try {
      e = JSON.parse(e) as unknown;
    } catch {
      return 'malformed';
    }
  }
  if (!isObject(e) || ENVELOPE.some((k) => typeof e[k] !== 'string')) return 'malformed';
  const { resources, detail } = e;
  // An API call's event (CloudTrail) names no resource: its detail does.
  const resource: unknown = Array.isArray(resources) ? (resources[0] ?? '') : undefined;
  const at = timeOf(e.time as string, isObject(detail) ? detail.event_time : undefined);
  if (typeof resource !== 'string' || !isObject(detail) || at === undefined) return 'malformed';
  if (e.source !== 'aws.ivs' || (account !== undefined && e.account !== account)) return 'foreign';
  if (region !== undefined && e.region !== region) return 'foreign';
  const name = detail.event_name ?? detail.recording_status ?? detail.eventName;
  return { event: e as unknown as IvsEvent, name: typeof name === 'string' ? name : '', resource, detail, at };
}

/** ISO-8601 as AWS writes it: a date, a time to the second or finer, and a zone. */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.(\d+))?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * When the event happened, as late as its time allows. AWS writes `time` to the second
 * (`2024-09-09T16:17:26Z`): the change happened somewhere in that second, and a read is
 * known to have seen it only if sent after the second's end, so a time counts as the last
 * millisecond it can mean (a second's, a tenth's). A finer `detail.event_time` wins.
 */
function timeOf(time: string, eventTime: unknown): number | undefined {
  const latest = (t: unknown) => {
    const m = typeof t === 'string' ? ISO.exec(t) : null;
    const ms = m ? Date.parse(t as string) : Number.NaN;
    if (!m || Number.isNaN(ms)) return undefined;
    const digits = m[1]?.length ?? 0;
    return { at: ms + (digits >= 3 ? 0 : 10 ** (3 - digits) - 1), digits };
  };
  const envelope = latest(time);
  const detail = latest(eventTime);
  if (!envelope) return undefined;
  return detail && detail.digits > envelope.digits ? detail.at : envelope.at;
}
