# vue: sourced by test/consumers/run.sh in the fixture's work copy.
vue_tsc() {
  set -e
  node gen-readme.mjs
  ./node_modules/.bin/vue-tsc --noEmit -p tsconfig.json
}
export -f vue_tsc
step "$FIXTURE: vue-tsc --noEmit (strict, strictTemplates; README Vue block verbatim)" 300 vue_tsc
step "$FIXTURE: vite build" 300 ./node_modules/.bin/vite build
