import { builtinModules } from 'node:module';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';

// Entry points: the library, the Node-only simulator, and the simulator's CLI.
const entries = {
  index: 'src/index.ts',
  react: 'src/react/index.ts',
  vue: 'src/vue/index.ts',
  angular: 'src/angular/index.ts',
  realtime: 'src/realtime/index.ts',
  devtools: 'src/devtools/index.ts',
  simulator: 'src/simulator/index.ts',
  'simulator-cli': 'src/simulator/cli.ts',
  // The Node relay (ws; ioredis only in the cluster's chunk, loaded when `redis` is given).
  relay: 'src/relay/server/index.ts',
  // Test helpers: Node (createTestStore starts a simulator) and one per framework's provider.
  testing: 'src/testing/index.ts',
  'testing-react': 'src/testing/react.ts',
  'testing-vue': 'src/testing/vue.ts',
  'testing-angular': 'src/testing/angular.ts',
};

// Peer and runtime dependencies stay imports; users' bundlers resolve them once.
const external = (id) =>
  builtinModules.includes(id) ||
  id.startsWith('node:') ||
  /^(rxjs|immer|@aws-sdk\/|@smithy\/|react|vue|@angular\/)/.test(id) ||
  /^(ws|ioredis)(\/|$)/.test(id);

const ts = () => typescript({ tsconfig: './tsconfig.build.json' });

const dtsEntries = [
  'index',
  'react',
  'vue',
  'angular',
  'realtime',
  'devtools',
  'simulator',
  'relay',
  'testing',
  'testing-react',
  'testing-vue',
  'testing-angular',
];

/**
 * Declarations, one self-contained file per entry. The bindings, ivs-store/realtime and ivs-store/devtools
 * import the core's types as 'ivs-store' (the package itself), so a store made with the
 * core entry is the very type the bindings take, whichever way each was resolved.
 */
const coreAsPackage = {
  name: 'core-as-package',
  resolveId(source, importer) {
    if (
      source === '../index.js' &&
      importer &&
      /src\/((react|vue|angular|realtime|bindings|devtools|testing)\/[\w-]+)\.ts$/.test(importer)
    )
      return { id: 'ivs-store', external: true };
    // The relay's files too (its options name the store's types), one folder deeper.
    if (
      importer &&
      ((source === '../index.js' && /src\/relay\/[\w-]+\.ts$/.test(importer)) ||
        (source === '../../index.js' && /src\/relay\/server\/[\w-]+\.ts$/.test(importer)))
    )
      return { id: 'ivs-store', external: true };
    // The test helpers use the other entry points as the package too: their declarations
    // name the very types (IvsStore, SimulatorControl) the app's own imports do.
    const entry = importer && /src\/testing\/\w+\.ts$/.test(importer) && /^\.\.\/(\w+)\/index\.js$/.exec(source);
    if (entry) return { id: `ivs-store/${entry[1]}`, external: true };
    return null;
  },
};

/**
 * The same declarations again as .d.cts: the package is "type": "module", so TypeScript
 * reads .d.ts as ESM; a `require` of the package needs declarations that say CommonJS.
 * Each file imports only packages, never a sibling, so a copy is all it takes.
 */
const ctsCopies = {
  name: 'cts-copies',
  generateBundle(_options, bundle) {
    for (const file of Object.values(bundle)) {
      if (file.type === 'chunk')
        this.emitFile({ type: 'asset', fileName: file.fileName.replace(/\.d\.ts$/, '.d.cts'), source: file.code });
    }
  },
};

export default [
  {
    input: entries,
    external,
    plugins: [nodeResolve({ preferBuiltins: true }), json(), ts()],
    output: [
      {
        dir: 'dist',
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        sourcemap: true,
      },
      {
        dir: 'dist',
        format: 'cjs',
        entryFileNames: '[name].cjs',
        chunkFileNames: 'chunks/[name]-[hash].cjs',
        sourcemap: true,
        exports: 'named',
      },
    ],
  },
  ...dtsEntries.map((name) => ({
    input: { [name]: entries[name] },
    external: (id) => id === 'ivs-store' || id.startsWith('ivs-store/') || external(id),
    plugins: [coreAsPackage, dts({ tsconfig: './tsconfig.build.json' }), ctsCopies],
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].d.ts' },
  })),
];
