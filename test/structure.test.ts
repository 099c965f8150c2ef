import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
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

describe('the simulator and the library share no runtime code', () => {
  it('nothing in src/simulator imports from the library at runtime', () => {
    const offenders = files(SIM).flatMap((f) =>
      runtimeImports(f).filter((target) => !target.startsWith(SIM)).map((t) => `${relative(SRC, f)} -> ${relative(SRC, t)}`),
    );
    expect(offenders).toEqual([]);
  });

  it('nothing in the library imports from src/simulator at runtime', () => {
    const offenders = files(SRC)
      .filter((f) => !f.startsWith(SIM))
      .flatMap((f) => runtimeImports(f).filter((t) => t.startsWith(SIM)).map((t) => `${relative(SRC, f)} -> ${relative(SRC, t)}`));
    expect(offenders).toEqual([]);
  });
});
