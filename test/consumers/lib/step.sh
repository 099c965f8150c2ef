# Sourced by run.sh (and so by every fixture's check.sh): run one check, time it, log it,
# print one line, record the result. Needs WORK, RESULTS, FIXTURES, LIB.

# step LABEL TIMEOUT_S COMMAND [ARGS...]: COMMAND may be a program or an exported function.
# Prints "✔ LABEL (1.2s)" or "✘ LABEL (1.2s)" and, on failure, the end of its output.
step() {
  local label="$1" limit="$2"; shift 2
  local slug log t0 t1 rc secs
  slug="$(printf '%s' "$label" | tr -c 'A-Za-z0-9._-' '_' | cut -c1-80)"
  log="$WORK/logs/$slug.log"
  t0=$(date +%s%N)
  # timeout runs the command in a process group of its own and ends the whole group
  # (Chromium, servers) when the limit is reached.
  timeout -k 10 "$limit" bash -c '"$@"' step "$@" </dev/null >"$log" 2>&1
  rc=$?
  t1=$(date +%s%N)
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
  if [ "$rc" -eq 0 ]; then
    printf '✔ %s (%ss)\n' "$label" "$secs"
    printf 'pass\t%s\t%s\n' "$label" "$secs" >>"$RESULTS"
  else
    [ "$rc" -eq 124 ] && echo "timed out after ${limit}s" >>"$log"
    printf '✘ %s (%ss)\n' "$label" "$secs"
    # The end of the output, where every check prints the lines that say what went wrong.
    sed -e 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log" | grep -v -e '^[[:space:]]*$' -e '^[[:space:]]*at .*[:(].*[0-9])\?$' | tail -n "${CONSUMERS_TAIL:-30}" | cut -c1-400 | sed 's/^/    /'
    printf '    (full log: %s)\n' "$log"
    printf 'fail\t%s\t%s\n' "$label" "$secs" >>"$RESULTS"
  fi
  return "$rc"
}

# skip LABEL REASON: a check that could not run because one it needs failed.
skip() {
  printf -- '- %s (skipped: %s)\n' "$1" "$2"
  printf 'skip\t%s\t0\n' "$1" >>"$RESULTS"
}

npm_install() {
  npm install --no-audit --no-fund --prefer-offline
}
export -f npm_install

# run_fixture NAME: a fresh copy of .fixtures/NAME in $WORK/NAME (keeping node_modules from
# an earlier run in a kept work dir), the tarball and its peers installed, then check.sh.
run_fixture() {
  local name="$1" dir="$WORK/$1"
  if [ -d "$dir/node_modules" ]; then
    mv "$dir/node_modules" "$WORK/.node_modules-$name"
  fi
  rm -rf "$dir"
  cp -R "$FIXTURES/$name" "$dir"
  if [ -d "$WORK/.node_modules-$name" ]; then
    mv "$WORK/.node_modules-$name" "$dir/node_modules"
    rm -rf "$dir/node_modules/ivs-store" # the tarball changes from run to run
  fi
  rm -f "$dir/package-lock.json"
  if ! (cd "$dir" && step "$name: npm install" 600 npm_install); then
    skip "$name: checks" "install failed"
    return 1
  fi
  FIXTURE="$name" FIXTURE_DIR="$dir" bash -c 'cd "$FIXTURE_DIR" && source "$LIB/step.sh" && source ./check.sh'
}

# summary: the closing line; fails when any check failed.
summary() {
  local passed failed skipped
  passed=$(grep -c '^pass' "$RESULTS")
  failed=$(grep -c '^fail' "$RESULTS")
  skipped=$(grep -c '^skip' "$RESULTS")
  if [ "$skipped" -gt 0 ]; then
    echo "consumers: $passed passed, $failed failed, $skipped skipped"
  else
    echo "consumers: $passed passed, $failed failed"
  fi
  [ "$failed" -eq 0 ]
}
