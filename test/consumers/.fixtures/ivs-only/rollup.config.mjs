import commonjs from '@rollup/plugin-commonjs';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';

// As a browser app would bundle it: browser builds of the SDK, code splitting kept.
export default {
  input: 'src/main.js',
  plugins: [nodeResolve({ browser: true, preferBuiltins: false }), json(), commonjs()],
  output: { dir: 'dist-rollup', format: 'es' },
  // Rollup only warns about an import it cannot resolve and leaves it bare in a chunk, where
  // the browser fails on it when the chunk loads: for this check that is the failure.
  onwarn(warning, warn) {
    if (warning.code === 'UNRESOLVED_IMPORT') throw new Error(`unresolved import: ${warning.message}`);
    warn(warning);
  },
};
