/**
 * `npm run bench`: ivs-store side by side with TanStack Query (one query per resource) and
 * TanStack Query + DataLoader, on the same in-process simulator and the same workload, in
 * one run. Prints a table per scenario with each figure's ratio to its anchor (ivs-store /
 * anchor) and its goal, re-runs once a scenario that failed a goal or a check, prints a
 * summary, writes bench/results.json, and with `--readme` rewrites the README's Performance
 * section from this run. Exits 1 if a hard goal or a check failed in the re-run too.
 *
 *   npm run bench                       all scenarios
 *   npm run bench -- --only quiet-cycle one of them (ids below)
 *   npm run bench -- --readme           also update README.md
 */
import './lib/browser-like.js'; // before query-core loads: see the module
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { collect } from './lib/measure.js';
import { runAll } from './lib/harness.js';
import { failures, render, summary, type ScenarioResult } from './lib/report.js';
import { coalescer } from './scenarios/coalescer.js';
import { dashboardLoad } from './scenarios/dashboard-load.js';
import { demoCalls } from './scenarios/demo-calls.js';
import { health } from './scenarios/health.js';
import { interest } from './scenarios/interest.js';
import { memory } from './scenarios/memory.js';
import { push } from './scenarios/push.js';
import { quietCycle } from './scenarios/quiet-cycle.js';
import { relay } from './scenarios/relay.js';
import { tabs } from './scenarios/tabs.js';

const SCENARIOS: Record<string, () => Promise<ScenarioResult>> = {
  'dashboard-load': dashboardLoad,
  health,
  'quiet-cycle': quietCycle,
  coalescer,
  interest,
  memory,
  'demo-calls': demoCalls,
  tabs,
  push,
  relay,
};

function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { only: { type: 'string', multiple: true }, readme: { type: 'boolean', default: false } },
  });
  const ids = values.only ?? Object.keys(SCENARIOS);
  for (const id of ids)
    if (!SCENARIOS[id])
      throw new TypeError(`--only: unknown scenario '${id}'; one of ${Object.keys(SCENARIOS).join(', ')}`);
  const started = performance.now();
  const results = await runAll(SCENARIOS, ids, { settle: collect, print: (text) => process.stdout.write(text) });
  const total = Math.round((performance.now() - started) / 1000);
  const failed = results.flatMap((r) => failures(r).map((f) => `${r.id}: ${f}`));
  const report = {
    date: new Date().toISOString(),
    machine: machine(),
    totalSeconds: total,
    failed,
    scenarios: results,
  };
  writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`## Summary\n\n${summary(results)}\n\n`);
  process.stdout.write(
    `bench: ${results.length} scenario${results.length === 1 ? '' : 's'} in ${total} s; results in bench/results.json\n`,
  );
  if (values.readme) updateReadme(report);
  if (failed.length) {
    process.stderr.write(`bench: failed, and again when re-run:\n${failed.map((f) => `  ✘ ${f}`).join('\n')}\n`);
    process.exitCode = 1;
  }
}

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

function updateReadme(report: {
  date: string;
  machine: ReturnType<typeof machine>;
  totalSeconds: number;
  failed: string[];
  scenarios: ScenarioResult[];
}): void {
  const url = new URL('../README.md', import.meta.url);
  const readme = readFileSync(url, 'utf8');
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${START} … ${END} section to update`);
  const m = report.machine;
  const body = [
    START,
    `Measured ${report.date.slice(0, 10)} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node} (${m.platform}); the whole run took ${report.totalSeconds} s. Shared 2-core machines are noisy: the ratios hold their shape from run to run, the milliseconds move. Every ratio is ivs-store / its anchor from the same run: below 1, ivs-store is cheaper.`,
    '',
    summary(report.scenarios),
    '',
    ...report.scenarios.flatMap((s) => [render(s).replace(/^### /, '#### '), '']),
    END,
  ].join('\n');
  writeFileSync(url, readme.slice(0, a) + body + readme.slice(b + END.length));
  process.stdout.write('bench: README.md Performance section updated\n');
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
