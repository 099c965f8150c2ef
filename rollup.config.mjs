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
  simulator: 'src/simulator/index.ts',
  'simulator-cli': 'src/simulator/cli.ts',
};

// Peer and runtime dependencies stay imports; users' bundlers resolve them once.
const external = (id) =>
  builtinModules.includes(id) || id.startsWith('node:') || /^(rxjs|immer|@aws-sdk\/|@smithy\/|react|vue|@angular\/)/.test(id);

const ts = () => typescript({ tsconfig: './tsconfig.build.json' });

export default [
  {
    input: entries,
    external,
    plugins: [nodeResolve({ preferBuiltins: true }), json(), ts()],
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: true },
      { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs', sourcemap: true, exports: 'named' },
    ],
  },
  {
    input: { index: entries.index, react: entries.react, vue: entries.vue, angular: entries.angular, realtime: entries.realtime, simulator: entries.simulator },
    external,
    plugins: [dts({ tsconfig: './tsconfig.build.json' })],
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: 'chunks/[name]-[hash].d.ts' },
  },
];
