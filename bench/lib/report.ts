/**
 * What each scenario reports: a table of contenders, the ratios that matter, the goals its
 * figures are held to, and checks of our claims. Every ratio reads ivs-store / the other, so
 * below 1 is always ivs-store's way.
 */
export interface Column {
  key: string;
  label: string;
  digits?: number;
}

export type Row = Record<string, string | number>;

export interface Ratio {
  /** e.g. "HTTP calls, ivs-store / a query per channel". */
  label: string;
  value: number;
}

export interface Check {
  /** A claim the README makes, e.g. "ivs-store makes ⌈500/50⌉ = 10 calls". */
  claim: string;
  ok: boolean;
  actual: string;
}

/** A figure held to a bound on its ratio to an anchor measured in the same run. */
export interface Goal {
  /** The figure as the summary names it, e.g. "subscribe 20 000 channel Observables, ms". */
  figure: string;
  /** What is compared, e.g. "subscribe time". */
  label: string;
  /** The contender the ratio is taken to, e.g. "TanStack". */
  anchor: string;
  ours: number;
  theirs: number;
  /** Digits to print `ours` and `theirs` with. */
  digits: number;
  /** ivs-store / anchor; with `runs`, the worst run's. */
  ratio: number;
  /** Each run's ratio, when the bound must hold in every run and not only for the median. */
  runs?: number[];
  bound: number;
  /** A hard goal fails the bench; a soft one (a compass heading) is printed and nothing more. */
  hard: boolean;
  ok: boolean;
}

/** What the first run of a scenario measured, kept when a failure made the bench run it again. */
export interface FirstRun {
  failed: string[];
  goals: Goal[];
  checks: Check[];
  seconds?: number;
}

export interface ScenarioResult {
  id: string;
  title: string;
  columns: Column[];
  rows: Row[];
  ratios: Ratio[];
  /** Optional: not every scenario has a figure with a goal (health counts calls, checked as claims). */
  goals?: Goal[];
  checks: Check[];
  notes: string[];
  seconds?: number;
  /** Set when this result is the re-run of a scenario whose first run failed. */
  rerun?: FirstRun;
}

export const check = (claim: string, ok: boolean, actual: unknown): Check => ({ claim, ok, actual: String(actual) });

export interface GoalSpec {
  figure: string;
  label: string;
  anchor: string;
  ours: number;
  theirs: number;
  digits?: number;
  bound: number;
  hard?: boolean;
  /** Per-run [ours, anchor] pairs: the goal holds only if every run's ratio is within the bound. */
  runs?: Array<readonly [number, number]>;
}

const divide = (a: number, b: number) => (b === 0 ? Number.POSITIVE_INFINITY : a / b);

export function goal(spec: GoalSpec): Goal {
  const { runs: pairs, hard = true, digits = 0, ...rest } = spec;
  const runs = pairs?.map(([o, t]) => divide(o, t));
  const ratio = runs?.length ? Math.max(...runs) : divide(spec.ours, spec.theirs);
  // NaN (a zero over a zero) fails: a figure that measured nothing has not met its goal.
  return { ...rest, digits, ratio, ...(runs ? { runs } : {}), hard, ok: ratio <= spec.bound };
}

/** The hard goals and the checks of a result that did not hold, one line each. */
export function failures(r: ScenarioResult): string[] {
  return [
    ...(r.goals ?? []).filter((g) => g.hard && !g.ok).map(goalText),
    ...r.checks.filter((c) => !c.ok).map((c) => `${c.claim} (measured: ${c.actual})`),
  ];
}

function cell(v: string | number | undefined, digits = 0): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return '∞';
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** 2 decimals in the usual range; small ratios keep 2 significant digits and say "1/n", or they would all read 0.00×. */
export function formatRatio(v: number): string {
  if (Number.isNaN(v)) return '?×';
  if (!Number.isFinite(v)) return '∞';
  if (v >= 100) return `${Math.round(v)}×`;
  if (v >= 10) return `${v.toFixed(1)}×`;
  if (v >= 0.1 || v === 0) return `${v.toFixed(2)}×`;
  return `${v.toPrecision(2)}× (1/${cell(Math.round(1 / v))})`;
}

