/** What each scenario reports: a table of contenders, the ratios that matter, and checks of our claims. */
export interface Column {
  key: string;
  label: string;
  digits?: number;
}

export type Row = Record<string, string | number>;

export interface Ratio {
  /** e.g. "HTTP calls, TanStack per channel / ivs-store". */
  label: string;
  value: number;
}

export interface Check {
  /** A claim the README makes, e.g. "ivs-store makes ⌈500/50⌉ = 10 calls". */
  claim: string;
  ok: boolean;
  actual: string;
}

export interface ScenarioResult {
  id: string;
  title: string;
  columns: Column[];
  rows: Row[];
  ratios: Ratio[];
  checks: Check[];
  notes: string[];
  seconds?: number;
}

export const check = (claim: string, ok: boolean, actual: unknown): Check => ({ claim, ok, actual: String(actual) });

function cell(v: string | number | undefined, digits = 0): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return '∞';
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export const formatRatio = (v: number) =>
  !Number.isFinite(v) ? '∞' : v >= 100 ? `${Math.round(v)}×` : v >= 10 ? `${v.toFixed(1)}×` : `${v.toFixed(2)}×`;

/** A markdown table (readable in a terminal, pasteable into the README). */
export function table(r: ScenarioResult): string {
  const head = ['contender', ...r.columns.map((c) => c.label)];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const row of r.rows)
    lines.push(`| ${[String(row.contender), ...r.columns.map((c) => cell(row[c.key], c.digits))].join(' | ')} |`);
  return lines.join('\n');
}

export function render(r: ScenarioResult): string {
  const parts = [`### ${r.title}`, '', table(r)];
  if (r.ratios.length) parts.push('', ...r.ratios.map((x) => `- ${x.label}: **${formatRatio(x.value)}**`));
  if (r.checks.length)
    parts.push('', ...r.checks.map((c) => `- ${c.ok ? '✔' : '✘'} ${c.claim} (measured: ${c.actual})`));
  if (r.notes.length) parts.push('', ...r.notes.map((n) => `> ${n}`));
  return parts.join('\n');
}
