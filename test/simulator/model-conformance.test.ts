import { describe, expect, it } from 'vitest';
import { simulatorOperations } from '../../src/simulator/index.js';
import { SimError } from '../../src/simulator/operations/errors.js';
import { validateInput } from '../../src/simulator/operations/validate.js';
import type { OperationSpec, Rule, Service } from '../../src/simulator/operations/types.js';
import { modelsOrSkip, type ServiceModel } from './model/botocore.js';
import { CORRECTIONS, corrected } from './model/corrections.js';
import { violations } from './model/oracle.js';
import { javaPattern } from './model/patterns.js';
import { ProbeBuilder } from './model/probes.js';

/**
 * The operation table against the botocore service models, so neither can drift from
 * the other unnoticed. For every operation of each model, every input member and every
 * constraint (type, required, min/max lengths and sizes, numeric ranges, patterns,
 * enums), values just outside and just inside are built from the model (model/probes.ts),
 * checked against the model itself (model/oracle.ts), and given to the simulator's one
 * validator with the operation's table entry: the simulator must refuse exactly what
 * the model refuses. Limits the model cannot state (1 KB of metadata, a PEM that
 * parses) live in handlers and are not this test's business.
 *
 * Where the simulator knowingly reads the model differently, model/corrections.ts says
 * so (with the reason); SDK_ONLY below lists what the table has and the model lacks.
 * Skipped without python3 + botocore; on CI (CI set) it fails instead.
 */
const models = modelsOrSkip();

/**
 * What the table serves that botocore's model does not have yet, from the newer SDK the
 * simulator follows (@aws-sdk/client-ivs 3.1136): rules without a model to check them by.
 */
const SDK_ONLY: Array<{ service: Service; what: string }> = [
  { service: 'ivs', what: 'UpdateAdConfiguration' },
  { service: 'ivs', what: 'CreateAdConfiguration.postRollConfiguration' },
];

function preview(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 90 ? `${s.slice(0, 87)}…` : s;
}

function check(service: Service, model: ServiceModel) {
  const builder = new ProbeBuilder(model);
  const mismatches: string[] = [];
  const generatorErrors: string[] = [];
  let count = 0;
  for (const [name, op] of Object.entries(model.operations)) {
    const spec = simulatorOperations.find((s) => s.service === service && s.name === name);
    if (!spec) {
      mismatches.push(`${name}: no entry in the operation table`);
      continue;
    }
    if (!op.input) continue;
    const inputShape = op.input.shape;
    const seen = new Set<string>();
    for (const probe of builder.probes(inputShape)) {
      if (probe.path === '' && probe.kind === 'type') continue;
      count++;
      const input = probe.value as Record<string, unknown>;
      const modelSays = violations(model, inputShape, input);
      if ((modelSays.length === 0) !== (probe.expect === 'accept')) {
        generatorErrors.push(
          `${name}${probe.path} [${probe.kind}] meant to ${probe.expect} ${preview(input)}, model says ${modelSays.join('; ') || 'ok'}`,
        );
        continue;
      }
      const simSays = simulatorVerdict(spec, input);
      const modelAccepts = modelSays.length === 0;
      if (simSays === 'accept' && modelAccepts) continue;
      if (simSays === 'reject' && !modelAccepts) continue;
      // One line per member, constraint and verdict; nothing else of an operation whose minimal input fails.
      const key = `${probe.path} [${probe.kind}] ${modelAccepts}`;
      if (seen.has(key) || seen.has('minimal')) continue;
      seen.add(probe.path === '' && probe.kind === 'minimal' ? 'minimal' : key);
      mismatches.push(
        `${name}${probe.path} [${probe.kind}]: model ${modelAccepts ? 'accepts' : `refuses (${modelSays[0]})`}, simulator ${simSays} ${preview(input)}`,
      );
    }
  }
  return { mismatches, generatorErrors, gaps: builder.gaps, count };
}

function simulatorVerdict(spec: OperationSpec, input: Record<string, unknown>): string {
  try {
    validateInput(spec, input);
    return 'accept';
  } catch (err) {
    if (err instanceof SimError && err.name === 'ValidationException') return 'reject';
    return `throws ${(err as Error).name}: ${(err as Error).message}`;
  }
}

