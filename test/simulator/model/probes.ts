import type { ServiceModel, Shape } from './botocore.js';
import { javaPattern } from './patterns.js';
import { samplesOfLength, shortestSamples } from './samples.js';

/**
 * Requests built from a model shape to find where the simulator's table disagrees with
 * it: for every constraint a value just outside it (`reject`) and values just inside
 * (`accept`), everything else minimal and valid. The test checks each claim against
 * the model (oracle.ts) before it asks the simulator.
 */
export interface Probe {
  /** Member path, e.g. `.tags<key>` or `.destinations[].s3.encoderConfigurationArns`. */
  path: string;
  /** The constraint probed: type, required, min, max, length, pattern, enum, entries. */
  kind: string;
  expect: 'accept' | 'reject';
  value: unknown;
}

/** Beyond any limit the simulator might invent where the model has none. */
const LONG = { string: 10_000, list: 1_000, map: 1_000 };
const BAD_CHARS = ['!', '#', '~', '\u0000', '\u00a0', 'é', ' ', 'a', 'Z', '0', '-', '_', '/', '*'];

export class ProbeBuilder {
  /** Constraints for which no rejecting value could be built (a gap in this generator). */
  readonly gaps: string[] = [];
  constructor(private readonly model: ServiceModel) {}

  private shape(name: string): Shape {
    const s = this.model.shapes[name];
    if (!s) throw new Error(`${name} is not a shape`);
    return s;
  }

  /** The smallest value the shape accepts. */
  minimal(name: string): unknown {
    const s = this.shape(name);
    switch (s.type) {
      case 'structure':
        return Object.fromEntries((s.required ?? []).map((m) => [m, this.minimal(s.members![m]!.shape)]));
      case 'list':
        return Array.from({ length: s.min ?? 0 }, () => this.minimal(s.member!.shape));
      case 'map':
        return Object.fromEntries(this.keys(s, s.min ?? 0).map((k) => [k, this.minimal(s.value!.shape)]));
      case 'string': {
        const v = this.minimalString(s);
        if (v === undefined) this.gaps.push(`${name}: no valid string`);
        return v;
      }
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
        return s.min ?? 0;
      case 'boolean':
        return false;
      default:
        return new Date(0).toISOString();
    }
  }

  /** Valid strings of a length (several when the pattern has alternatives). */
  private strings(s: Shape, length: number): string[] {
    if (s.enum) return s.enum.filter((e) => [...e].length === length);
    if (s.pattern) return samplesOfLength(s.pattern, length);
    return ['x'.repeat(length)];
  }

  /** `n` distinct valid keys of a map: the minimal key, then it with a number appended. */
  private keys(s: Shape, n: number): string[] {
    const key = this.shape(s.key!.shape);
    const base = String(this.minimal(s.key!.shape));
    const ok = (k: string) =>
      k.length >= (key.min ?? 0) &&
      (key.max === undefined || k.length <= key.max) &&
      (!key.pattern || javaPattern(key.pattern).test(k)) &&
      (!key.enum || key.enum.includes(k));
    const out: string[] = [];
    for (let i = 0; out.length < n && i < n * 2 + 10; i++) {
      const k = i === 0 ? base : `${base}${i}`;
      if (ok(k) && !out.includes(k)) out.push(k);
    }
    if (out.length < n) this.gaps.push(`${s.key!.shape}: cannot make ${n} distinct keys`);
    return out;
  }

  /** The shortest valid string, preferring a non-empty one. */
  private minimalString(s: Shape): string | undefined {
    if (s.enum) return s.enum[0];
    const min = s.min ?? 0;
    const fits = (v: string) => v.length >= min && (s.max === undefined || v.length <= s.max);
    if (s.pattern) {
      const short = shortestSamples(s.pattern).filter(fits);
      return short.find((v) => v !== '') ?? short[0] ?? samplesOfLength(s.pattern, min)[0];
    }
    return s.max === 0 ? '' : 'x'.repeat(Math.max(min, 1));
  }

  /** Probes of the shape, as values of the shape, with paths relative to it. */
  probes(name: string, path = '', depth = 0): Probe[] {
    if (depth > 8) return [];
    const s = this.shape(name);
    const p = (kind: string, expect: Probe['expect'], value: unknown): Probe => ({ path, kind, expect, value });
    switch (s.type) {
      case 'structure':
        return this.structure(name, s, path, depth);
      case 'list':
        return [
          p('type', 'reject', {}),
          ...this.counts(s, path, LONG.list, (n) => Array.from({ length: n }, () => this.minimal(s.member!.shape))),
          ...this.probes(s.member!.shape, `${path}[]`, depth + 1).map((c) => ({
            ...c,
            value: [c.value, ...(this.minimal(name) as unknown[]).slice(1)],
          })),
        ];
      case 'map': {
        const value = this.minimal(s.value!.shape);
        const [key = 'k'] = this.keys(s, 1);
        return [
          p('type', 'reject', []),
          ...this.counts(s, path, LONG.map, (n) => Object.fromEntries(this.keys(s, n).map((k) => [k, value]))),
          ...this.probes(s.key!.shape, `${path}<key>`, depth + 1)
            .filter((c) => typeof c.value === 'string')
            .map((c) => ({ ...c, value: { [c.value as string]: value } })),
          ...this.probes(s.value!.shape, `${path}<value>`, depth + 1).map((c) => ({ ...c, value: { [key]: c.value } })),
        ];
      }
      case 'string':
        return this.string(s, path);
      case 'integer':
      case 'long':
        return [
          p('type', 'reject', '1'),
          p('type', 'reject', (s.min ?? 0) + 0.5),
          ...this.numbers(s, path, 1, s.type === 'integer' ? 2 ** 31 - 1 : Number.MAX_SAFE_INTEGER),
        ];
      case 'float':
      case 'double':
        return [
          p('type', 'reject', 'x'),
          p('fraction', 'accept', (s.min ?? 0) + 0.25),
          ...this.numbers(s, path, 0.5, 1e9),
        ];
      case 'boolean':
        return [p('type', 'reject', 'true'), p('type', 'accept', true), p('type', 'accept', false)];
      default:
        return [];
    }
  }

