import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * Bundles the dashboard page (React, Vue, RxJS, the browser build of the AWS SDK and
 * ivs-store from source) into ES modules, in memory: `/app.js`, and the chunks its dynamic
 * imports load (`ivs-store/devtools` behind its button, the store's lazy resources), by the
 * URL path the page asks for them at. esbuild takes about a second, so `npm run demo` needs
 * no build step and always shows the current source. `ivs-store` and `ivs-store/*` resolve to
 * `src/` through tsconfig.json's `paths`.
 */
export async function bundleDashboard(): Promise<Map<string, string>> {
  const outdir = `${here}.bundle`;
  const result = await build({
    entryPoints: { app: `${here}app/main.tsx` },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    splitting: true,
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'none',
    tsconfig: `${here}../tsconfig.json`,
    jsx: 'automatic',
    define: {
      'process.env.NODE_ENV': '"production"',
      // Vue's feature flags for the runtime-only build (render functions, no template compiler).
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    logLevel: 'silent',
  });
  const files = new Map(result.outputFiles.map((f) => [f.path.slice(outdir.length), f.text] as const));
  if (!files.has('/app.js')) throw new Error('bundleDashboard: esbuild produced no /app.js');
  return files;
}
