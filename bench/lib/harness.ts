/**
 * Runs the scenarios in order, then once more each one that failed a hard goal or a check:
 * a shared 2-core machine can fail a figure once by noise, so a failure counts only if it
 * repeats. Kept apart from run.ts (which imports every scenario) so that it can be tested
 * with stand-in scenarios.
 */
import { performance } from 'node:perf_hooks';
import { failures, render, type FirstRun, type ScenarioResult } from './report.js';

export type Scenario = () => Promise<ScenarioResult>;

export interface HarnessIo {
  /** Before every run, re-runs too: the bench forces a full GC so that no scenario starts with another's garbage. */
  settle: () => Promise<void>;
  print: (text: string) => void;
}

async function runOne(id: string, scenario: Scenario, io: HarnessIo, first?: FirstRun): Promise<ScenarioResult> {
  await io.settle();
  const t0 = performance.now();
  io.print(`${first ? 're-running' : 'running'} ${id}…\n`);
  const result = await scenario();
  result.seconds = Math.round((performance.now() - t0) / 100) / 10;
  if (first) result.rerun = first;
  io.print(`\n${render(result)}\n\n(${result.seconds} s)\n\n`);
  return result;
}

/** The results of `ids` in order; a failed scenario's entry is its re-run, which carries what the first run measured. */
export async function runAll(
  scenarios: Record<string, Scenario>,
  ids: readonly string[],
  io: HarnessIo,
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const id of ids) results.push(await runOne(id, scenarios[id]!, io));
  for (const [i, first] of results.entries()) {
    const failed = failures(first);
    if (!failed.length) continue;
    io.print(
      `${first.id} failed ${failed.length === 1 ? 'a goal or check' : `${failed.length} goals or checks`}; running it once more\n`,
    );
    const { goals = [], checks, seconds } = first;
    results[i] = await runOne(ids[i]!, scenarios[ids[i]!]!, io, { failed, goals, checks, seconds });
  }
  return results;
}
