import type { NewsOutcome } from '../../core/cache-writer.js';
import { isObject } from '../../core/entry.js';
import type { EntityQuery } from '../../query/entity-query.js';
import type { ListQuery } from '../../query/list-query.js';
import type { News, Rule, RuleSet } from '../../query/push/rules.js';

const CHANNEL = /^arn:aws:ivs:[^:]*:\d{12}:channel\/[a-zA-Z0-9]+$/;

/** What an event can write news into and read again (an entity or a list query). */
interface Rereadable<D> {
  news(id: string, seq: number, change: (data: D) => D | undefined): NewsOutcome;
  confirm(ids: Iterable<string>, at?: number): NewsOutcome;
}

/** The channel a call was about: named in the request, or made by it (CreateChannel's answer). */
function channelOf(n: News): string | undefined {
  const { requestParameters: req, responseElements: res } = n.detail;
  const named = isObject(req) ? (req.arn ?? req.resourceArn) : undefined;
  const made = isObject(res) && isObject(res.channel) ? res.channel.arn : undefined;
  const arn = named ?? made;
  return typeof arn === 'string' && CHANNEL.test(arn) ? arn : undefined;
}

/**
 * Channels change only by API calls, which IVS reports to EventBridge through CloudTrail
 * ("AWS API Call via CloudTrail", `eventSource` `ivs.amazonaws.com`) when the account has a
 * trail. Such an event says which call, not the channel's new state: the channel and the
 * lists are read again, unless a read sent after the call already answered. Channels are
 * covered (polled at the safety interval) only when the `covers` option names them: a feed
 * may carry no API calls at all.
 */
export function channelRules<T, F, S>(entities: EntityQuery<T>, lists: ListQuery<F, S>): RuleSet {
  /** News of the same data, dated by the call (a read sent before it cannot answer now), then a read. */
  const reread = <D>(query: Rereadable<D>, id: string, n: News): NewsOutcome => {
    const outcome = query.news(id, n.seq, (d) => d);
    return outcome === 'stale' ? outcome : query.confirm([id], n.at + 1);
  };
  const call: Rule = (n) => {
    if (n.detail.eventSource !== 'ivs.amazonaws.com' || n.detail.errorCode !== undefined) return 'unused';
    const arn = channelOf(n);
    if (!arn) return 'unused';
    return [reread(entities, arn, n), ...lists.keysWhere(() => true).map((key) => reread(lists, key, n))];
  };
  const names = ['CreateChannel', 'UpdateChannel', 'DeleteChannel', 'TagResource', 'UntagResource'];
  return {
    rules: { 'AWS API Call via CloudTrail': Object.fromEntries(names.map((name) => [name, call])) },
    covers: { channels: [entities.poller, lists.poller] },
  };
}
