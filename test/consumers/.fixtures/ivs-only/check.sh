# ivs-only: sourced by test/consumers/run.sh in the fixture's work copy.
no_realtime_sdk() {
  if [ -e node_modules/@aws-sdk/client-ivs-realtime ]; then
    echo "FAIL: @aws-sdk/client-ivs-realtime is installed; this app must build without it"
    exit 1
  fi
  echo "@aws-sdk/client-ivs-realtime is not installed (an optional peer, as it should be)"
}
export -f no_realtime_sdk
step "$FIXTURE: installed without @aws-sdk/client-ivs-realtime" 30 no_realtime_sdk

if step "$FIXTURE: vite build" 300 ./node_modules/.bin/vite build; then
  step "$FIXTURE: vite-built page works in Chromium against the simulator" 60 node run-bundle.mjs --page dist-vite
else
  skip "$FIXTURE: vite-built page in Chromium" "vite build failed"
fi
if step "$FIXTURE: rollup (node-resolve, json, commonjs)" 300 ./node_modules/.bin/rollup -c; then
  step "$FIXTURE: rollup bundle runs against the simulator" 60 node run-bundle.mjs dist-rollup/main.js
else
  skip "$FIXTURE: rollup bundle runs against the simulator" "rollup failed"
fi
if step "$FIXTURE: esbuild --bundle --splitting --format=esm" 300 ./node_modules/.bin/esbuild src/main.js --bundle --splitting --format=esm --platform=browser --outdir=dist-esbuild --log-level=warning; then
  step "$FIXTURE: esbuild bundle runs against the simulator" 60 node run-bundle.mjs dist-esbuild/main.js
else
  skip "$FIXTURE: esbuild bundle runs against the simulator" "esbuild failed"
fi
