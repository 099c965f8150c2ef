import type { StoreMetrics } from '../index.js';
import { ago, clock, duration, esc, row, short } from './format.js';
import type { InspectedCall, InspectedEntry, InspectedQuota } from './inspection.js';

/**
 * Each section of the panel as the rows of its table, from plain data: pure functions, so
 * the panel redraws a section only when its text changed. Nothing here reads an entry's data:
 * ids, states and error messages only, so a Secret in the cache has nothing to leak through.
 */

/** What one drawing shows. */
export interface View {
  now: number;
  /** False on a tab that follows another (tabs): polls, budget and calls are the leader's. */
  reads: boolean;
  filter: string;
  maxEntries: number;
}

const empty = (cols: number, text: string) => `<tr><td colspan="${cols}" class="muted">${esc(text)}</td></tr>`;

export function entryRows(entries: InspectedEntry[], v: View): { html: string; count: string } {
  const f = v.filter.toLowerCase();
  const shown = entries
    .filter((e) => !f || `${e.collection} ${e.id} ${e.status}`.toLowerCase().includes(f))
    .sort((a, b) => a.collection.localeCompare(b.collection) || a.id.localeCompare(b.id));
  const rows = shown.slice(0, v.maxEntries).map((e) => {
    const next =
      e.nextPollAt === 0
        ? 'reading'
        : e.nextPollAt !== undefined
          ? duration(Math.max(0, e.nextPollAt - v.now))
          : !e.watchers
            ? '—'
            : v.reads
              ? 'paused'
              : 'leader tab';
    return row(
      [
        esc(e.collection),
        esc(short(e.id)),
        `<span class="${e.status}">${e.status}${e.fetching ? ' ⟳' : ''}</span>`,
        ago(e.checkedAt, v.now),
        String(e.watchers),
        next,
        e.error ? `<span class="error">${esc(e.error.kind)}: ${esc(e.error.message)}</span>` : '',
      ],
      '',
      `${e.id}\nchanged ${ago(e.updatedAt, v.now)} ago`,
    );
  });
  if (shown.length > v.maxEntries)
    rows.push(empty(7, `… and ${shown.length - v.maxEntries} more (filter to find them)`));
  return {
    html: rows.join('') || empty(7, f ? 'No entry matches the filter.' : 'The cache is empty.'),
    count: `${shown.length}${f ? ` of ${entries.length}` : ''}`,
  };
}

export function pollRows(metrics: StoreMetrics | undefined, v: View): string {
  const kinds = Object.entries(metrics?.polling ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const note = v.reads ? '' : ' (the leader tab’s)';
  return (
    kinds
      .map(([kind, p]) =>
        row(
          [esc(kind) + note, duration(p.requestedMs), duration(p.effectiveMs), String(p.watched)],
          p.effectiveMs > p.requestedMs ? 'stretched' : '',
          p.effectiveMs > p.requestedMs ? 'Stretched: the quota cannot fit the interval asked for.' : '',
        ),
      )
      .join('') || empty(4, 'Nothing is polled: nothing is watched.')
  );
}

export function quotaRows(quotas: InspectedQuota[], metrics: StoreMetrics | undefined, v: View): string {
  if (!v.reads) return empty(5, 'The leader tab reads for this one: the budget is spent there.');
  return (
    [...quotas]
      .sort((a, b) => b.recent / b.tps - a.recent / a.tps || a.operation.localeCompare(b.operation))
      .map((q) => {
        const used = Math.min(1, q.recent / q.tps);
        return row([
          esc(q.operation),
          `<span class="bar${used >= 1 ? ' full' : ''}"><i style="width:${Math.round(used * 100)}%"></i></span> ${q.recent}/${q.tps}/s`,
          String(Math.max(0, q.tps - q.recent)),
          String(q.queued),
          `${metrics?.calls[q.operation] ?? 0}${metrics?.errors[q.operation] ? ` <span class="bad">${metrics.errors[q.operation]} failed</span>` : ''}`,
        ]);
      })
      .join('') || empty(5, 'No call sent yet.')
  );
}

export function callRows(calls: readonly InspectedCall[], v: View): string {
  if (calls.length === 0)
    return empty(5, v.reads ? 'No call since the panel opened.' : 'The leader tab makes the calls for this one.');
  return calls
    .map((c) =>
      row(
        [
          clock(c.sentAt),
          esc(c.operation),
          esc(c.resourceId ? short(c.resourceId) : ''),
          duration(c.ms),
          `<span class="${c.outcome === 'ok' ? 'ok' : 'bad'}">${esc(c.outcome)}</span>`,
        ],
        '',
        c.resourceId ?? '',
      ),
    )
    .join('');
}
