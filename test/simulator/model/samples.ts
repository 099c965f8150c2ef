import { compile, type Piece } from './patterns.js';

/**
 * Strings that match a model pattern, to probe the simulator with: each repeated piece
 * takes its minimum count, the first alternative of inner groups, and the last
 * repeatable character repeats further to reach a wanted length.
 */

const CANDIDATES = [
  'a',
  '0',
  'A',
  '_',
  '-',
  '.',
  ' ',
  '\n',
  '\r',
  '\t',
  ...Array.from({ length: 0x3000 - 0x21 }, (_, k) => String.fromCodePoint(0x21 + k)),
];
const charSamples = new Map<string, string>();
function sampleChar(js: string): string {
  let s = charSamples.get(js);
  if (s === undefined) {
    const re = new RegExp(`^${js}$`, 'u');
    s = CANDIDATES.find((c) => re.test(c));
    if (s === undefined) throw new Error(`No sample character for ${js}`);
    charSamples.set(js, s);
  }
  return s;
}

/** Single-character pieces that may repeat more, on the path a sample takes. */
function growable(seq: Piece[], out: Piece[] = []): Piece[] {
  for (const p of seq) {
    if (p.atom.t === 'group' && p.min > 0) growable(p.atom.alts[0] ?? [], out);
    else if (p.atom.t === 'char' && p.max > p.min) out.push(p);
  }
  return out;
}

function generate(seq: Piece[], target: Piece | undefined, extra: number): string {
  return seq
    .map((p) => {
      const count = p.min + (p === target ? extra : 0);
      if (p.atom.t === 'anchor' || count === 0) return '';
      if (p.atom.t === 'char') return sampleChar(p.atom.js).repeat(count);
      return generate(p.atom.alts[0] ?? [], target, extra).repeat(count);
    })
    .join('');
}

/**
 * Strings of exactly `length` characters matching the pattern, one per top-level
 * alternative that can make one (the last repeatable character is repeated to fit).
 */
export function samplesOfLength(java: string, length: number): string[] {
  const { re, alts } = compile(java);
  const out: string[] = [];
  for (const seq of alts) {
    const target = growable(seq).at(-1);
    const base = generate(seq, target, 0);
    const s =
      base.length === length
        ? base
        : target && length > base.length
          ? generate(seq, target, length - base.length)
          : undefined;
    if (s !== undefined && s.length === length && re.test(s)) out.push(s);
  }
  return out;
}

/** The shortest sample of each top-level alternative. */
export function shortestSamples(java: string): string[] {
  const { re, alts } = compile(java);
  return alts.map((seq) => generate(seq, undefined, 0)).filter((s) => re.test(s));
}
