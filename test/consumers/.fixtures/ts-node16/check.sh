# ts-node16: sourced by test/consumers/run.sh in the fixture's work copy.
node gen.mjs
step "$FIXTURE: tsc, node16, CommonJS file (src/cjs.ts, type commonjs)" 300 ./node_modules/.bin/tsc -p tsconfig.node16-cjs.json
step "$FIXTURE: tsc, node16, ESM file (src/esm.mts)" 300 ./node_modules/.bin/tsc -p tsconfig.node16-esm.json
step "$FIXTURE: tsc, moduleResolution node10" 300 ./node_modules/.bin/tsc -p tsconfig.node10.json
step "$FIXTURE: tsc, moduleResolution bundler" 300 ./node_modules/.bin/tsc -p tsconfig.bundler.json