describe.skipIf(!models)('the operation table against the botocore service models', () => {
  const results = models
    ? {
        ivs: { model: models.ivs, ...check('ivs', corrected('ivs', models.ivs)) },
        realtime: { model: models.realtime, ...check('realtime', corrected('realtime', models.realtime)) },
      }
    : undefined;

  it.each(['ivs', 'realtime'] as const)('%s: the simulator refuses exactly what the model refuses', (service) => {
    const r = results![service];
    expect(r.count, 'probes sent').toBeGreaterThan(500);
    expect(r.generatorErrors, 'probes that do not do what they claim').toEqual([]);
    expect(r.gaps, 'constraints no probe could break').toEqual([]);
    expect(r.mismatches).toEqual([]);
  });

  it('every correction is still needed: the pattern it replaces refuses the real ARNs', () => {
    for (const c of CORRECTIONS) {
      const shape = (c.service === 'ivs' ? models!.ivs : models!.realtime).shapes[c.shape]!;
      for (const arn of c.examples) {
        expect(javaPattern(shape.pattern!).test(arn), `${c.service} ${c.shape} ${arn}`).toBe(false);
        expect(javaPattern(c.pattern.used).test(arn), arn).toBe(true);
      }
    }
  });

  it.each(['ivs', 'realtime'] as const)('%s: the table has no operation and no member the model lacks', (service) => {
    const model = results![service].model;
    const extra: string[] = [];
    for (const spec of simulatorOperations.filter((s) => s.service === service)) {
      const op = model.operations[spec.name];
      if (!op) extra.push(spec.name);
      else if (op.input)
        extra.push(...extraMembers(model, op.input.shape, { kind: 'object', fields: spec.fields }, spec.name));
    }
    const known = SDK_ONLY.filter((s) => s.service === service).map((s) => s.what);
    expect(
      extra.filter((e) => !known.includes(e)),
      'not in the model',
    ).toEqual([]);
    expect(
      known.filter((k) => !extra.includes(k)),
      'SDK_ONLY entries the model now has',
    ).toEqual([]);
  });
});

function extraMembers(model: ServiceModel, shapeName: string, rule: Rule, at: string): string[] {
  const shape = model.shapes[shapeName];
  if (rule.kind === 'list' && rule.item && shape?.type === 'list')
    return extraMembers(model, shape.member!.shape, rule.item, `${at}[]`);
  if (rule.kind !== 'object' || shape?.type !== 'structure') return [];
  return Object.entries(rule.fields ?? {}).flatMap(([m, r]) => {
    const ref = shape.members?.[m];
    return ref ? extraMembers(model, ref.shape, r, `${at}.${m}`) : [`${at}.${m}`];
  });
}

describe('Java patterns as JavaScript (model/patterns.ts)', () => {
  it('translates the constructs the models use, and Java-only ones by their Java meaning', () => {
    expect(javaPattern('([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)').test('équipe 2024:a/b=c+d-e@f')).toBe(true);
    expect(javaPattern('([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)').test('a!')).toBe(false);
    expect(javaPattern('[a-zA-Z0-9-_]*').test('a-b_C9')).toBe(true);
    expect(javaPattern('^$|^arn:aws:ivs:[a-z0-9-]+:[0-9]+:stage/[a-zA-Z0-9-]+$').test('')).toBe(true);
    expect(javaPattern('st-[a-zA-Z0-9]+').test('xst-abc')).toBe(false); // whole value, as Java's matches()
    expect(javaPattern('a.b').test('a\u0085b')).toBe(false); // U+0085 ends a line in Java
    expect(javaPattern('\\s').test('\u00a0')).toBe(false); // Java's \s is ASCII only
    expect(javaPattern('[\\s\\S]*').test('any\nthing')).toBe(true);
    expect(javaPattern('a*+a').test('aaa')).toBe(false); // possessive: gives nothing back
    expect(javaPattern('(?>a|ab)c').test('abc')).toBe(false); // atomic group: keeps 'a', never tries 'ab'
    expect(() => javaPattern('[a-z&&[^aeiou]]')).toThrow(/Unsupported/);
    expect(() => javaPattern('\\p{Alpha}')).toThrow(/Unsupported/);
  });
});