  private structure(name: string, s: Shape, path: string, depth: number): Probe[] {
    const base = this.minimal(name) as Record<string, unknown>;
    const out: Probe[] = [
      { path, kind: 'type', expect: 'reject', value: [] },
      { path, kind: 'minimal', expect: 'accept', value: base },
    ];
    for (const r of s.required ?? []) {
      const { [r]: _omitted, ...rest } = base;
      out.push({ path: `${path}.${r}`, kind: 'required', expect: 'reject', value: rest });
    }
    for (const [m, ref] of Object.entries(s.members ?? {})) {
      for (const c of this.probes(ref.shape, `${path}.${m}`, depth + 1))
        out.push({ ...c, value: { ...base, [m]: c.value } });
    }
    return out;
  }

  /** Sizes of lists and maps: just outside and inside `min` and `max`, or very many. */
  private counts(s: Shape, path: string, long: number, make: (n: number) => unknown): Probe[] {
    const out: Probe[] = [];
    if (s.min !== undefined && s.min > 0) out.push({ path, kind: 'min', expect: 'reject', value: make(s.min - 1) });
    out.push({ path, kind: 'min', expect: 'accept', value: make(s.min ?? 0) });
    if (s.max !== undefined) {
      out.push(
        { path, kind: 'max', expect: 'accept', value: make(s.max) },
        { path, kind: 'max', expect: 'reject', value: make(s.max + 1) },
      );
    } else out.push({ path, kind: 'max', expect: 'accept', value: make(long) });
    return out;
  }

  private numbers(s: Shape, path: string, step: number, big: number): Probe[] {
    const out: Probe[] = [];
    if (s.min !== undefined)
      out.push(
        { path, kind: 'min', expect: 'reject', value: s.min - step },
        { path, kind: 'min', expect: 'accept', value: s.min },
      );
    if (s.max !== undefined)
      out.push(
        { path, kind: 'max', expect: 'accept', value: s.max },
        { path, kind: 'max', expect: 'reject', value: s.max + step },
      );
    else out.push({ path, kind: 'max', expect: 'accept', value: big });
    return out;
  }

  private string(s: Shape, path: string): Probe[] {
    const out: Probe[] = [{ path, kind: 'type', expect: 'reject', value: 42 }];
    const add = (kind: string, expect: Probe['expect'], value: string) => out.push({ path, kind, expect, value });
    if (s.enum) {
      for (const e of s.enum) add('enum', 'accept', e);
      for (const bad of ['', 'NOT_IN_ENUM', ...s.enum.map((e) => e.toLowerCase()).filter((e) => !s.enum!.includes(e))])
        add('enum', 'reject', bad);
      return out;
    }
    const min = s.min ?? 0;
    const insideLengths = [min, s.max ?? LONG.string];
    const inside = insideLengths.flatMap((n) => this.strings(s, n));
    if (min > 0) add('length', 'reject', this.strings(s, min - 1)[0] ?? 'x'.repeat(min - 1));
    if (s.max !== undefined)
      add(
        'length',
        'reject',
        this.strings(s, s.max + 1)[0] ?? (inside.at(-1) ?? 'x'.repeat(s.max)).padEnd(s.max + 1, 'x'),
      );
    for (const v of inside) add('length', 'accept', v);
    if (inside.length === 0) this.gaps.push(`${path}: no valid string of length ${insideLengths.join(' or ')}`);
    if (s.pattern) out.push(...this.patternProbes(s, path, inside.length ? inside : shortestSamples(s.pattern)));
    return out;
  }

  /** One character changed at the start, middle and end: the changes the pattern refuses, and a few it allows. */
  private patternProbes(s: Shape, path: string, samples: string[]): Probe[] {
    const out: Probe[] = [];
    const seen = new Set(samples);
    for (const sample of samples.filter((v) => v.length > 0).slice(0, 2)) {
      const chars = [...sample];
      for (const at of new Set([0, chars.length >> 1, chars.length - 1])) {
        let rejected = false;
        for (const c of BAD_CHARS) {
          const v = [...chars.slice(0, at), c, ...chars.slice(at + 1)].join('');
          if (seen.has(v)) continue;
          seen.add(v);
          const fits = javaPattern(s.pattern!).test(v);
          if (!fits && !rejected) {
            out.push({ path, kind: 'pattern', expect: 'reject', value: v });
            rejected = true;
          } else if (fits) out.push({ path, kind: 'pattern', expect: 'accept', value: v });
        }
      }
    }
    if (!out.some((p) => p.expect === 'reject')) this.gaps.push(`${path}: no string breaks ${s.pattern}`);
    return out;
  }
}
