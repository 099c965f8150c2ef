# relay: sourced by test/consumers/run.sh in the fixture's work copy.
no_ioredis() {
  if [ -e node_modules/ioredis ]; then
    echo "FAIL: ioredis is installed; a single relay must work without it (an optional peer)"
    exit 1
  fi
  echo "ioredis is not installed (optional: only relays sharing Redis need it)"
}
export -f no_ioredis
step "$FIXTURE: installed without ioredis" 30 no_ioredis
step "$FIXTURE: tsc strict (startRelay<Principal>, createRelay, createIvsStore({ relay }), no ivs in relay mode)" 120 ./node_modules/.bin/tsc -p tsconfig.json
if step "$FIXTURE: vite build of a relay-mode page" 300 ./node_modules/.bin/vite build --outDir dist-vite; then
  step "$FIXTURE: the page in Chromium reads through createRelay on the app's server, is refused a write, loads no AWS SDK" 90 node serve.mjs
else
  skip "$FIXTURE: the page in Chromium" "vite build failed"
fi
