/**
 * The API reference (`npm run docs:api`): TypeDoc converts the public entry points without
 * a warning, and every public function and method has a summary and an example.
 */
import { fileURLToPath } from 'node:url';
import {
  Application,
  Logger,
  LogLevel,
  normalizePath,
  TSConfigReader,
  TypeDocReader,
  type TypeDocOptions,
} from 'typedoc';
import { describe, expect, it } from 'vitest';
import { entryProblems, exportedEntries, undocumentedCallables } from '../../scripts/check-api-docs.js';
import pkg from '../../package.json' with { type: 'json' };

/** Keeps TypeDoc's warnings and errors, to show them in a failure. */
class Collect extends Logger {
  messages: string[] = [];
  override log(message: string, level: LogLevel): void {
    if (level >= LogLevel.Warn) this.messages.push(message);
  }
}

/**
 * Converts and validates like `typedoc` does, without writing: the project as JSON and what
 * was logged. With no options, typedoc.json's project; else only the options given.
 */
async function reference(options?: TypeDocOptions) {
  // No ArgumentsReader: process.argv is vitest's here.
  const readers = options ? [new TSConfigReader()] : [new TypeDocReader(), new TSConfigReader()];
  const app = await Application.bootstrapWithPlugins(options ?? {}, readers);
  const logger = new Collect();
  app.logger = logger;
  const project = await app.convert();
  if (!project) throw new Error(`TypeDoc could not convert:\n${logger.messages.join('\n')}`);
  app.validate(project);
  return { json: app.serializer.projectToObject(project, normalizePath(process.cwd())), warnings: logger.messages };
}

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

describe('API reference', () => {
  // typedoc.json's project, converted once (a TypeScript program of all of src/: seconds).
  let full: ReturnType<typeof reference> | undefined;
  const ours = () => (full ??= reference());

  it('documents every entry point of package.json without a warning, each function and method with an example', async () => {
    const { json, warnings } = await ours();
    expect(warnings).toEqual([]);
    expect(entryProblems(json, exportedEntries(pkg))).toEqual([]);
    expect(undocumentedCallables(json)).toEqual([]);
  }, 180_000);

  it('names a method without docs, one without an example and one without a one-line summary; passes one with all', async () => {
    const { json, warnings } = await reference({
      entryPoints: [fixture('undocumented.ts')],
      tsconfig: fixture('tsconfig.json'),
      disableSources: true,
      validation: { notDocumented: true },
    });
    expect(undocumentedCallables(json)).toEqual([
      expect.stringMatching(/^ThingsApi\.count: a 2\d\d-character first paragraph \(at most 200/),
      'ThingsApi.list$: no @example',
      'ThingsApi.remove: no summary, no @example',
    ]);
    // TypeDoc's own check sees only the missing summary.
    expect(warnings).toEqual([expect.stringContaining('ThingsApi.remove')]);
  }, 60_000);

  it('names an entry point of package.json that the reference lacks', async () => {
    const project = { ...(await ours()).json };
    project.children = project.children?.filter((m) => m.name !== 'ivs-store/vue');
    expect(entryProblems(project, exportedEntries(pkg))).toEqual([
      expect.stringMatching(/^ivs-store\/vue: exported by package.json but not in the reference/),
    ]);
  }, 180_000);
});
