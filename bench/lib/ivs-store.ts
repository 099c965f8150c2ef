/**
 * ivs-store as its users get it: the rollup build in dist/ (`npm run bench` builds first),
 * not the TypeScript sources run through tsx. tsx compiles with esbuild's keepNames, which
 * defines a `name` property on every closure it creates (about 250 bytes each): measured on
 * the sources, the store looked twice its real size per watched channel.
 * The import is computed so that neither TypeScript nor tsx maps it back to src/; the
 * types are the sources' (the same API).
 */
import { existsSync } from 'node:fs';
import { build } from 'esbuild';
import type * as Lib from '../../src/index.js';
import type * as RealtimeLib from '../../src/realtime/index.js';
import type { Batcher as BatcherClass } from '../../src/core/batcher.js';

const dist = new URL('../../dist/index.js', import.meta.url);
if (!existsSync(dist)) throw new Error('bench: dist/ is missing; run `npm run build` first (npm run bench does)');
const lib = (await import(dist.href)) as typeof Lib;

export const { createIvsStore } = lib;
export type IvsStore = Lib.IvsStore;
/** `ivs-store/realtime` from the same build. */
export const { realtimeResources } = (await import(
  new URL('../../dist/realtime.js', import.meta.url).href
)) as typeof RealtimeLib;

/** The Batcher is internal (not in dist's exports): compiled here the same way, without keepNames. */
export async function loadBatcher(): Promise<typeof BatcherClass> {
  const out = await build({
    entryPoints: [new URL('../../src/core/batcher.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    logLevel: 'silent',
  });
  const mod = (await import(
    `data:text/javascript;base64,${Buffer.from(out.outputFiles[0]!.text).toString('base64')}`
  )) as { Batcher: typeof BatcherClass };
  return mod.Batcher;
}
