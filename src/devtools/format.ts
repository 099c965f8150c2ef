/** Text for the panel: every value goes through `esc` before it meets innerHTML. */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const esc = (value: unknown): string => String(value).replace(/[&<>"']/g, (c) => ENTITIES[c] as string);

/** A duration for people: `850ms`, `4.2s`, `3m 10s`, `2h 5m`. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const a = Math.abs(ms);
  if (a < 1000) return `${Math.round(ms)}ms`;
  if (a < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const m = Math.floor(a / 60_000);
  return m < 60 ? `${m}m ${Math.floor((a % 60_000) / 1000)}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

/** How long ago `at` was (ms epoch), or `—` for never. */
export const ago = (at: number | undefined, now: number): string => (at === undefined ? '—' : duration(now - at));

/** Clock time of `at`, as `14:03:07`. */
export const clock = (at: number): string => new Date(at).toTimeString().slice(0, 8);

/** The end of an ARN (what tells two apart), or the id as is. */
export const short = (id: string): string => (id.startsWith('arn:') ? id.slice(id.lastIndexOf('/') + 1) || id : id);

/** One table row of cells; `cls` classes the row, `title` is its tooltip. */
export const row = (cells: string[], cls = '', title = ''): string =>
  `<tr${cls ? ` class="${cls}"` : ''}${title ? ` title="${esc(title)}"` : ''}>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
