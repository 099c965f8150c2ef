/**
 * The models' `pattern`s are Java regular expressions, matched against the whole value
 * (`Matcher.matches()`, whatever anchors the text has). This turns one into a JS RegExp
 * with the `u` flag (samples.ts makes strings that match one).
 *
 * Translations (Java → JS):
 * - whole-value match: `^(?:…)$`;
 * - `\p{L}`, `\p{IsL}`, `\p{Lu}` …: Unicode general categories, same under `u`; other
 *   Java classes (`\p{Alpha}`, `\p{javaLowerCase}`, `\p{InGreek}` …) are refused;
 * - `.`: any character but Java's line terminators `[^\n\r\u0085\u2028\u2029]`
 *   (JS's `.` lets U+0085 through);
 * - `\s`: Java's ASCII whitespace `[ \t\n\x0B\f\r]` (JS's `\s` is Unicode-wide); `\S`
 *   only in the any-character idiom `[\s\S]`, which means the same in both;
 * - escaped punctuation (`\-`, `\.`, `\/` …): the literal character (`u` refuses
 *   unneeded escapes outside classes); a `-` that cannot make a range is `\-`;
 * - possessive quantifiers (`*+`, `++`, `?+`, `{n,m}+`) and atomic groups `(?>…)`:
 *   emulated with a lookahead and a backreference, `(?=(X*))\1`, which never gives
 *   back what it matched, as Java's do not.
 * Anything else Java-only (class unions and intersections, `\Q…\E`, `\A`, `\z`, `\h`,
 * `\v`, `\R`, lookarounds, backreferences, inline flags) throws, so a new model
 * construct fails the test instead of being matched wrongly.
 */

export type Atom =
  | { t: 'char'; js: string }
  | { t: 'anchor'; js: string }
  | { t: 'group'; capture: boolean; atomic: boolean; alts: Piece[][] };
export interface Piece {
  atom: Atom;
  min: number;
  max: number;
  /** JS quantifier text ('' for exactly once). */
  quant: string;
  possessive: boolean;
}