const bound = (g: Goal) => `≤ ${formatRatio(g.bound)}${g.runs ? ' in every run' : ''}`;

const mark = (g: Goal) => (g.hard ? (g.ok ? '✔' : '✘') : g.ok ? '(✔)' : '(✘)');

function goalText(g: Goal): string {
  const runs = g.runs ? `, the worst of ${g.runs.length} runs (${g.runs.map(formatRatio).join(', ')})` : '';
  const kind = g.hard ? 'goal' : 'compass goal, informative: it does not fail the bench';
  return `${g.label}, ivs-store / ${g.anchor}: ${formatRatio(g.ratio)}${runs} (${kind} ${bound(g)})`;
}

/** A markdown table (readable in a terminal, pasteable into the README). */
export function table(r: ScenarioResult): string {
  const head = ['contender', ...r.columns.map((c) => c.label)];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const row of r.rows)
    lines.push(`| ${[String(row.contender), ...r.columns.map((c) => cell(row[c.key], c.digits))].join(' | ')} |`);
  return lines.join('\n');
}

function firstRun(f: FirstRun): string {
  const failed = new Set(f.goals.filter((g) => g.hard && !g.ok).map((g) => g.label));
  // A figure held to two bounds (a goal and a compass) is one measurement: say it once.
  const figures = [...new Map(f.goals.map((g) => [g.label, g.ratio])).entries()].map(
    ([label, ratio]) => `${failed.has(label) ? '✘ ' : ''}${label} ${formatRatio(ratio)}`,
  );
  const checks = f.checks.filter((c) => !c.ok).map((c) => `✘ ${c.claim} (measured: ${c.actual})`);
  const took = f.seconds === undefined ? '' : ` (${f.seconds} s)`;
  return `Re-run once after a failure; this second run is the one that counts. The first${took} measured: ${[...figures, ...checks].join('; ')}.`;
}

export function render(r: ScenarioResult): string {
  const parts = [`### ${r.title}`, '', table(r)];
  if (r.ratios.length) parts.push('', ...r.ratios.map((x) => `- ${x.label}: **${formatRatio(x.value)}**`));
  const goals = r.goals ?? [];
  if (goals.length) parts.push('', ...goals.map((g) => `- ${mark(g)} ${goalText(g)}`));
  if (r.checks.length)
    parts.push('', ...r.checks.map((c) => `- ${c.ok ? '✔' : '✘'} ${c.claim} (measured: ${c.actual})`));
  if (r.notes.length || r.rerun)
    parts.push('', ...r.notes.map((n) => `> ${n}`), ...(r.rerun ? [`> ${firstRun(r.rerun)}`] : []));
  return parts.join('\n');
}

/** Every goal of the run in one table: figure | ivs-store | anchor | ratio | goal | ✔/✘. */
export function summary(results: ScenarioResult[]): string {
  const lines: string[] = [];
  for (const r of results)
    for (const [i, g] of (r.goals ?? []).entries()) {
      const first = r.rerun?.goals[i];
      const figure = `${g.figure}${r.rerun ? ' (re-run)' : ''}`;
      const ratio = [
        formatRatio(g.ratio),
        ...(g.runs ? [`worst of ${g.runs.length}`] : []),
        ...(first ? [`first run ${formatRatio(first.ratio)}`] : []),
      ].join(', ');
      const goalCell = g.hard ? bound(g) : `${bound(g)} (compass, informative)`;
      lines.push(
        `| ${[figure, cell(g.ours, g.digits), `${g.anchor} ${cell(g.theirs, g.digits)}`, ratio, goalCell, mark(g)].join(' | ')} |`,
      );
    }
  const checks = results.flatMap((r) => r.checks);
  const held = checks.filter((c) => c.ok).length;
  const rerun = results.filter((r) => r.rerun).map((r) => r.id);
  const head = ['| figure | ivs-store | anchor | ratio | goal | ✔/✘ |', '|---|---:|---:|---:|---:|:---:|'];
  return [
    ...(lines.length ? [...head, ...lines, ''] : []),
    `${checks.length ? `Claims checked: ${held} of ${checks.length} hold.` : 'No claims checked in this run.'}${rerun.length ? ` Re-run once after a failure: ${rerun.join(', ')}.` : ''}`,
  ].join('\n');
}
