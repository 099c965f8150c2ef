# vite-react-strict: sourced by test/consumers/run.sh in the fixture's work copy.
readme_types() {
  set -e
  node gen-snippets.mjs
  echo '$ tsc -b   (src/: the app and the README blocks, strict)'
  ./node_modules/.bin/tsc -b
  # The controls must fail: a wrapper that hid strict errors would make the check above vacuous.
  if [ "$(cat control/.count)" != 0 ]; then
    if out="$(./node_modules/.bin/tsc -p tsconfig.control.json 2>&1)"; then
      echo "FAIL: control/ (README blocks with a narrowing removed) typechecks: the wrappers hide strict errors"
      exit 1
    fi
    for f in control/*.ts*; do
      echo "$out" | grep -q "^$f(.*possibly 'undefined'" || { echo "$out"; echo "FAIL: $f failed to typecheck, but not with the expected 'possibly undefined'"; exit 1; }
    done
    echo "controls fail as they must ('possibly undefined' in each): $(echo "$out" | grep -c 'error TS') error(s)"
  fi
}
export -f readme_types
step "$FIXTURE: tsc -b (strict; README Quick start, React and Push blocks verbatim)" 300 readme_types
vite_builds() {
  set -e
  ./node_modules/.bin/vite build
  # React's development build: the one where <StrictMode> re-mounts (what developers run).
  NODE_ENV=development ./node_modules/.bin/vite build --mode development --outDir dist-dev
}
export -f vite_builds
if step "$FIXTURE: vite build (production, and --mode development)" 300 vite_builds; then
  step "$FIXTURE: <StrictMode> page shows useChannels() + useChannel() within 2 s (Chromium)" 120 node smoke.mjs
else
  skip "$FIXTURE: <StrictMode> page in Chromium" "vite build failed"
fi
