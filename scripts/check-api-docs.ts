/**
 * The API reference's own rule, on top of TypeDoc's validation (which checks summaries
 * only): every public function and method has a summary AND an `@example`, and every
 * entry point of package.json "exports" is in the reference under the name users import.
 * Reads TypeDoc's JSON output (`docs/api/api.json`, written by `npm run docs:api`).
 *
 * Usage: tsx scripts/check-api-docs.ts [path/to/api.json]. Lists offenders, exits 1 if any.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ReflectionKind, type JSONOutput } from 'typedoc';

type Comment = JSONOutput.Comment | undefined;
type Declaration = JSONOutput.DeclarationReflection;

const text = (c: Comment) =>
  (c?.summary ?? [])
    .map((part) => part.text)
    .join('')
    .trim();
/** A summary's first paragraph is what lists show: one line, a sentence; details go in the next paragraph. */
export const SUMMARY_MAX = 200;
const firstParagraph = (c: Comment) =>
  text(c)
    .split(/\n\s*\n/)[0]
    ?.replace(/\s+/g, ' ') ?? '';
const hasExample = (c: Comment) => (c?.blockTags ?? []).some((t) => t.tag === '@example' && t.content.length > 0);

/** What users can call: functions, and methods of the exported classes, interfaces and object types. */
const CALLABLE = ReflectionKind.Function | ReflectionKind.Method;

/** `path: problem` for each public function or method (each signature) without a one-line summary or an example. */
export function undocumentedCallables(project: JSONOutput.ProjectReflection): string[] {
  const problems: string[] = [];
  const seen = new Set<number>();
  const visit = (d: Declaration, path: string) => {
    if (seen.has(d.id)) return;
    seen.add(d.id);
    if (d.kind & CALLABLE) {
      for (const s of d.signatures ?? []) {
        // TypeDoc puts a function's comment on its signature; a declaration comment counts too.
        const comment = text(s.comment) ? s.comment : d.comment;
        const first = firstParagraph(comment);
        const missing = [
          first ? undefined : 'no summary',
          first.length > SUMMARY_MAX
            ? `a ${first.length}-character first paragraph (at most ${SUMMARY_MAX}: end it after the first sentence with a blank line)`
            : undefined,
          hasExample(s.comment) || hasExample(d.comment) ? undefined : 'no @example',
        ].filter(Boolean);
        if (missing.length > 0) problems.push(`${path}: ${missing.join(', ')}`);
      }
    }
    for (const c of d.children ?? []) visit(c, `${path}.${c.name}`);
    // Members of object types (a type alias of an object, a property typed by one).
    visitType(d.type, path);
  };
  const visitType = (t: JSONOutput.SomeType | undefined, path: string) => {
    if (t?.type === 'reflection') for (const c of t.declaration.children ?? []) visit(c, `${path}.${c.name}`);
    if (t?.type === 'intersection' || t?.type === 'union') for (const u of t.types) visitType(u, path);
  };
  // The project's children are its entry modules (or, with one entry point, that module's exports).
  for (const d of project.children ?? []) visit(d, d.name);
  return problems;
}

/** The import specifiers package.json "exports" offers (`ivs-store`, `ivs-store/react`, ...). */
export function exportedEntries(pkg: { name: string; exports: Record<string, unknown> }): string[] {
  return Object.keys(pkg.exports)
    .filter((k) => k !== './package.json')
    .map((k) => (k === '.' ? pkg.name : `${pkg.name}/${k.slice(2)}`));
}

/** Entry points users can import that the reference lacks, and modules in it users cannot import. */
export function entryProblems(project: JSONOutput.ProjectReflection, entries: string[]): string[] {
  const modules = (project.children ?? []).map((m) => m.name);
  return [
    ...entries
      .filter((e) => !modules.includes(e))
      .map(
        (e) =>
          `${e}: exported by package.json but not in the reference (add its file to typedoc.json "entryPoints" and \`@module ${e}\` to the file's first comment)`,
      ),
    ...modules
      .filter((m) => !entries.includes(m))
      .map((m) => `${m}: in the reference but not in package.json "exports"`),
  ];
}

/** How many symbols the reference documents (declarations and signatures with a summary). */
export function documentedCount(project: JSONOutput.ProjectReflection): number {
  let n = 0;
  const visit = (d: Declaration) => {
    if (text(d.comment)) n++;
    for (const s of d.signatures ?? []) if (text(s.comment)) n++;
    for (const c of d.children ?? []) visit(c);
    if (d.type?.type === 'reflection') for (const c of d.type.declaration.children ?? []) visit(c);
  };
  for (const m of project.children ?? []) visit(m);
  return n;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? 'docs/api/api.json';
  const project = JSON.parse(readFileSync(file, 'utf8')) as JSONOutput.ProjectReflection;
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; exports: Record<string, unknown> };
  const problems = [...entryProblems(project, exportedEntries(pkg)), ...undocumentedCallables(project)];
  for (const p of problems) console.error(`api docs: ${p}`);
  if (problems.length > 0) {
    console.error(
      `api docs: ${problems.length} problem(s); every public function and method needs a one-line summary and an @example`,
    );
    process.exit(1);
  }
  console.log(`api docs: ${documentedCount(project)} documented symbols, every function and method with an example`);
}
