import { describe, expect, it } from 'vitest';
import { runAll, type Scenario } from '../../bench/lib/harness.js';
import {
  check,
  failures,
  formatRatio,
  goal,
  render,
  summary,
  type Goal,
  type ScenarioResult,
} from '../../bench/lib/report.js';

const subscribe = (ours: number, extra: Partial<Parameters<typeof goal>[0]> = {}): Goal =>
  goal({
    figure: 'subscribe, ms',
    label: 'subscribe time',
    anchor: 'TanStack',
    ours,
    theirs: 100,
    bound: 0.2,
    ...extra,
  });

const result = (id: string, goals: Goal[], checks = [check('a claim', true, 1)]): ScenarioResult => ({
  id,
  title: id,
  columns: [],
  rows: [],
  ratios: [],
  goals,
  checks,
  notes: [],
});

describe('goal', () => {
  it('is ivs-store / anchor against the bound, inclusive', () => {
    expect(subscribe(20)).toMatchObject({ ratio: 0.2, ok: true, hard: true });
    expect(subscribe(21)).toMatchObject({ ok: false });
  });

  it('over several runs takes the worst run, so one slow run fails it even when the median passes', () => {
    const g = subscribe(10, {
      runs: [
        [10, 100],
        [30, 100],
        [5, 100],
      ],
    });
    expect(g.runs).toEqual([0.1, 0.3, 0.05]);
    expect(g).toMatchObject({ ratio: 0.3, ok: false });
  });

  it('fails a figure that measured nothing (0 / 0)', () => {
    expect(subscribe(0, { theirs: 0 }).ok).toBe(false);
  });

  it('a soft goal (the compass) is printed but never fails the bench', () => {
    const r = result('s', [subscribe(50, { hard: false })]);
    expect(failures(r)).toEqual([]);
    expect(render(r)).toContain('- (✘) subscribe time, ivs-store / TanStack: 0.50× (compass goal, informative');
  });
});

describe('report', () => {
  it('prints ✔ or ✘ per goal with the ratio and its bound', () => {
    const text = render(result('s', [subscribe(10), subscribe(50)]));
    expect(text).toContain('- ✔ subscribe time, ivs-store / TanStack: 0.10× (goal ≤ 0.20×)');
    expect(text).toContain('- ✘ subscribe time, ivs-store / TanStack: 0.50× (goal ≤ 0.20×)');
  });

  it('lists as failures the hard goals and the checks that did not hold', () => {
    const r = result('s', [subscribe(10), subscribe(50)], [check('ok', true, 1), check('10 calls', false, 12)]);
    expect(failures(r)).toEqual([
      'subscribe time, ivs-store / TanStack: 0.50× (goal ≤ 0.20×)',
      '10 calls (measured: 12)',
    ]);
  });

  it('summarises every goal as figure | ivs-store | anchor | ratio | goal | ✔/✘', () => {
    const text = summary([result('a', [subscribe(10)]), result('b', [], [check('c', false, 0)])]);
    expect(text).toContain('| figure | ivs-store | anchor | ratio | goal | ✔/✘ |');
    expect(text).toContain('| subscribe, ms | 10 | TanStack 100 | 0.10× | ≤ 0.20× | ✔ |');
    expect(text).toContain('Claims checked: 1 of 2 hold.');
  });

  it('keeps small ratios readable rather than 0.00×', () => {
    expect(formatRatio(1 / 40_000)).toBe('0.000025× (1/40,000)');
    expect(formatRatio(0.5)).toBe('0.50×');
    expect(formatRatio(150)).toBe('150×');
  });
});

describe('runAll', () => {
  /** A scenario that measures `oursByRun[n]` on its n-th run (the last value from then on). */
  function stand(oursByRun: number[]) {
    let runs = 0;
    const scenario: Scenario = async () =>
      result('subscribe', [subscribe(oursByRun[Math.min(runs++, oursByRun.length - 1)]!)]);
    return { scenario, runs: () => runs };
  }
  const quiet = { settle: async () => {}, print: () => {} };

  it('does not re-run a scenario that holds', async () => {
    const s = stand([10]);
    const [r] = await runAll({ s: s.scenario }, ['s'], quiet);
    expect(s.runs()).toBe(1);
    expect(r?.rerun).toBeUndefined();
  });

  it('re-runs a failed scenario once and keeps the re-run, with what the first run measured', async () => {
    const s = stand([50, 10]);
    const printed: string[] = [];
    const [r] = await runAll({ s: s.scenario }, ['s'], { ...quiet, print: (t) => printed.push(t) });
    expect(s.runs()).toBe(2);
    expect(failures(r!)).toEqual([]);
    expect(r?.rerun?.failed).toEqual(['subscribe time, ivs-store / TanStack: 0.50× (goal ≤ 0.20×)']);
    expect(r?.rerun?.goals[0]?.ratio).toBe(0.5);
    expect(printed.join('')).toContain('re-running s');
    expect(render(r!)).toMatch(/The first \(.*\) measured: ✘ subscribe time 0.50×/);
    expect(summary([r!])).toContain('| subscribe, ms (re-run) | 10 | TanStack 100 | 0.10×, first run 0.50× |');
  });

  it('still fails when the re-run fails too, and runs it no more than twice', async () => {
    const s = stand([50, 40, 10]);
    const [r] = await runAll({ s: s.scenario }, ['s'], quiet);
    expect(s.runs()).toBe(2);
    expect(failures(r!)).toEqual(['subscribe time, ivs-store / TanStack: 0.40× (goal ≤ 0.20×)']);
  });

  it('settles (the GC) before every run, the re-runs too, and keeps the order of the ids', async () => {
    const a = stand([50, 10]);
    const b = stand([10]);
    let settles = 0;
    const results = await runAll({ a: a.scenario, b: b.scenario }, ['b', 'a'], {
      ...quiet,
      settle: async () => void settles++,
    });
    expect(settles).toBe(3);
    expect(results.map((r) => r.rerun !== undefined)).toEqual([false, true]);
  });
});
