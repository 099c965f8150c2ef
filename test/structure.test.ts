import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../src');
const SIM = join(SRC, 'simulator');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports of a file that are not `import type` (those vanish at runtime). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(?!type\s)[^;]*?from\s+'(\.[^']+)'/gm)) {
    out.push(resolve(dirname(file), m[2] as string));
  }
  return out;
}

/** Every module a file names: static imports and re-exports (types too) and `import()`. */
function allImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*)'([^']+)'/g)].map((m) => m[1] as string);
  return specs.map((s) => (s.startsWith('.') ? resolve(dirname(file), s) : s));
}

/** The top folder of src a path is in (`core`, `query`, …), or the file name for files at the top. */
const floorOf = (path: string) => relative(SRC, path).split(sep)[0] as string;

const TESTING = join(SRC, 'testing');
/** The library proper: not the simulator, nor the test helpers that join the two (`ivs-store/testing`). */
const library = files(SRC).filter((f) => !f.startsWith(SIM) && !f.startsWith(TESTING));

describe('the simulator and the library share no runtime code', () => {
  it('nothing in src/simulator imports from the library at runtime', () => {
    const offenders = files(SIM).flatMap((f) =>
      runtimeImports(f)
        .filter((target) => !target.startsWith(SIM))
        .map((t) => `${relative(SRC, f)} -> ${relative(SRC, t)}`),
    );
    expect(offenders).toEqual([]);
  });

  it('nothing in the library imports from src/simulator at runtime', () => {
    const offenders = library.flatMap((f) =>
      runtimeImports(f)
        .filter((t) => t.startsWith(SIM))
        .map((t) => `${relative(SRC, f)} -> ${relative(SRC, t)}`),
    );
    expect(offenders).toEqual([]);
  });
});

describe('the test helpers (src/testing) use the library as its users do', () => {
  it('they import only entry points (src/<entry>/index.ts, src/index.ts) and each other', () => {
    const entry = (t: string) =>
      /^(index|(react|vue|angular|realtime|simulator)\/index)\.(js|ts)$/.test(relative(SRC, t));
    const offenders = files(TESTING).flatMap((f) =>
      allImports(f)
        .filter((t) => t.startsWith(SRC) && !t.startsWith(TESTING) && !entry(t))
        .map((t) => `${relative(SRC, f)} -> ${relative(SRC, t)}`),
    );
    expect(offenders).toEqual([]);
  });
});

describe('one floor per layer: core → query → resources → store', () => {
  /** What each floor may import from src/, types included (besides itself). */
  const MAY_IMPORT: Record<string, readonly string[]> = {
    core: [],
    query: ['core'],
    resources: ['core', 'query'],
    store: ['core', 'query', 'resources'],
  };

  it.each(Object.keys(MAY_IMPORT))('src/%s imports only the floors below it', (floor) => {
    const allowed = new Set([floor, ...(MAY_IMPORT[floor] ?? [])]);
    const offenders = library
      .filter((f) => floorOf(f) === floor)
      .flatMap((f) =>
        allImports(f)
          .filter((t) => t.startsWith(SRC) && !allowed.has(floorOf(t)))
          .map((t) => `${relative(SRC, f)} -> ${relative(SRC, t)}`),
      );
    expect(offenders).toEqual([]);
  });

  it('the engine and the kit know nothing of IVS: no AWS SDK import in src/core or src/query', () => {
    const offenders = library
      .filter((f) => ['core', 'query'].includes(floorOf(f)))
      .flatMap((f) =>
        allImports(f)
          .filter((t) => t.startsWith('@aws-sdk/'))
          .map((t) => `${relative(SRC, f)} -> ${t}`),
      );
    expect(offenders).toEqual([]);
  });

  it('no two folders of src import each other, directly or round a circle', () => {
    const folderOf = (path: string) => relative(SRC, dirname(path));
    const edges = new Map<string, Set<string>>();
    for (const f of files(SRC)) {
      for (const t of allImports(f)) {
        if (!t.startsWith(SRC) || folderOf(t) === folderOf(f)) continue;
        const from = folderOf(f);
        if (!edges.has(from)) edges.set(from, new Set());
        edges.get(from)?.add(folderOf(t));
      }
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (node: string, path: string[]) => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'open') {
        cycles.push([...path.slice(path.indexOf(node)), node].join(' -> '));
        return;
      }
      state.set(node, 'open');
      for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
      state.set(node, 'done');
    };
    for (const node of edges.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });

  it('no file in src/ is over 300 lines', () => {
    const long = files(SRC)
      .map((f) => [relative(SRC, f), readFileSync(f, 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > 300);
    expect(long).toEqual([]);
  });
});

describe('the simulator in layers: operations → world → handlers → http and control', () => {
  const sim = (path: string) => relative(SIM, path).split(sep)[0] as string;
  /** What each folder of the simulator may import from the simulator, types included (besides itself). */
  const MAY_IMPORT: Record<string, readonly string[]> = {
    operations: [],
    world: ['operations'],
    handlers: ['operations', 'world'],
    // The server and the scenario's controls sit on top; neither imports the other.
    http: ['operations', 'world', 'handlers'],
    control: ['operations', 'world', 'handlers'],
  };

  it.each(Object.keys(MAY_IMPORT))('src/simulator/%s imports only the folders below it', (folder) => {
    const allowed = new Set([folder, ...(MAY_IMPORT[folder] ?? [])]);
    const offenders = files(join(SIM, folder)).flatMap((f) =>
      allImports(f)
        .filter((t) => t.startsWith(SIM) && !allowed.has(sim(t)))
        .map((t) => `${relative(SRC, f)} -> ${relative(SRC, t)}`),
    );
    expect(offenders).toEqual([]);
  });

  it('no folder of src is named spec or __tests__ (test tools would take it for tests)', () => {
    const named = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        if (!statSync(path).isDirectory()) return [];
        return [...(['spec', '__tests__'].includes(name) ? [relative(SRC, path)] : []), ...named(path)];
      });
    expect(named(SRC)).toEqual([]);
  });
});
