# angular: sourced by test/consumers/run.sh in the fixture's work copy.
ngc_aot() {
  set -e
  node gen-readme.mjs
  ./node_modules/.bin/ngc -p tsconfig.json
}
export -f ngc_aot
step "$FIXTURE: ngc -p tsconfig.json (AOT, strictTemplates; README Angular block verbatim)" 300 ngc_aot