const TERMINATORS = '\\n\\r\\u0085\\u2028\\u2029';
const JAVA_SPACE = ' \\t\\n\\x0B\\f\\r';
const GENERAL_CATEGORY = /^(L[ultmo]?|M[nce]?|N[dlo]?|P[cdseifo]?|S[mcko]?|Z[slp]?|C[cfson]?)$/;
const lit = (c: string) => (/[A-Za-z0-9]/.test(c) ? c : `\\u{${c.codePointAt(0)!.toString(16)}}`);

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Piece[][] {
    const alts = this.alternatives();
    if (this.i < this.src.length) this.fail('unbalanced )');
    return alts;
  }

  private fail(what: string): never {
    throw new Error(`Unsupported Java pattern construct (${what}) at ${this.i} in ${this.src}`);
  }

  private alternatives(): Piece[][] {
    const alts: Piece[][] = [[]];
    while (this.i < this.src.length && this.src[this.i] !== ')') {
      if (this.src[this.i] === '|') {
        this.i++;
        alts.push([]);
        continue;
      }
      alts.at(-1)!.push(this.piece());
    }
    return alts;
  }

  private piece(): Piece {
    const atom = this.atom();
    const m = /^(?:([*+?])|\{(\d+)(,(\d*))?\})([?+]?)/.exec(this.src.slice(this.i));
    if (!m) return { atom, min: 1, max: 1, quant: '', possessive: false };
    this.i += m[0].length;
    const [, sym, lo, comma, hi, mode] = m;
    const min = sym === '+' ? 1 : sym ? 0 : Number(lo);
    const max = sym === '?' ? 1 : sym ? Infinity : comma === undefined ? Number(lo) : hi ? Number(hi) : Infinity;
    if (atom.t === 'anchor') this.fail('quantified anchor');
    // A lazy quantifier finds a whole-value match exactly when the greedy one does.
    return { atom, min, max, quant: m[0].slice(0, m[0].length - (mode ? 1 : 0)), possessive: mode === '+' };
  }

  private atom(): Atom {
    const c = this.src[this.i++] as string;
    if (c === '(') {
      let capture = true;
      let atomic = false;
      if (this.src.startsWith('?:', this.i)) [capture, this.i] = [false, this.i + 2];
      else if (this.src.startsWith('?>', this.i)) [capture, atomic, this.i] = [false, true, this.i + 2];
      else if (this.src[this.i] === '?') this.fail('lookaround, named group or inline flag');
      const alts = this.alternatives();
      if (this.src[this.i++] !== ')') this.fail('unclosed (');
      return { t: 'group', capture, atomic, alts };
    }
    if (c === '[') return { t: 'char', js: this.charClass() };
    if (c === '.') return { t: 'char', js: `[^${TERMINATORS}]` };
    if (c === '^' || c === '$') return { t: 'anchor', js: c };
    if (c === '\\') return this.escape(false);
    if ('*+?{'.includes(c)) this.fail(`dangling ${c}`);
    return { t: 'char', js: lit(c) };
  }

  /** An escape; in a class, `\s` comes back as its members only. */
  private escape(inClass: boolean): Exclude<Atom, { t: 'group' }> {
    const c = this.src[this.i++] as string;
    if (c === 'p' || c === 'P') {
      const m = /^\{(?:Is)?([A-Za-z]+)\}/.exec(this.src.slice(this.i));
      if (!m || !GENERAL_CATEGORY.test(m[1] as string)) this.fail(`\\${c}${m?.[0] ?? ''}`);
      this.i += m[0].length;
      return { t: 'char', js: `\\${c}{${m[1]}}` };
    }
    if ('dDwWtnrf'.includes(c)) return { t: 'char', js: `\\${c}` };
    if (c === 'b' || c === 'B') return inClass ? this.fail('\\b in a class') : { t: 'anchor', js: `\\${c}` };
    if (c === 's') return { t: 'char', js: inClass ? JAVA_SPACE : `[${JAVA_SPACE}]` };
    if (c === 'e') return { t: 'char', js: '\\x1B' };
    if (c === 'a') return { t: 'char', js: '\\x07' };
    if (c === 'x' && /^[0-9a-fA-F]{2}/.test(this.src.slice(this.i)))
      return { t: 'char', js: `\\x${this.src.slice(this.i, (this.i += 2))}` };
    if (c === 'u' && /^[0-9a-fA-F]{4}/.test(this.src.slice(this.i)))
      return { t: 'char', js: `\\u${this.src.slice(this.i, (this.i += 4))}` };
    if (/[A-Za-z0-9]/.test(c)) this.fail(`\\${c}`);
    return { t: 'char', js: lit(c) };
  }

  private charClass(): string {
    let out = '';
    const negated = this.src[this.i] === '^';
    if (negated) this.i++;
    let first = true;
    let rangeStart = false;
    while (this.i < this.src.length && (this.src[this.i] !== ']' || first)) {
      first = false;
      if (this.src.startsWith('\\s\\S', this.i) || this.src.startsWith('\\S\\s', this.i)) {
        // Java and JS agree that [\s\S] is every character.
        this.i += 4;
        out += '\\s\\S';
        rangeStart = false;
        continue;
      }
      const c = this.src[this.i++] as string;
      if (c === '[' || (c === '&' && this.src[this.i] === '&')) this.fail('class union or intersection');
      if (c === '-' && rangeStart && this.src[this.i] !== ']') {
        const next = this.src[this.i++] === '\\' ? this.escape(true).js : lit(this.src[this.i - 1] as string);
        out += `-${next}`;
        rangeStart = false;
        continue;
      }
      if (c === '-') {
        out += '\\-';
        rangeStart = false;
        continue;
      }
      if (c === '\\') {
        if (this.src[this.i] === 'S') this.fail('\\S in a class');
        const e = this.escape(true).js;
        out += e;
        rangeStart = /^\\(x|u|t|n|r|f)|^\\u\{/.test(e);
        continue;
      }
      out += lit(c);
      rangeStart = true;
    }
    if (this.src[this.i++] !== ']') this.fail('unclosed [');
    return `[${negated ? '^' : ''}${out}]`;
  }
}

function emit(alts: Piece[][], counter: { n: number }): string {
  return alts.map((seq) => seq.map((p) => emitPiece(p, counter)).join('')).join('|');
}

function emitPiece(p: Piece, counter: { n: number }): string {
  const atomOnce = (): string => {
    if (p.atom.t !== 'group') return p.atom.js;
    if (!p.atom.atomic) {
      if (p.atom.capture) counter.n++;
      const open = p.atom.capture ? '(' : '(?:';
      return `${open}${emit(p.atom.alts, counter)})`;
    }
    const idx = ++counter.n;
    return `(?:(?=(${emit(p.atom.alts, counter)}))\\${idx})`;
  };
  if (!p.possessive) return atomOnce() + p.quant;
  const idx = ++counter.n;
  return `(?:(?=(${atomOnce()}${p.quant}))\\${idx})`;
}

const cache = new Map<string, { re: RegExp; alts: Piece[][] }>();
/** The whole-value RegExp and the parsed pattern (for samples.ts). */
export function compile(java: string): { re: RegExp; alts: Piece[][] } {
  let hit = cache.get(java);
  if (!hit) {
    const alts = new Parser(java).parse();
    hit = { re: new RegExp(`^(?:${emit(alts, { n: 0 })})$`, 'u'), alts };
    cache.set(java, hit);
  }
  return hit;
}

/** The model pattern as a JS RegExp that matches whole values only. */
export function javaPattern(java: string): RegExp {
  return compile(java).re;
}
